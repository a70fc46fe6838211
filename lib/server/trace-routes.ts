import 'server-only';
import { getConfig } from '../config';
import { traceSearchParamsSchema, traceTargetSchema, type TraceList } from '../contracts/traces';
import { backendsFor } from './identity';
import { apiRoute, json, parseParams, parseQuery } from './route';
import { searchTraces, type TraceDeps } from './traces';

/** The trace search dependencies from the process-wide backends and configuration. */
export async function traceDeps(request: Request): Promise<TraceDeps> {
  const { tracing, kube } = await backendsFor(request);
  const config = getConfig().tracing;
  return { tracing, kube, serviceTemplate: config.serviceTemplate, uiUrl: config.uiUrl };
}

/** The GET handler of `/api/namespaces/{ns}/{services|workloads}/{name}/traces`. */
export function traceSearchRoute<K extends 'service' | 'workload'>(route: string, kind: K) {
  type Params = { namespace: string } & Record<K, string>;
  return apiRoute(route, async (request: Request, context: { params: Promise<Params> }) => {
    const raw = await context.params;
    const target = parseParams({ namespace: raw.namespace, name: raw[kind] }, traceTargetSchema);
    const params = parseQuery(request, traceSearchParamsSchema);
    const list = await searchTraces(await traceDeps(request), { kind, ...target }, params, {
      nowMs: Date.now(),
      signal: request.signal,
    });
    return json(list satisfies TraceList);
  });
}
