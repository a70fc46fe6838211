import {
  authenticate,
  impersonate,
  authorize,
  forbiddenMessage,
  type DemoAuth,
  type DemoUser,
  type ResourceAttributes,
} from './auth';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery';
import { findResourceType, groupVersion, type ResourceType } from './resources';
import { badRequest, KubeStatusError, methodNotAllowed, resourceNotFound } from './status';
import type { KubeObject, ObjectStore } from './store';
import { toTable, wantsTable } from './table';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A request, already read from the socket. */
export interface KubeRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/namespaces?labelSelector=a%3Db`. */
  url: string;
  headers: Readonly<Record<string, string | undefined>>;
  /** Raw body text; empty when there is none. */
  body: string;
  /** Each `Impersonate-Group` header line (HTTP joins repeated lines in `headers`). */
  impersonateGroups?: readonly string[];
}

export interface KubeResponse {
  status: number;
  body: unknown;
}

interface Target {
  type: ResourceType;
  version: string;
  namespace: string | undefined;
  name: string | undefined;
}

/**
 * Routes one request of the Kubernetes API subset to discovery or the object store.
 * Paths follow the real API: `/api/v1/...` for the core group, `/apis/{group}/{version}/...`
 * for the others; namespaced resources under `namespaces/{ns}/`.
 */
export function handleKubeRequest(
  store: ObjectStore,
  request: KubeRequest,
  now: Date,
  serverAddress: string,
  auth?: DemoAuth,
): KubeResponse {
  try {
    const url = new URL(request.url, 'http://localhost');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // Like a real cluster, /version and /healthz are public; everything else needs a user.
    let user: DemoUser | undefined;
    if (auth && !['version', 'healthz'].includes(segments.join('/'))) {
      const caller = authenticate(auth, request.headers.authorization);
      if (!caller) throw new KubeStatusError(401, 'Unauthorized', 'Unauthorized');
      const acting = impersonate(auth, caller, request.headers, request.impersonateGroups);
      if (typeof acting === 'string') throw new KubeStatusError(403, 'Forbidden', acting);
      user = acting;
    }
    if (segments.join('/') === 'apis/authorization.k8s.io/v1/selfsubjectaccessreviews')
      return selfSubjectAccessReview(request, auth, user);
    const discovery = discover(segments, serverAddress);
    if (discovery !== undefined) {
      if (request.method !== 'GET')
        throw new KubeStatusError(
          405,
          'MethodNotAllowed',
          `${request.method} is not allowed on ${url.pathname}`,
        );
      return { status: 200, body: discovery };
    }
    const target = resolve(segments);
    if (!target) throw resourceNotFound();
    if (auth && user) {
      const attributes = attributesOf(request.method, url.searchParams, target);
      if (!authorize(auth, user, attributes))
        throw new KubeStatusError(403, 'Forbidden', forbiddenMessage(user, attributes));
    }
    return dispatch(store, request, url.searchParams, target, now);
  } catch (error) {
    if (error instanceof KubeStatusError) return { status: error.code, body: error.toStatus() };
    throw error;
  }
}

/** The verb a request needs, as the API server derives it from the method. */
function attributesOf(method: string, query: URLSearchParams, target: Target): ResourceAttributes {
  const m = method.toUpperCase();
  const verb =
    m === 'GET'
      ? target.name === undefined
        ? ['true', '1'].includes(query.get('watch') ?? '')
          ? 'watch'
          : 'list'
        : 'get'
      : ((
          { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<
            string,
            string
          >
        )[m] ?? m.toLowerCase());
  return {
    verb,
    group: target.type.group,
    resource: target.type.plural,
    namespace: target.namespace,
    name: target.name,
  };
}

/** `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: may I do this? */
function selfSubjectAccessReview(
  request: KubeRequest,
  auth: DemoAuth | undefined,
  user: DemoUser | undefined,
): KubeResponse {
  if (request.method.toUpperCase() !== 'POST')
    throw new KubeStatusError(
      405,
      'MethodNotAllowed',
      `${request.method} is not allowed on selfsubjectaccessreviews`,
    );
  const body = parseBody(request) as {
    spec?: { resourceAttributes?: Partial<ResourceAttributes> };
  };
  const a = body.spec?.resourceAttributes;
  if (!a?.verb || a.resource === undefined)
    throw badRequest('spec.resourceAttributes with verb and resource is required');
  const attributes: ResourceAttributes = {
    verb: a.verb,
    group: a.group ?? '',
    resource: a.resource,
    namespace: a.namespace || undefined,
    name: a.name,
  };
  const allowed = !auth || (user !== undefined && authorize(auth, user, attributes));
  return {
    status: 201,
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: body.spec,
      status: { allowed, ...(allowed ? {} : { reason: 'no RBAC rule grants it' }) },
    },
  };
}

function discover(segments: string[], serverAddress: string): unknown {
  const path = segments.join('/');
  if (path === 'version') return versionInfo();
  if (path === 'api') return apiVersions(serverAddress);
  if (path === 'apis') return apiGroupList();
  if (segments[0] === 'api' && segments.length === 2)
    return apiResourceList('', segments[1] ?? '') ?? notServed();
  if (segments[0] === 'apis' && segments.length === 2)
    return apiGroup(segments[1] ?? '') ?? notServed();
  if (segments[0] === 'apis' && segments.length === 3) {
    return apiResourceList(segments[1] ?? '', segments[2] ?? '') ?? notServed();
  }
  return undefined;
}

const notServed = (): never => {
  throw resourceNotFound();
};

/** `[...prefix, plural]`, `[..., plural, name]`, `[..., 'namespaces', ns, plural, name?]`. */
function resolve(segments: string[]): Target | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length > 2) {
    [group, version, rest] = ['', segments[1] ?? '', segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length > 3) {
    [group, version, rest] = [segments[1] ?? '', segments[2] ?? '', segments.slice(3)];
  } else {
    return undefined;
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const type = findResourceType(group, version, rest[2] ?? '');
    if (!type?.namespaced || rest.length > 4) return undefined;
    return { type, version, namespace: rest[1], name: rest[3] };
  }
  if (rest.length > 2) return undefined;
  const type = findResourceType(group, version, rest[0] ?? '');
  if (!type) return undefined;
  // A namespaced type without a namespace is a list across all namespaces; no item access.
  if (type.namespaced && rest.length === 2) return undefined;
  return { type, version, namespace: undefined, name: rest[1] };
}

function parseBody(request: KubeRequest): unknown {
  if (request.body.trim() === '') throw badRequest('the request body is empty');
  try {
    return JSON.parse(request.body);
  } catch {
    throw badRequest('the request body is not valid JSON (this API accepts JSON only)');
  }
}

/** Who writes: `fieldManager`, else the user agent's product (`kubectl-client-side-apply`…). */
function fieldManagerOf(
  query: URLSearchParams,
  headers: Readonly<Record<string, unknown>>,
): string {
  const named = query.get('fieldManager');
  if (named) return named;
  const agent = typeof headers['user-agent'] === 'string' ? headers['user-agent'] : '';
  return agent.split('/')[0]?.trim() || 'unknown';
}

function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const value of values)
    if (value !== 'All')
      throw badRequest(
        `unsupported dry run setting ${JSON.stringify(value)}: only All is supported`,
      );
  return values.length > 0;
}

function dispatch(
  store: ObjectStore,
  request: KubeRequest,
  query: URLSearchParams,
  target: Target,
  now: Date,
): KubeResponse {
  const { type, version, namespace, name } = target;
  const render = (o: KubeObject): KubeObject => store.render(type, version, o);
  const method = request.method.toUpperCase();
  const isWrite = method !== 'GET';
  const limitedPatch = method === 'PATCH' && name !== undefined && type.patchable !== undefined;
  if (isWrite && !type.writable && !limitedPatch) throw methodNotAllowed(method, type);
  if (limitedPatch && !type.writable) {
    // Only what the type lets change may change: try it first, then keep it.
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
    const body = parseBody(request);
    const current = store.get(type, namespace, name);
    const tried = store.patch(type, namespace, name, contentType, body, { dryRun: true });
    const withTemplate = type.patchable === 'metadataAndTemplate';
    const fixed = (o: KubeObject) =>
      JSON.stringify({
        ...o,
        // A new template is a new generation, as on a real server.
        metadata: {
          ...o.metadata,
          annotations: undefined,
          labels: undefined,
          generation: withTemplate ? undefined : o.metadata.generation,
        },
        spec: withTemplate && isObject(o.spec) ? { ...o.spec, template: undefined } : o.spec,
      });
    if (fixed(tried) !== fixed(current))
      throw new KubeStatusError(
        422,
        'Invalid',
        `${type.kind} ${name} is fixed in the Meshlens demo API: only metadata.annotations and metadata.labels${withTemplate ? ' and spec.template' : ''} may change`,
      );
    if (dryRunOf(query)) return { status: 200, body: render(tried) };
    return {
      status: 200,
      body: render(
        store.patch(type, namespace, name, contentType, body, {
          fieldManager: fieldManagerOf(query, request.headers),
        }),
      ),
    };
  }

  if (name === undefined) {
    if (method === 'GET') {
      if (['true', '1'].includes(query.get('watch') ?? '')) {
        throw new KubeStatusError(
          405,
          'MethodNotAllowed',
          'watch is not supported by the Meshlens demo API',
        );
      }
      const items = store.list(type, namespace, {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
      });
      const resourceVersion = store.currentRevision();
      if (wantsTable(request.headers.accept))
        return { status: 200, body: toTable(type, items, resourceVersion, now) };
      return {
        status: 200,
        body: {
          apiVersion: groupVersion(type.group, version),
          kind: `${type.kind}List`,
          metadata: { resourceVersion },
          items: items.map(render),
        },
      };
    }
    if (method === 'POST') {
      if (namespace === undefined && type.namespaced) throw methodNotAllowed(method, type);
      return {
        status: 201,
        body: render(
          store.create(type, namespace, parseBody(request), {
            dryRun: dryRunOf(query),
            fieldManager: fieldManagerOf(query, request.headers),
          }),
        ),
      };
    }
    throw methodNotAllowed(method, type);
  }

  switch (method) {
    case 'GET': {
      const object = store.get(type, namespace, name);
      if (wantsTable(request.headers.accept)) {
        return { status: 200, body: toTable(type, [object], store.currentRevision(), now) };
      }
      return { status: 200, body: render(object) };
    }
    case 'PUT':
      return {
        status: 200,
        body: render(
          store.update(type, namespace, name, parseBody(request), {
            dryRun: dryRunOf(query),
            fieldManager: fieldManagerOf(query, request.headers),
          }),
        ),
      };
    case 'PATCH': {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      return {
        status: 200,
        body: render(
          store.patch(type, namespace, name, contentType, parseBody(request), {
            dryRun: dryRunOf(query),
            fieldManager: fieldManagerOf(query, request.headers),
          }),
        ),
      };
    }
    case 'DELETE': {
      const options =
        request.body.trim() === ''
          ? {}
          : (parseBody(request) as { preconditions?: { resourceVersion?: string; uid?: string } });
      const deleted = store.delete(type, namespace, name, options.preconditions ?? {}, {
        dryRun: dryRunOf(query),
      });
      return { status: 200, body: render(deleted) };
    }
    default:
      throw methodNotAllowed(method, type);
  }
}
