import 'server-only';
import { rolloutEvidence, rolloutsOf } from '../changes/changes';
import type { LatencyParams, LatencyResponse } from '../contracts/latency';
import { attributeLatency, entryCandidates } from '../latency/attribution';
import { edgeTimings, type TimedGraph } from '../latency/edge-timings';
import { latencyQueries } from '../latency/queries';
import { routingEvidence, type RoutingObject } from '../latency/routing-evidence';
import { attributeTraces } from '../latency/trace-attribution';
import type { KubeClient } from '../kube/client';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult, VectorSample } from '../promql/types';
import type { TracingClient } from '../tracing/client';
import { UPSTREAM_LABEL } from '../upstream/errors';
import { baselineBefore } from './baseline';
import { optionalList } from './optional-list';
import { BackendUnconfiguredError } from './route';
import { tracingServiceName } from '../traces/search';
import { parseNodeId } from '../graph/entity';

const vector = (result: QueryResult): VectorSample[] =>
  result.resultType === 'vector' ? result.samples : [];

type Contributors = LatencyResponse['contributors'];

/** A ranking at one moment: the entry's mean and its parts. */
interface Ranking {
  entryMs: number;
  entryRate?: number;
  contributors: Contributors;
  sampled?: number;
}

const keyOf = (c: { part: string; caller?: string; node: string }) =>
  `${c.part} ${c.caller ?? ''} ${c.node}`;

export interface LatencyDeps {
  prometheus: PrometheusClient;
  /** For the routing that explains a caller proxy's time (fault delays, retries). */
  kube?: KubeClient;
  tracing?: TracingClient;
  /** How a node's app and namespace name its tracing service (`{service}.{namespace}`). */
  serviceTemplate?: string;
}

/**
 * Where the delay of requests entering at `params.entry` comes from (lib/latency/): three
 * Prometheus queries at the moment asked (the roots to choose from, and the ranking from
 * metrics), and with `source=traces` one trace search through the entry; the same again at
 * the baseline with `compareTo`.
 */
export async function loadLatency(
  deps: LatencyDeps,
  params: LatencyParams,
  options: { nowSec: number; signal?: AbortSignal },
): Promise<LatencyResponse> {
  const { signal } = options;
  const timeSec = params.queryTime ?? options.nowSec;
  const tracing = params.source === 'traces' ? deps.tracing : undefined;
  if (params.source === 'traces' && !tracing)
    throw new BackendUnconfiguredError(
      `${UPSTREAM_LABEL.tracing}: not configured. Set TRACING_URL to rank from traces, or rank from metrics.`,
      'tracing',
    );
  const queries = latencyQueries({
    namespaces: params.namespaces,
    windowSeconds: params.duration,
  });
  const timed = async (t: number): Promise<TimedGraph & { warnings: string[] }> => {
    const run = (query: string) => deps.prometheus.instantQuery(query, { timeSec: t, signal });
    const [durationSum, durationCount, flags] = await Promise.all([
      run(queries.durationSum),
      run(queries.durationCount),
      run(queries.flags),
    ]);
    const graph = edgeTimings(
      {
        durationSum: vector(durationSum.data),
        durationCount: vector(durationCount.data),
        flags: vector(flags.data),
      },
      params.graphType,
    );
    return { ...graph, warnings: [durationSum, durationCount, flags].flatMap((r) => r.warnings) };
  };
  const baseline = params.compareTo
    ? baselineBefore(params.compareTo, timeSec, params.queryTime === undefined)
    : undefined;
  const baselineSec = baseline && 'atSec' in baseline ? baseline.atSec : undefined;

  // The VirtualServices beside the metrics: evidence only, so a failure is a warning.
  let routingWarning: string | undefined;
  const routing = optionalList<RoutingObject>(
    deps.kube?.listRouting('VirtualService', undefined, { signal }) ?? Promise.resolve([]),
    (message) => (routingWarning = `${message} (routing evidence omitted)`),
  );
  // The Deployments' rollouts, likewise evidence: a service's own time since its new version.
  let rolloutWarning: string | undefined;
  const rollouts = optionalList(
    deps.kube?.listReplicaSets(undefined, { signal }) ?? Promise.resolve([]),
    (message) => (rolloutWarning = `${message} (rollouts omitted)`),
  ).then(rolloutsOf);
  const now = await timed(timeSec);
  const entries = entryCandidates(now.edges);
  const entry = params.entry ?? entries[0];
  const warnings = now.warnings.map((w) => `Prometheus: ${w}`);
  if (baseline && 'warning' in baseline) warnings.push(baseline.warning);
  let ranking: Ranking | undefined;
  let before: Ranking | undefined;
  if (entry && tracing) {
    const where = now.apps.get(entry) ?? namespaceAndApp(entry);
    const service = tracingServiceName(
      deps.serviceTemplate ?? '{service}.{namespace}',
      where.app ?? entry,
      where.namespace,
    );
    const rank = async (t: number): Promise<Ranking | undefined> => {
      const traces = await tracing.findTraces(
        {
          service,
          startUs: (t - params.duration) * 1_000_000,
          endUs: t * 1_000_000,
          limit: params.traces,
        },
        { signal },
      );
      const result = attributeTraces(traces, entry, params.graphType);
      return result && { ...result, sampled: result.traces };
    };
    [ranking, before] = await Promise.all([
      rank(timeSec),
      baselineSec === undefined ? undefined : rank(baselineSec),
    ]);
    if (!ranking)
      warnings.push(
        `No traces through ${entry} (tracing service ${service}) in the window: nothing to rank; try ranking from metrics.`,
      );
  } else if (entry) {
    const baseline = baselineSec === undefined ? undefined : await timed(baselineSec);
    ranking = attributeLatency(now.edges, entry);
    before = baseline && attributeLatency(baseline.edges, entry);
    for (const w of baseline?.warnings ?? []) warnings.push(`Prometheus: ${w}`);
    if (!ranking) warnings.push(`No requests through ${entry} in the window.`);
  } else warnings.push('No requests in the window: nothing to attribute.');

  const [virtualServices, rolledOut] = await Promise.all([routing, rollouts]);
  for (const w of [routingWarning, rolloutWarning]) if (w) warnings.push(w);
  const rolloutWindow = {
    sinceSec: baselineSec ?? timeSec - RECENT_ROLLOUT_SEC,
    untilSec: timeSec,
    firstRevisions: baselineSec !== undefined,
  };
  const explained = (ranking?.contributors ?? []).map((c) => {
    let more: string[];
    if (c.part === 'service') more = rolloutEvidence(rolledOut, c.node, rolloutWindow);
    else {
      const service = serviceOf(c.node, now.apps);
      more = service ? routingEvidence(service, virtualServices) : [];
    }
    return more.length ? { ...c, evidence: [...c.evidence, ...more] } : c;
  });
  // Traces know no rate: the metrics say how many requests the ranking speaks for.
  const entryRate =
    entry && ranking
      ? (ranking.entryRate ?? attributeLatency(now.edges, entry)?.entryRate)
      : undefined;
  return {
    timestamp: timeSec,
    duration: params.duration,
    graphType: params.graphType,
    source: params.source,
    ...(params.source === 'traces'
      ? { sampled: { traces: ranking?.sampled ?? 0, limit: params.traces } }
      : {}),
    ...(ranking && entry
      ? {
          entry: {
            node: entry,
            meanMs: ranking.entryMs,
            ...(entryRate !== undefined ? { ratePerSecond: entryRate } : {}),
          },
        }
      : {}),
    entries,
    contributors: withDeltas(explained, ranking, before),
    ...(baselineSec !== undefined
      ? { baseline: { timestamp: baselineSec, meanMs: before?.entryMs } }
      : {}),
    warnings: [...new Set(warnings)],
  };
}

/** Without a baseline, rollouts this recent are cited as evidence of a node's own time. */
const RECENT_ROLLOUT_SEC = 6 * 3600;

/** A node id's namespace and name when the metrics did not name it (`app/<ns>/<app>/…`). */
function namespaceAndApp(id: string): { namespace: string; app?: string } {
  const ref = parseNodeId(id);
  if (!ref || ref.kind === 'unknown') return { namespace: 'unknown' };
  const name = ref.kind === 'app' ? ref.app : ref.kind === 'service' ? ref.service : ref.workload;
  return { namespace: ref.namespace, app: name };
}

/** The service a caller-proxy contributor called: a service node's, or the app's name. */
function serviceOf(
  node: string,
  apps: TimedGraph['apps'],
): { namespace: string; name: string } | undefined {
  const ref = parseNodeId(node);
  if (ref?.kind === 'service') return { namespace: ref.namespace, name: ref.service };
  const known = apps.get(node);
  if (known?.app) return { namespace: known.namespace, name: known.app };
  // Not in the window's metrics (a ranking from traces): an app node's id names its app.
  return ref?.kind === 'app' ? { namespace: ref.namespace, name: ref.app } : undefined;
}

/** The contributors, with their change since the baseline when there is one. */
function withDeltas(
  contributors: Contributors,
  now: Ranking | undefined,
  before: Ranking | undefined,
): Contributors {
  // A baseline without requests says nothing about what changed: no deltas against zero.
  if (!before) return contributors;
  const was = new Map(before.contributors.map((c) => [keyOf(c), c.ms]));
  const added = (now?.entryMs ?? 0) - before.entryMs;
  return contributors.map((c) => {
    const deltaMs = c.ms - (was.get(keyOf(c)) ?? 0);
    return { ...c, deltaMs, ...(added > 0 ? { shareOfAdded: deltaMs / added } : {}) };
  });
}
