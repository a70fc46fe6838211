import type { GraphResponse, GraphType } from '../contracts/graph';
import type { VectorSample } from '../prometheus/types';
import { inboundServicesOf, type EndpointOptions } from './endpoints';
import { toElements } from './elements';
import type { Tolerances } from './health';
import type { HealthTarget } from './health-config';
import { histogramBucketedQuantile, isWideBucket } from './histogram';
import { placer, type Place } from './placement';
import { dedupeReporters, toTrafficSamples } from './samples';
import { addSeries, emptyTrafficMap, type TrafficMap } from './traffic-map';

export type ResponseTimeStat = 'avg' | '50' | '95' | '99';

export interface GraphOptions {
  graphType: GraphType;
  namespaces: readonly string[];
  injectServiceNodes: boolean;
  responseTime: ResponseTimeStat;
  /** Health tolerances per node (see health-config.ts); Kiali's defaults when absent. */
  tolerancesFor?: (target: HealthTarget) => Tolerances;
}

/** The query results a graph is built from (see queries.ts); optional ones may be missing. */
export interface GraphSamples {
  requests: readonly VectorSample[];
  tcp: readonly VectorSample[];
  durationBuckets?: readonly VectorSample[];
  durationSum?: readonly VectorSample[];
  responseBytes?: readonly VectorSample[];
}

/** Sums one per-edge metric (bytes/s, seconds/s) through the same placement as the traffic. */
function perEdge(samples: readonly VectorSample[], place: Place): Map<string, number> {
  const out = new Map<string, number>();
  for (const { labels, value } of samples) {
    if (!(value > 0) || value === Infinity) continue;
    const placement = place(labels);
    for (const hop of placement?.hops ?? [])
      out.set(hop.edgeId, (out.get(hop.edgeId) ?? 0) + value * hop.weight);
  }
  return out;
}

const leOf = (text: string): number => (text === '+Inf' ? Infinity : Number(text));

/**
 * Each edge's duration histogram, its series' buckets added (a thousand services: about
 * 85,000 samples). Each sample goes straight to its edges' arrays, indexed by bucket.
 */
function edgeHistograms(
  samples: readonly VectorSample[],
  place: Place,
): { bounds: number[]; byEdge: Map<string, Float64Array> } {
  // Every bound answered, ascending; each `le` text to its place among them.
  const slotOf = new Map<string, number>();
  for (const { labels } of samples)
    if (labels.le !== undefined && !slotOf.has(labels.le)) slotOf.set(labels.le, -1);
  const bounds = [...new Set([...slotOf.keys()].map(leOf))]
    .filter((le) => !Number.isNaN(le))
    .sort((a, b) => a - b);
  for (const text of slotOf.keys()) slotOf.set(text, bounds.indexOf(leOf(text)));

  const byEdge = new Map<string, Float64Array>();
  for (const { labels, value } of samples) {
    const slot = labels.le === undefined ? -1 : (slotOf.get(labels.le) ?? -1);
    // A rate of 0 is kept: an empty bucket bounds the next one from below.
    if (slot < 0 || !Number.isFinite(value) || value < 0) continue;
    const placement = place(labels);
    if (!placement) continue;
    for (const hop of placement.hops) {
      let rates = byEdge.get(hop.edgeId);
      if (!rates) {
        rates = new Float64Array(bounds.length).fill(NaN);
        byEdge.set(hop.edgeId, rates);
      }
      const was = rates[slot] as number;
      rates[slot] = (Number.isNaN(was) ? 0 : was) + value * hop.weight;
    }
  }
  return { bounds, byEdge };
}

/** Each node's inbound histogram: its edges' buckets added (mirrored copies left out). */
function nodeHistograms(
  byEdge: ReadonlyMap<string, Float64Array>,
  map: TrafficMap,
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const [id, rates] of byEdge) {
    const edge = map.edges.get(id);
    if (!edge || edge.mirrored) continue;
    const merged = out.get(edge.target);
    if (!merged) {
      out.set(edge.target, rates.slice());
      continue;
    }
    for (let i = 0; i < rates.length; i += 1) {
      const rate = rates[i] as number;
      if (Number.isNaN(rate)) continue;
      const was = merged[i] as number;
      merged[i] = (Number.isNaN(was) ? 0 : was) + rate;
    }
  }
  return out;
}

/** p95 of each histogram, ms. */
function p95Of(bounds: readonly number[], byId: ReadonlyMap<string, Float64Array>) {
  const out = new Map<string, number>();
  for (const [id, rates] of byId) {
    const value = histogramBucketedQuantile(0.95, { bounds, rates })?.value;
    if (value !== undefined) out.set(id, value);
  }
  return out;
}

/**
 * Response time per edge: a quantile of its histogram, or sum/count for the average; for a
 * quantile, also the bucket it fell in when that bucket is too wide to read it as exact.
 */
function responseTimes(
  durationSum: readonly VectorSample[],
  histograms: { bounds: readonly number[]; byEdge: ReadonlyMap<string, Float64Array> },
  stat: ResponseTimeStat,
  place: Place,
): {
  values: Map<string, number>;
  wide: Map<string, { lowerMs: number; upperMs: number | null }>;
} {
  const { bounds, byEdge } = histograms;
  const values = new Map<string, number>();
  const wide = new Map<string, { lowerMs: number; upperMs: number | null }>();
  if (stat === 'avg') {
    const inf = bounds.indexOf(Infinity);
    for (const [id, sum] of perEdge(durationSum, place)) {
      const count = inf < 0 ? undefined : byEdge.get(id)?.[inf];
      if (count && count > 0) values.set(id, sum / count);
    }
    return { values, wide };
  }
  for (const [id, rates] of byEdge) {
    const found = histogramBucketedQuantile(Number(stat) / 100, { bounds, rates });
    if (!found) continue;
    values.set(id, found.value);
    if (isWideBucket(found))
      wide.set(id, {
        lowerMs: found.lower,
        upperMs: found.upper === Infinity ? null : found.upper,
      });
  }
  return { values, wide };
}

/**
 * Builds a graph from Istio samples: parse → keep each request once → map to nodes and edges
 * for the graph type → add response times and throughput → elements with percentages and
 * health. Pure and deterministic.
 */
export function buildGraph(
  samples: GraphSamples,
  options: GraphOptions,
  meta: { timestamp: number; duration: number; warnings: string[] },
): GraphResponse {
  const namespaces = new Set(options.namespaces);
  const endpoints: EndpointOptions = {
    graphType: options.graphType,
    injectServiceNodes: options.injectServiceNodes && options.graphType !== 'service',
    // The service graph attributes a workload's calls to the services it is called through.
    inboundServices:
      options.graphType === 'service'
        ? inboundServicesOf([
            ...dedupeReporters(toTrafficSamples(samples.requests, 'requests'), namespaces),
            ...dedupeReporters(toTrafficSamples(samples.tcp, 'tcp'), namespaces),
          ])
        : undefined,
  };
  // Requests, their durations and response bytes share series identities; TCP has its own.
  const placeRequest = placer('requests', namespaces, endpoints);
  const map = emptyTrafficMap();
  addSeries(map, samples.requests, placeRequest);
  addSeries(map, samples.tcp, placer('tcp', namespaces, endpoints));
  const histograms = edgeHistograms(samples.durationBuckets ?? [], placeRequest);
  const times = responseTimes(
    samples.durationSum ?? [],
    histograms,
    options.responseTime,
    placeRequest,
  );
  const { bounds, byEdge } = histograms;
  const elements = toElements(map, {
    namespaces,
    tolerancesFor: options.tolerancesFor,
    extras: {
      responseTimeMs: times.values,
      responseTimeBucketMs: times.wide,
      responseBytesPerSecond: perEdge(samples.responseBytes ?? [], placeRequest),
      // p95 for latency health, whatever the edge labels show (reused when they show p95).
      p95Ms: options.responseTime === '95' ? times.values : p95Of(bounds, byEdge),
      nodeP95Ms: p95Of(bounds, nodeHistograms(byEdge, map)),
    },
  });
  return {
    timestamp: meta.timestamp,
    duration: meta.duration,
    graphType: options.graphType,
    elements,
    warnings: meta.warnings,
  };
}
