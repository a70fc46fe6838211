/**
 * Enrichment: the figures the optional queries add to a graph's edges (response times, their
 * buckets, p95s for health, response bytes, gRPC messages), placed on the same edges as the
 * traffic and written on them. Pure; build-graph.ts assembles them with the traffic.
 */
import type { VectorSample } from '../promql/types';
import { isWideBucket } from './histogram';
import type { Place } from './placement';
import type { EdgeTraffic, TrafficMap } from './traffic-map';

/** A response-time statistic the edge labels can show. */
export type ResponseTimeStat = 'avg' | '50' | '95' | '99';

/** The duration histogram's answers (see queries.ts `LatencyQueries`). */
export interface LatencySamples {
  /** p95 per series group, ms (`NaN` for a group without requests in the window). */
  p95: readonly VectorSample[];
  /** The label's quantile per series group when it is not p95. */
  quantile?: readonly VectorSample[];
  /** Duration sum and count rates per series group, for the average. */
  sum?: readonly VectorSample[];
  count?: readonly VectorSample[];
  /** The histogram's bucket bounds, ms, in any order (`+Inf`, `NaN` ignored): where a
   * quantile fell. */
  bounds: readonly number[];
}

type Rate = 'responseBytesPerSecond' | 'messagesPerSecond' | 'durationSum' | 'durationCount';

/** Sums one per-edge rate (bytes/s, seconds/s) onto the edges the traffic's placement gives. */
export function addPerEdge(samples: readonly VectorSample[], place: Place, field: Rate): void {
  for (const { labels, value } of samples) {
    if (!(value > 0) || value === Infinity) continue;
    const placement = place(labels);
    if (!placement) continue;
    for (const { edge, weight } of placement.hops)
      edge[field] = (edge[field] ?? 0) + value * weight;
  }
}

/**
 * Each edge's quantile from the quantiles Prometheus computed per series group. An edge of
 * one group (most edges without injected service nodes) has its exact quantile. An edge that
 * adds several groups (a caller to a service of several versions, a service to a workload
 * with several callers) gets the highest of theirs: its own quantile is never above that (a
 * mix of distributions has its quantile between theirs), so the label says "≤". Exact figures
 * for one edge come from its buckets in the side panel (edge-latency.ts).
 */
function addQuantiles(
  samples: readonly VectorSample[],
  place: Place,
  field: 'p95' | 'quantile',
): void {
  for (const { labels, value } of samples) {
    if (!Number.isFinite(value) || value < 0) continue;
    for (const { edge, weight } of place(labels)?.hops ?? []) {
      if (!(weight > 0)) continue;
      const was = edge[field];
      if (!was) edge[field] = { value, groups: 1 };
      else {
        was.value = Math.max(was.value, value);
        was.groups += 1;
      }
    }
  }
}

/**
 * The bucket of the histogram that `value` (a quantile Prometheus interpolated) fell in, given
 * the finite bounds in ascending order. Prometheus answers the highest finite bound for a
 * rank in the `+Inf` bucket, so that value reads as the open bucket above it.
 */
function bucketOf(
  value: number,
  finite: readonly number[],
): { lower: number; upper: number } | undefined {
  const top = finite.at(-1);
  if (top === undefined) return undefined;
  if (value >= top) return { lower: top, upper: Infinity };
  const at = finite.findIndex((bound) => value <= bound);
  return { lower: at > 0 ? (finite[at - 1] as number) : 0, upper: finite[at] as number };
}

/** Gives an edge the response time its label shows, from the figures placed on it. */
function setResponseTime(
  edge: EdgeTraffic,
  stat: ResponseTimeStat,
  finite: readonly number[],
): void {
  if (stat === 'avg') {
    const { durationSum, durationCount } = edge;
    if (durationSum !== undefined && durationCount)
      edge.responseTimeMs = durationSum / durationCount;
    return;
  }
  const quantile = stat === '95' ? edge.p95 : edge.quantile;
  if (!quantile) return;
  const { value, groups } = quantile;
  edge.responseTimeMs = value;
  if (groups > 1) edge.responseTimeUpperBound = true;
  const bucket = bucketOf(value, finite);
  if (bucket && isWideBucket({ value, ...bucket }))
    edge.responseTimeBucketMs = {
      lowerMs: bucket.lower,
      upperMs: bucket.upper === Infinity ? null : bucket.upper,
    };
}

/**
 * Places the duration histogram's answers on the edges (the p95 health judges, the figures
 * of the statistic the labels show), then gives each edge of the map its response time.
 */
export function addResponseTimes(
  latency: LatencySamples | undefined,
  stat: ResponseTimeStat,
  place: Place,
  map: TrafficMap,
): void {
  if (!latency) return;
  addQuantiles(latency.p95, place, 'p95');
  if (stat === 'avg') {
    addPerEdge(latency.sum ?? [], place, 'durationSum');
    addPerEdge(latency.count ?? [], place, 'durationCount');
  } else if (stat !== '95') addQuantiles(latency.quantile ?? [], place, 'quantile');
  const finite = latency.bounds.filter(Number.isFinite).sort((a, b) => a - b);
  for (const edge of map.edges.values()) setResponseTime(edge, stat, finite);
}
