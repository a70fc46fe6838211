import { z } from 'zod';
import { loginSchema, sessionSchema } from './auth';
import { changesParamsSchema, changesResponseSchema } from './changes';
import { graphResponseSchema } from './graph';
import {
  edgeDetailsParamsSchema,
  edgeDetailsSchema,
  nodeSeriesParamsSchema,
  nodeSeriesSchema,
} from './graph-details';
import { graphLimitsSchema } from './graph-limits';
import { graphParamsSchema } from './graph-params';
import { latencyParamsSchema, latencyResponseSchema } from './latency';
import { namespacesResponseSchema } from './namespaces';
import { overviewParamsSchema, overviewSchema } from './overview';
import { readinessSchema } from './readiness';
import {
  routingApplySchema,
  routingPreviewSchema,
  routingClusterSchema,
  routingQuerySchema,
  routingResponseSchema,
} from './routing';
import { routingWriteSchema } from './routing-model';
import {
  configObjectSchema,
  configObjectTargetSchema,
  istioConfigParamsSchema,
  istioConfigResponseSchema,
} from './istio-config';
import {
  dashboardParamsSchema,
  dashboardSchema,
  entityDetailsSchema,
  entityQuerySchema,
  serviceListParamsSchema,
  serviceListSchema,
  podLogParamsSchema,
  podLogTargetSchema,
} from './entities';
import {
  traceListSchema,
  traceParamsSchema,
  traceResponseSchema,
  traceSearchParamsSchema,
  traceTargetSchema,
} from './traces';

/** One route of our API: how it is called and what it answers. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** With `{name}` for each path parameter: also the route's label in our own metrics. */
  path: string;
  /** The path parameters, by the names in `path`. */
  pathParams?: z.ZodType;
  /** The query string, one value per parameter. */
  query?: z.ZodType;
  body?: z.ZodType;
  /** The 200 answer's JSON; `text` for the one route that answers plain text. */
  response: z.ZodType | 'text';
}

/** A routing route's path parameters. */
const serviceParams = z.object({
  namespace: traceTargetSchema.shape.namespace,
  service: traceTargetSchema.shape.name,
});
const okSchema = z.object({ status: z.literal('ok') });
const entityParams = <K extends string>(key: K) =>
  z.object({
    namespace: traceTargetSchema.shape.namespace,
    [key]: traceTargetSchema.shape.name,
  } as { namespace: typeof traceTargetSchema.shape.namespace } & Record<
    K,
    typeof traceTargetSchema.shape.name
  >);
const workloadParams = entityParams('workload');
const appParams = entityParams('app');

/**
 * Every route of Meshlens' API. Handlers parse with these schemas and label their metrics with
 * these paths, the browser builds its URLs with {@link apiPath} and validates answers with
 * them, and a test checks the table against the route files (`lib/contracts/api.test.ts`).
 */
export const API = {
  healthz: { method: 'GET', path: '/api/healthz', response: okSchema },
  readyz: { method: 'GET', path: '/api/readyz', response: readinessSchema },
  metrics: { method: 'GET', path: '/api/metrics', response: 'text' },
  session: { method: 'GET', path: '/api/auth/session', response: sessionSchema },
  login: { method: 'POST', path: '/api/auth/login', body: loginSchema, response: sessionSchema },
  logout: { method: 'POST', path: '/api/auth/logout', response: sessionSchema },
  namespaces: { method: 'GET', path: '/api/namespaces', response: namespacesResponseSchema },
  istioConfig: {
    method: 'GET',
    path: '/api/istio',
    query: istioConfigParamsSchema,
    response: istioConfigResponseSchema,
  },
  istioObject: {
    method: 'GET',
    path: '/api/istio/{namespace}/{kind}/{name}',
    pathParams: configObjectTargetSchema,
    response: configObjectSchema,
  },
  overview: {
    method: 'GET',
    path: '/api/overview',
    query: overviewParamsSchema,
    response: overviewSchema,
  },
  graph: {
    method: 'GET',
    path: '/api/graph',
    query: graphParamsSchema,
    response: graphResponseSchema,
  },
  graphLimits: { method: 'GET', path: '/api/graph/limits', response: graphLimitsSchema },
  graphNode: {
    method: 'GET',
    path: '/api/graph/node',
    query: nodeSeriesParamsSchema,
    response: nodeSeriesSchema,
  },
  graphEdge: {
    method: 'GET',
    path: '/api/graph/edge',
    query: edgeDetailsParamsSchema,
    response: edgeDetailsSchema,
  },
  latency: {
    method: 'GET',
    path: '/api/latency',
    query: latencyParamsSchema,
    response: latencyResponseSchema,
  },
  changes: {
    method: 'GET',
    path: '/api/changes',
    query: changesParamsSchema,
    response: changesResponseSchema,
  },
  routing: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/services/{service}/routing',
    pathParams: serviceParams,
    query: routingQuerySchema,
    response: routingResponseSchema,
  },
  routingApply: {
    method: 'PUT',
    path: '/api/namespaces/{namespace}/services/{service}/routing',
    pathParams: serviceParams,
    query: routingClusterSchema,
    body: routingWriteSchema,
    response: routingApplySchema,
  },
  routingPreview: {
    method: 'POST',
    path: '/api/namespaces/{namespace}/services/{service}/routing/preview',
    pathParams: serviceParams,
    query: routingClusterSchema,
    body: routingWriteSchema,
    response: routingPreviewSchema,
  },
  serviceTraces: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/services/{service}/traces',
    pathParams: serviceParams,
    query: traceSearchParamsSchema,
    response: traceListSchema,
  },
  services: {
    method: 'GET',
    path: '/api/services',
    query: serviceListParamsSchema,
    response: serviceListSchema,
  },
  app: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/apps/{app}',
    pathParams: appParams,
    query: entityQuerySchema,
    response: entityDetailsSchema,
  },
  workload: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/workloads/{workload}',
    pathParams: workloadParams,
    query: entityQuerySchema,
    response: entityDetailsSchema,
  },
  service: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/services/{service}',
    pathParams: serviceParams,
    query: entityQuerySchema,
    response: entityDetailsSchema,
  },
  appMetrics: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/apps/{app}/metrics',
    pathParams: appParams,
    query: dashboardParamsSchema,
    response: dashboardSchema,
  },
  workloadMetrics: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/workloads/{workload}/metrics',
    pathParams: workloadParams,
    query: dashboardParamsSchema,
    response: dashboardSchema,
  },
  serviceMetrics: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/services/{service}/metrics',
    pathParams: serviceParams,
    query: dashboardParamsSchema,
    response: dashboardSchema,
  },
  podLog: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/pods/{pod}/log',
    pathParams: podLogTargetSchema,
    query: podLogParamsSchema,
    response: 'text',
  },
  workloadTraces: {
    method: 'GET',
    path: '/api/namespaces/{namespace}/workloads/{workload}/traces',
    pathParams: workloadParams,
    query: traceSearchParamsSchema,
    response: traceListSchema,
  },
  trace: {
    method: 'GET',
    path: '/api/traces/{traceId}',
    pathParams: traceParamsSchema,
    response: traceResponseSchema,
  },
} as const satisfies Record<string, ApiRoute>;

export type ApiRouteName = keyof typeof API;

/** The names of a path's `{parameters}`. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParams<Rest>
  : never;

/**
 * A route's URL (without the base path): each `{parameter}` filled with its value, encoded,
 * then the query string. Values come typed from the caller; the server validates them again.
 */
export function apiPath<P extends string>(
  route: { path: P },
  params: Record<PathParams<P>, string>,
  query?: URLSearchParams | Record<string, string> | string,
): string {
  const values = params as Record<string, string>;
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const search = query === undefined ? '' : new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}
