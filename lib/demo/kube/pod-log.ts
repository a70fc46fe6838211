/**
 * `GET /api/v1/namespaces/{namespace}/pods/{name}/log`: the pod-log subresource, as the real
 * API server validates it (the pod must exist; a pod of several containers needs `container`;
 * `tailLines` ≥ 0, `sinceSeconds` ≥ 1, `limitBytes` ≥ 1) and authorizes it (`get` on
 * `pods/log`). The lines themselves come from the demo's simulated containers.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#get-read-log-of-the-specified-pod
 */
import { authenticate, authorize, forbiddenMessage, impersonate, type DemoAuth } from './auth';
import { resourceTypeOf } from './resources';
import { badRequest, KubeStatusError } from './status';
import type { ObjectStore } from './store';
import type { KubeRequest, KubeResponse } from './api';

const LOG_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/;

/** What a valid log request asks for. */
export interface PodLogQuery {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  timestamps: boolean;
  tailLines: number | undefined;
  sinceSeconds: number | undefined;
  limitBytes: number | undefined;
}

/** Whether a request is for the pod-log subresource (everything else goes to the store). */
export const isPodLogPath = (url: string): boolean =>
  LOG_PATH.test(new URL(url, 'http://localhost').pathname);

/**
 * Checks a pod-log request: its query, or the `Status` the API server would answer with.
 * `containersOf` names the containers of a pod the demo simulates.
 */
export function checkPodLogRequest(
  store: ObjectStore,
  request: KubeRequest,
  containersOf: (pod: string) => string[] | undefined,
  auth?: DemoAuth,
): PodLogQuery | KubeResponse {
  try {
    const url = new URL(request.url, 'http://localhost');
    const [, namespace = '', pod = ''] = (LOG_PATH.exec(url.pathname) ?? []).map(
      decodeURIComponent,
    );
    if (request.method.toUpperCase() !== 'GET')
      throw new KubeStatusError(
        405,
        'MethodNotAllowed',
        `${request.method} is not allowed on pods/log`,
      );
    if (auth) {
      const caller = authenticate(auth, request.headers.authorization);
      if (!caller) throw new KubeStatusError(401, 'Unauthorized', 'Unauthorized');
      const user = impersonate(auth, caller, request.headers, request.impersonateGroups);
      if (typeof user === 'string') throw new KubeStatusError(403, 'Forbidden', user);
      const attributes = { verb: 'get', group: '', resource: 'pods/log', namespace, name: pod };
      if (!authorize(auth, user, attributes))
        throw new KubeStatusError(403, 'Forbidden', forbiddenMessage(user, attributes));
    }
    // Throws the API server's 404 when the pod is gone.
    store.get(resourceTypeOf('Pod'), namespace, pod);
    const containers = containersOf(pod) ?? [];
    const query = url.searchParams;
    const asked = query.get('container') ?? '';
    const container = asked || (containers.length === 1 ? containers[0] : undefined);
    if (container === undefined)
      throw badRequest(
        `a container name must be specified for pod ${pod}, choose one of: [${containers.join(' ')}]`,
      );
    if (!containers.includes(container))
      throw badRequest(`container ${container} is not valid for pod ${pod}`);
    return {
      namespace,
      pod,
      container,
      follow: isTrue(query.get('follow')),
      timestamps: isTrue(query.get('timestamps')),
      tailLines: integerParam(query, 'tailLines', 0),
      sinceSeconds: integerParam(query, 'sinceSeconds', 1),
      limitBytes: integerParam(query, 'limitBytes', 1),
    };
  } catch (error) {
    if (error instanceof KubeStatusError) return { status: error.code, body: error.toStatus() };
    throw error;
  }
}

const isTrue = (value: string | null): boolean => value === 'true' || value === '1';

function integerParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value))
    throw badRequest(`${name}: Invalid value: "${text}": must be an integer`);
  if (value < min)
    throw new KubeStatusError(
      422,
      'Invalid',
      `PodLogOptions "" is invalid: ${name}: Invalid value: ${value}: must be greater than or equal to ${min}`,
    );
  return value;
}
