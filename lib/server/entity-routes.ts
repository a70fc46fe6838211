import 'server-only';
import { getConfig } from '../config';
import { API } from '../contracts/api';
import {
  entityTargetSchema,
  type Dashboard,
  type EntityDetails,
  type EntityKind,
} from '../contracts/entities';
import { loadDashboard } from './dashboards';
import { loadEntity } from './entities';
import { backendsFor } from './identity';
import { kubeForCluster } from '../kube/clusters';
import { isUpstreamError } from '../upstream/errors';
import { apiRoute, BadRequestError, json, NotFoundError, parseParams, parseQuery } from './route';

type Params<K extends EntityKind> = { namespace: string } & Record<K, string>;

/** The target of `/api/namespaces/{namespace}/{kind}s/{name}…`, validated. */
async function targetOf<K extends EntityKind>(
  kind: K,
  context: { params: Promise<Params<K>> },
): Promise<{ namespace: string; name: string }> {
  const raw = await context.params;
  return parseParams({ namespace: raw.namespace, name: raw[kind] }, entityTargetSchema);
}

/** The GET handler of an app's, workload's or service's details. */
export function entityRoute<K extends EntityKind>(route: string, kind: K) {
  return apiRoute(route, async (request: Request, context: { params: Promise<Params<K>> }) => {
    const target = await targetOf(kind, context);
    const { cluster } = parseQuery(request, API.workload.query);
    const kube = kubeForCluster(await backendsFor(request), cluster);
    const details = await loadEntity(kube, kind, target, { signal: request.signal });
    return json(details satisfies EntityDetails);
  });
}

/** The GET handler of an app's, workload's or service's inbound or outbound dashboard. */
export function dashboardRoute<K extends EntityKind>(route: string, kind: K) {
  return apiRoute(route, async (request: Request, context: { params: Promise<Params<K>> }) => {
    const target = await targetOf(kind, context);
    const params = parseQuery(request, API.workloadMetrics.query);
    const { prometheus } = await backendsFor(request);
    const dashboard = await loadDashboard(
      prometheus,
      getConfig().queryLinks,
      { kind, ...target, cluster: params.cluster },
      params,
      { nowSec: Math.floor(Date.now() / 1000), signal: request.signal },
    );
    return json(dashboard satisfies Dashboard);
  });
}

/**
 * The GET handler of a container's log: the Kubernetes API's text passed through as it comes
 * (with `follow`, until the browser goes away). The pod or container being wrong is the
 * caller's mistake (404, 400), said in the API server's words.
 */
export function podLogRoute(route: string) {
  return apiRoute(
    route,
    async (request: Request, context: { params: Promise<{ namespace: string; pod: string }> }) => {
      const { namespace, pod } = parseParams(await context.params, API.podLog.pathParams);
      const params = parseQuery(request, API.podLog.query);
      const kube = kubeForCluster(await backendsFor(request), params.cluster);
      try {
        const stream = await kube.streamPodLog(namespace, pod, params, { signal: request.signal });
        return new Response(stream, {
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'cache-control': 'no-store',
            // Proxies in front of Meshlens must pass a followed log on at once.
            'x-accel-buffering': 'no',
          },
        });
      } catch (error) {
        if (isUpstreamError(error) && error.status === 404) throw new NotFoundError(error.message);
        if (isUpstreamError(error) && (error.status === 400 || error.status === 422))
          throw new BadRequestError(error.message);
        throw error;
      }
    },
  );
}
