import { spanFromWorkload, traceHops, waypointSpanInto } from './istio';
import type { Span, Trace, TraceQuery, TraceSummary } from './model';

/**
 * The pure parts of a trace search: which tracing service a mesh entity is, what a search
 * through a workload or an edge keeps of what the backend answers, and the same search in
 * Jaeger UI. (lib/server/traces.ts asks the backends.)
 */

/** A graph entity whose traces are searched. */
export interface TraceTarget {
  kind: 'service' | 'workload';
  namespace: string;
  name: string;
}

/** The tracing service name of a mesh service or app, from the configured template. */
export function tracingServiceName(template: string, service: string, namespace: string): string {
  return template.replaceAll('{service}', service).replaceAll('{namespace}', namespace);
}

/** Jaeger UI's search page for the same query. */
export function jaegerSearchUrl(uiUrl: string, query: TraceQuery): string {
  const url = new URL(`${uiUrl.replace(/\/+$/, '')}/search`);
  url.searchParams.set('service', query.service);
  url.searchParams.set('start', String(query.startUs));
  url.searchParams.set('end', String(query.endUs));
  url.searchParams.set('limit', String(query.limit));
  url.searchParams.set('lookback', 'custom');
  if (query.minDurationUs !== undefined)
    url.searchParams.set('minDuration', `${query.minDurationUs}us`);
  const tags = { ...query.tags, ...(query.errorsOnly ? { error: 'true' } : {}) };
  if (Object.keys(tags).length) url.searchParams.set('tags', JSON.stringify(tags));
  return url.toString();
}

/** The `limit` newest of some traces, newest first. */
export const newestTraces = (traces: Map<string, TraceSummary>, limit: number): TraceSummary[] =>
  [...traces.values()].sort((a, b) => b.startUs - a.startUs).slice(0, limit);

/**
 * The filter a search needs beyond the backend's, or undefined when it needs none. Through a
 * waypoint (Istio ambient), the tracing service is the waypoint's, and the spans kept are
 * those of requests it carried to or from the target.
 */
export function traceFilter(
  target: TraceTarget,
  service: string,
  from: string | undefined,
  throughWaypoint = false,
): ((trace: Trace) => boolean) | undefined {
  const ofTarget =
    target.kind === 'workload'
      ? (s: Span) => spanFromWorkload(s, target.namespace, target.name)
      : (s: Span) => waypointSpanInto(s, target.namespace, target.name);
  const inTarget = (trace: Trace) => trace.spans.some((s) => s.service === service && ofTarget(s));
  if (!from) return target.kind === 'workload' || throughWaypoint ? inTarget : undefined;
  const [fromNamespace, fromWorkload] = from.split('/');
  return (trace) =>
    traceHops(trace).some(
      (hop) =>
        hop.source.namespace === fromNamespace &&
        hop.source.workload === fromWorkload &&
        (target.kind === 'workload'
          ? hop.destination?.namespace === target.namespace &&
            hop.destination.workload === target.name
          : hop.service?.namespace === target.namespace && hop.service.name === target.name),
    );
}
