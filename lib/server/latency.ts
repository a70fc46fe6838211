import 'server-only';
import type { LatencyParams, LatencyResponse } from '../contracts/latency';
import { attributeLatency, entryCandidates, type Attribution } from '../latency/attribution';
import { edgeTimings } from '../latency/edge-timings';
import { latencyQueries } from '../latency/queries';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult, VectorSample } from '../prometheus/types';

const vector = (result: QueryResult): VectorSample[] =>
  result.resultType === 'vector' ? result.samples : [];

const keyOf = (c: { part: string; caller?: string; node: string }) =>
  `${c.part} ${c.caller ?? ''} ${c.node}`;

/**
 * Where the delay of requests entering at `params.entry` comes from (lib/latency/): three
 * Prometheus queries in parallel at the moment asked, three more at the baseline with
 * `compareTo`.
 */
export async function loadLatency(
  deps: { prometheus: PrometheusClient },
  params: LatencyParams,
  options: { nowSec: number; signal?: AbortSignal },
): Promise<LatencyResponse> {
  const timeSec = params.queryTime ?? options.nowSec;
  const queries = latencyQueries({
    namespaces: params.namespaces,
    windowSeconds: params.duration,
  });
  const at = async (t: number) => {
    const run = (query: string) =>
      deps.prometheus.instantQuery(query, { timeSec: t, signal: options.signal });
    const [durationSum, durationCount, flags] = await Promise.all([
      run(queries.durationSum),
      run(queries.durationCount),
      run(queries.flags),
    ]);
    return {
      edges: edgeTimings(
        {
          durationSum: vector(durationSum.data),
          durationCount: vector(durationCount.data),
          flags: vector(flags.data),
        },
        params.graphType,
      ),
      warnings: [durationSum, durationCount, flags].flatMap((r) => r.warnings),
    };
  };
  const baselineSec = params.compareTo ? timeSec - params.compareTo : undefined;
  const [now, before] = await Promise.all([
    at(timeSec),
    baselineSec === undefined ? undefined : at(baselineSec),
  ]);

  const entries = entryCandidates(now.edges);
  const entry = params.entry ?? entries[0];
  const attribution = entry ? attributeLatency(now.edges, entry) : undefined;
  const baseline = entry && before ? attributeLatency(before.edges, entry) : undefined;
  const warnings = [...new Set([...now.warnings, ...(before?.warnings ?? [])])].map(
    (w) => `Prometheus: ${w}`,
  );
  if (!entry) warnings.push('No requests in the window: nothing to attribute.');
  else if (!attribution) warnings.push(`No requests through ${entry} in the window.`);

  return {
    timestamp: timeSec,
    duration: params.duration,
    graphType: params.graphType,
    source: 'metrics',
    ...(attribution
      ? {
          entry: {
            node: attribution.entry,
            meanMs: attribution.entryMs,
            ratePerSecond: attribution.entryRate,
          },
        }
      : {}),
    entries,
    contributors: withDeltas(attribution, baseline, baselineSec !== undefined),
    ...(baselineSec !== undefined
      ? { baseline: { timestamp: baselineSec, meanMs: baseline?.entryMs } }
      : {}),
    warnings,
  };
}

/** The contributors, with their change since the baseline when there is one. */
function withDeltas(
  now: Attribution | undefined,
  before: Attribution | undefined,
  comparing: boolean,
): LatencyResponse['contributors'] {
  const contributors = now?.contributors ?? [];
  // A baseline without requests says nothing about what changed: no deltas against zero.
  if (!comparing || !before) return contributors;
  const was = new Map((before?.contributors ?? []).map((c) => [keyOf(c), c.ms]));
  const added = (now?.entryMs ?? 0) - (before?.entryMs ?? 0);
  return contributors.map((c) => {
    const deltaMs = c.ms - (was.get(keyOf(c)) ?? 0);
    return { ...c, deltaMs, ...(added > 0 ? { shareOfAdded: deltaMs / added } : {}) };
  });
}
