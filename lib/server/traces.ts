import 'server-only';
import type { TraceList, TraceResponse, TraceSearchParams } from '../contracts/traces';
import type { KubeClient } from '../kube/client';
import type { Labels } from '../kube/types';
import type { Trace, TraceQuery, TraceSummary } from '../traces/model';
import {
  jaegerSearchUrl,
  newestTraces,
  traceFilter,
  tracingServiceName,
  type TraceTarget,
} from '../traces/search';
import { summariseTrace } from '../traces/tree';
import { TRACING_API_LABEL, type TracingClient } from '../tracing/client';
import { UPSTREAM_LABEL } from '../upstream/errors';
import { BackendUnconfiguredError, BadRequestError, NotFoundError } from './route';

/** How far ahead of now a search may end (clock skew between browser and server). */
const MAX_FUTURE_SEC = 86_400;

export interface TraceDeps {
  tracing: TracingClient | undefined;
  kube: KubeClient;
  /** `{service}.{namespace}` by default: how Istio names a proxy's tracing service. */
  serviceTemplate: string;
  uiUrl: string | undefined;
}

/** How many traces to fetch whole per page when we filter them ourselves (by pod or caller). */
const FILTER_PAGE_FACTOR = 4;
const MIN_FILTER_PAGE = 100;
/** A filtered search stops fetching pages once it has read this many traces. */
const MAX_FILTER_DEPTH = 2000;

function requireTracing(deps: TraceDeps): TracingClient {
  if (!deps.tracing)
    throw new BackendUnconfiguredError(
      `${UPSTREAM_LABEL.tracing}: not configured. Set TRACING_URL to a Jaeger or Tempo query service.`,
      'tracing',
    );
  return deps.tracing;
}

/** The canonical service (app) of a workload, from Kubernetes: Istio's label, else `app`. */
async function appOfWorkload(
  kube: KubeClient,
  target: TraceTarget,
  signal: AbortSignal | undefined,
): Promise<{ app: string; warning?: string }> {
  try {
    const deployment = (await kube.listDeployments(target.namespace, { signal })).find(
      (d) => d.name === target.name,
    );
    const labels = deployment?.templateLabels ?? {};
    const app =
      labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels.app;
    if (app) return { app };
    return {
      app: target.name,
      warning: `Workload ${target.name} has no app label; searched traces of ${target.name}.`,
    };
  } catch (error) {
    return {
      app: target.name,
      warning: `Could not read workload ${target.name} from Kubernetes (${error instanceof Error ? error.message : String(error)}); searched traces of ${target.name}.`,
    };
  }
}

/** Istio's label naming the waypoint that carries requests into a namespace, Service or pod. */
const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';

/**
 * The waypoint an ambient target's requests pass, from `istio.io/use-waypoint` on its Service
 * (for a service) or its namespace; undefined when none (or `none`) is set, or Kubernetes
 * cannot say, in which case the target is searched as a sidecar's.
 */
async function waypointOf(
  kube: KubeClient,
  target: TraceTarget,
  signal: AbortSignal | undefined,
): Promise<{ name: string; namespace: string } | undefined> {
  const labelled = async (): Promise<Labels | undefined> => {
    if (target.kind === 'service') {
      const service = (await kube.listServices(target.namespace, { signal })).find(
        (s) => s.name === target.name,
      );
      if (service?.labels[USE_WAYPOINT]) return service.labels;
    }
    return (await kube.listNamespaces({ signal })).find((n) => n.name === target.namespace)?.labels;
  };
  const labels = await labelled().catch(() => undefined);
  const name = labels?.[USE_WAYPOINT];
  if (!name || name === 'none') return undefined;
  return { name, namespace: labels[USE_WAYPOINT_NAMESPACE] ?? target.namespace };
}

/**
 * Traces through a service or workload. A service maps straight to a tracing service; a
 * workload's spans are told apart by their proxy's pod (Envoy's `node_id` or `hostname`), and
 * an edge's by a call from the caller, so those searches fetch whole traces and filter here.
 */
export async function searchTraces(
  deps: TraceDeps,
  target: TraceTarget,
  params: TraceSearchParams,
  options: { nowMs: number; signal?: AbortSignal },
): Promise<TraceList> {
  const tracing = requireTracing(deps);
  const { signal } = options;
  const warnings: string[] = [];
  const nowSec = Math.floor(options.nowMs / 1000);
  const endSec = params.end ?? nowSec;
  const startSec = params.start ?? endSec - 3600;
  // Decided here, before anything is sent: the caller's mistake is a 400, not the backend's 502.
  if (startSec >= endSec)
    throw new BadRequestError(
      `parameter start: must be before end (${startSec} is not before ${endSec}${params.end === undefined ? ', now' : ''})`,
    );
  if (endSec > nowSec + MAX_FUTURE_SEC)
    throw new BadRequestError(`parameter end: ${endSec} is more than a day in the future`);

  // In Istio ambient mode the workload has no proxy of its own: its waypoint's spans stand for it.
  const waypoint = await waypointOf(deps.kube, target, signal);
  let canonical = target.name;
  if (waypoint) canonical = waypoint.name;
  else if (target.kind === 'workload') {
    const resolved = params.app
      ? { app: params.app }
      : await appOfWorkload(deps.kube, target, signal);
    canonical = resolved.app;
    if ('warning' in resolved && resolved.warning) warnings.push(resolved.warning);
  }
  const query: TraceQuery = {
    service: tracingServiceName(
      deps.serviceTemplate,
      canonical,
      waypoint?.namespace ?? target.namespace,
    ),
    startUs: startSec * 1_000_000,
    endUs: endSec * 1_000_000,
    limit: params.limit,
    minDurationUs: params.minDuration,
    errorsOnly: params.errorsOnly,
    tags: params.tags,
  };

  const keep = traceFilter(target, query.service, params.from, waypoint !== undefined);
  let traces;
  if (keep) {
    const found = await findFiltered(tracing, query, keep, signal);
    traces = found.traces;
    if (traces.length < params.limit && !found.exhausted)
      warnings.push(
        `Found ${traces.length} of ${params.limit} traces among the ${found.scanned} most recent traces of ${query.service} (the most Meshlens reads for one search); narrow the time window to look further back.`,
      );
  } else {
    traces = await tracing.searchTraces(query, { signal });
  }

  const api = await tracing.api({ signal });
  return {
    traces,
    searched: {
      backend: TRACING_API_LABEL[api],
      service: query.service,
      workload: target.kind === 'workload' ? target.name : undefined,
      waypoint: waypoint && `${waypoint.namespace}/${waypoint.name}`,
      from: params.from,
      startUs: query.startUs,
      endUs: query.endUs,
      limit: params.limit,
      minDurationUs: params.minDuration,
      errorsOnly: params.errorsOnly,
      tags: params.tags,
    },
    warnings,
    uiUrl: deps.uiUrl && api !== 'tempo' ? jaegerSearchUrl(deps.uiUrl, query) : undefined,
  };
}

/**
 * Traces the backend cannot filter for us (a workload's pods, an edge's caller): fetched whole,
 * a page at a time walking back through the window, until `limit` pass the filter, the window
 * holds no more, or {@link MAX_FILTER_DEPTH} traces were read. Newest first.
 */
async function findFiltered(
  tracing: TracingClient,
  query: TraceQuery,
  keep: (trace: Trace) => boolean,
  signal: AbortSignal | undefined,
): Promise<{ traces: TraceSummary[]; scanned: number; exhausted: boolean }> {
  const kept = new Map<string, TraceSummary>();
  const seen = new Set<string>();
  let endUs = query.endUs;
  while (kept.size < query.limit && seen.size < MAX_FILTER_DEPTH) {
    const pageSize = Math.max(query.limit * FILTER_PAGE_FACTOR, MIN_FILTER_PAGE);
    const page = await tracing.findTraces({ ...query, endUs, limit: pageSize }, { signal });
    let oldestUs = endUs;
    let fresh = 0;
    for (const trace of page) {
      if (seen.has(trace.traceId)) continue;
      seen.add(trace.traceId);
      fresh += 1;
      const summary = summariseTrace(trace);
      oldestUs = Math.min(oldestUs, summary.startUs);
      if (keep(trace)) kept.set(trace.traceId, summary);
    }
    // A short page, or one with nothing new, is the end of the window.
    if (page.length < pageSize || fresh === 0 || oldestUs <= query.startUs)
      return { traces: newestTraces(kept, query.limit), scanned: seen.size, exhausted: true };
    // The next page ends where this one began (traces starting in that µs are deduplicated).
    endUs = oldestUs;
  }
  return {
    traces: newestTraces(kept, query.limit),
    scanned: seen.size,
    exhausted: kept.size >= query.limit,
  };
}

/** One trace by id; 404 when the backend does not have it. */
export async function loadTrace(
  deps: TraceDeps,
  traceId: string,
  options: { signal?: AbortSignal },
): Promise<TraceResponse> {
  const tracing = requireTracing(deps);
  const trace = await tracing.getTrace(traceId, options);
  if (!trace)
    throw new NotFoundError(
      `${UPSTREAM_LABEL.tracing} has no trace ${traceId} (it may have expired from storage).`,
    );
  const api = await tracing.api(options);
  return {
    trace,
    backend: TRACING_API_LABEL[api],
    uiUrl: deps.uiUrl ? `${deps.uiUrl.replace(/\/+$/, '')}/trace/${trace.traceId}` : undefined,
  };
}
