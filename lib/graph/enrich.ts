/**
 * Enrichment: the figures the optional queries add to a graph's edges and nodes (response
 * times, their buckets, p95s for health, response bytes), placed on the same edges as the
 * traffic. Pure; build-graph.ts assembles them with the traffic into elements.
 */
import type { VectorSample } from '../promql/types';
import type { EdgeExtras } from './elements';
import { isWideBucket } from './histogram';
import type { Place } from './placement';
import type { TrafficMap } from './traffic-map';

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

/** Sums one per-edge metric (bytes/s, seconds/s) through the same placement as the traffic. */
export function perEdge(samples: readonly VectorSample[], place: Place): Map<string, number> {
  const out = new Map<string, number>();
  for (const { labels, value } of samples) {
    if (!(value > 0) || value === Infinity) continue;
    const placement = place(labels);
    for (const hop of placement?.hops ?? [])
      out.set(hop.edgeId, (out.get(hop.edgeId) ?? 0) + value * hop.weight);
  }
  return out;
}

/** A quantile on an edge: the highest of its series groups', and how many groups there were. */
interface EdgeQuantile {
  value: number;
  groups: number;
}

/**
 * Each edge's quantile from the quantiles Prometheus computed per series group. An edge of
 * one group (most edges without injected service nodes) has its exact quantile. An edge that
 * adds several groups (a caller to a service of several versions, a service to a workload
 * with several callers) gets the highest of theirs: its own quantile is never above that (a
 * mix of distributions has its quantile between theirs), so the label says "≤". Exact figures
 * for one edge come from its buckets in the side panel (edge-latency.ts).
 */
function edgeQuantiles(samples: readonly VectorSample[], place: Place): Map<string, EdgeQuantile> {
  const out = new Map<string, EdgeQuantile>();
  for (const { labels, value } of samples) {
    if (!Number.isFinite(value) || value < 0) continue;
    for (const hop of place(labels)?.hops ?? []) {
      if (!(hop.weight > 0)) continue;
      const was = out.get(hop.edgeId);
      if (!was) out.set(hop.edgeId, { value, groups: 1 });
      else {
        was.value = Math.max(was.value, value);
        was.groups += 1;
      }
    }
  }
  return out;
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

/** Each node's inbound p95: the highest of its callers' (mirrored copies left out). */
function nodeP95s(byEdge: ReadonlyMap<string, EdgeQuantile>, map: TrafficMap): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, { value }] of byEdge) {
    const edge = map.edges.get(id);
    if (!edge || edge.mirrored) continue;
    out.set(edge.target, Math.max(out.get(edge.target) ?? 0, value));
  }
  return out;
}

/** The figures the response time adds to edges and nodes. */
export function responseTimes(
  latency: LatencySamples | undefined,
  stat: ResponseTimeStat,
  place: Place,
  map: TrafficMap,
): Pick<
  EdgeExtras,
  'responseTimeMs' | 'responseTimeBucketMs' | 'responseTimeUpperBound' | 'p95Ms' | 'nodeP95Ms'
> {
  if (!latency) return {};
  const p95 = edgeQuantiles(latency.p95, place);
  const values = new Map<string, number>();
  const wide = new Map<string, { lowerMs: number; upperMs: number | null }>();
  const upperBound = new Set<string>();
  if (stat === 'avg') {
    const counts = perEdge(latency.count ?? [], place);
    for (const [id, sum] of perEdge(latency.sum ?? [], place)) {
      const count = counts.get(id);
      if (count && count > 0) values.set(id, sum / count);
    }
  } else {
    const quantiles = stat === '95' ? p95 : edgeQuantiles(latency.quantile ?? [], place);
    const finite = latency.bounds.filter(Number.isFinite).sort((a, b) => a - b);
    for (const [id, { value, groups }] of quantiles) {
      values.set(id, value);
      if (groups > 1) upperBound.add(id);
      const bucket = bucketOf(value, finite);
      if (bucket && isWideBucket({ value, ...bucket }))
        wide.set(id, {
          lowerMs: bucket.lower,
          upperMs: bucket.upper === Infinity ? null : bucket.upper,
        });
    }
  }
  const p95Ms = new Map<string, number>();
  for (const [id, { value }] of p95) p95Ms.set(id, value);
  return {
    responseTimeMs: values,
    responseTimeBucketMs: wide,
    responseTimeUpperBound: upperBound,
    p95Ms,
    nodeP95Ms: nodeP95s(p95, map),
  };
}
