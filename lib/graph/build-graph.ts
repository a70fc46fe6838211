import type { GraphResponse, GraphType } from '../contracts/graph';
import type { VectorSample } from '../prometheus/types';
import { hopsOf, inboundServicesOf, type EndpointOptions } from './endpoints';
import { toElements } from './elements';
import type { Tolerances } from './health';
import type { HealthTarget } from './health-config';
import { bucketedQuantile, histogramQuantile, isWideBucket } from './histogram';
import { dedupeReporters, toTrafficSamples, type TrafficSample } from './samples';
import { addSamples, edgeId, emptyTrafficMap, type TrafficMap } from './traffic-map';

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

/** Sums one per-edge metric through the same deduplication and hop mapping as the traffic. */
function perEdge(
  samples: readonly VectorSample[],
  namespaces: ReadonlySet<string>,
  endpoints: EndpointOptions,
  options: { keepZero?: boolean } = {},
): Map<string, number> {
  const out = new Map<string, number>();
  for (const sample of dedupeReporters(
    toTrafficSamples(samples, 'requests', options),
    namespaces,
  )) {
    for (const hop of hopsOf(sample, endpoints)) {
      const id = edgeId(hop.source.id, hop.target.id, sample.protocol, sample.mirrored);
      out.set(id, (out.get(id) ?? 0) + sample.rate * hop.weight);
    }
  }
  return out;
}

type Buckets = Map<number, number>;

/** A series' identity without its `le`: what its buckets have in common. */
function seriesKey(labels: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const name in labels) if (name !== 'le') parts.push(name, labels[name] as string);
  return parts.join('\u0000');
}

const leOf = (text: string | undefined): number => (text === '+Inf' ? Infinity : Number(text));

/**
 * Each edge's duration histogram (cumulative bucket rates by upper bound), merged. A series'
 * ~20 buckets share their labels, so each series is mapped to its edges once, not per bucket;
 * rates are added in arrays indexed by bucket (a thousand services: 87,000 samples).
 */
function edgeBuckets(
  samples: GraphSamples,
  namespaces: ReadonlySet<string>,
  endpoints: EndpointOptions,
): Map<string, Buckets> {
  const bounds = [...new Set((samples.durationBuckets ?? []).map((s) => leOf(s.labels.le)))].filter(
    (le) => !Number.isNaN(le),
  );
  const slot = new Map(bounds.map((le, i) => [le, i]));
  const series = new Map<string, { labels: VectorSample['labels']; rates: Float64Array }>();
  for (const sample of samples.durationBuckets ?? []) {
    const index = slot.get(leOf(sample.labels.le));
    if (index === undefined || !Number.isFinite(sample.value) || sample.value < 0) continue;
    const key = seriesKey(sample.labels);
    let found = series.get(key);
    if (!found) {
      // NaN marks a bucket the series does not report (as opposed to a rate of 0).
      found = { labels: sample.labels, rates: new Float64Array(bounds.length).fill(NaN) };
      series.set(key, found);
    }
    found.rates[index] = sample.value;
  }
  const merged = new Map<string, Float64Array>();
  for (const { labels, rates } of series.values()) {
    // The series' place in the graph, from its labels alone (a stand-in rate of 1).
    const [traffic] = dedupeReporters(
      toTrafficSamples([{ labels, value: 1, timestampSec: 0 }], 'requests'),
      namespaces,
    );
    if (!traffic) continue;
    for (const hop of hopsOf(traffic, endpoints)) {
      const id = edgeId(hop.source.id, hop.target.id, traffic.protocol, traffic.mirrored);
      let edge = merged.get(id);
      if (!edge) {
        edge = new Float64Array(bounds.length).fill(NaN);
        merged.set(id, edge);
      }
      for (let i = 0; i < rates.length; i += 1) {
        const rate = rates[i] as number;
        if (!Number.isNaN(rate))
          edge[i] = (Number.isNaN(edge[i] as number) ? 0 : (edge[i] as number)) + rate * hop.weight;
      }
    }
  }
  const buckets = new Map<string, Buckets>();
  for (const [id, rates] of merged) {
    const edge: Buckets = new Map();
    rates.forEach((rate, i) => {
      if (!Number.isNaN(rate)) edge.set(bounds[i] as number, rate);
    });
    buckets.set(id, edge);
  }
  return buckets;
}

/** Each node's inbound histogram: its edges' buckets merged (mirrored copies left out). */
function nodeBuckets(edges: ReadonlyMap<string, Buckets>, map: TrafficMap): Map<string, Buckets> {
  const out = new Map<string, Buckets>();
  for (const [id, buckets] of edges) {
    const edge = map.edges.get(id);
    if (!edge || edge.mirrored) continue;
    const merged = out.get(edge.target) ?? new Map<number, number>();
    for (const [le, rate] of buckets) merged.set(le, (merged.get(le) ?? 0) + rate);
    out.set(edge.target, merged);
  }
  return out;
}

/** p95 of each histogram, ms. */
function p95Of(histograms: ReadonlyMap<string, Buckets>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, buckets] of histograms) {
    const value = histogramQuantile(0.95, buckets);
    if (value !== undefined) out.set(id, value);
  }
  return out;
}

/**
 * Response time per edge: a quantile of the merged buckets, or sum/count for the average; for
 * a quantile, also the bucket it fell in when that bucket is too wide to read it as exact.
 */
function responseTimes(
  samples: GraphSamples,
  buckets: ReadonlyMap<string, Buckets>,
  stat: ResponseTimeStat,
  namespaces: ReadonlySet<string>,
  endpoints: EndpointOptions,
): {
  values: Map<string, number>;
  wide: Map<string, { lowerMs: number; upperMs: number | null }>;
} {
  const values = new Map<string, number>();
  const wide = new Map<string, { lowerMs: number; upperMs: number | null }>();
  if (stat === 'avg') {
    const sums = perEdge(samples.durationSum ?? [], namespaces, endpoints);
    for (const [id, sum] of sums) {
      const count = buckets.get(id)?.get(Infinity);
      if (count && count > 0) values.set(id, sum / count);
    }
    return { values, wide };
  }
  for (const [id, edge] of buckets) {
    const found = bucketedQuantile(Number(stat) / 100, edge);
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
  const requests: TrafficSample[] = dedupeReporters(
    toTrafficSamples(samples.requests, 'requests'),
    namespaces,
  );
  const tcp: TrafficSample[] = dedupeReporters(toTrafficSamples(samples.tcp, 'tcp'), namespaces);
  const endpoints: EndpointOptions = {
    graphType: options.graphType,
    injectServiceNodes: options.injectServiceNodes && options.graphType !== 'service',
    inboundServices:
      options.graphType === 'service' ? inboundServicesOf([...requests, ...tcp]) : undefined,
  };
  const map = emptyTrafficMap();
  addSamples(map, requests, endpoints);
  addSamples(map, tcp, endpoints);
  const buckets = edgeBuckets(samples, namespaces, endpoints);
  const times = responseTimes(samples, buckets, options.responseTime, namespaces, endpoints);
  const elements = toElements(map, {
    namespaces,
    tolerancesFor: options.tolerancesFor,
    extras: {
      responseTimeMs: times.values,
      responseTimeBucketMs: times.wide,
      responseBytesPerSecond: perEdge(samples.responseBytes ?? [], namespaces, endpoints),
      // p95 for latency health, whatever the edge labels show (reused when they show p95).
      p95Ms: options.responseTime === '95' ? times.values : p95Of(buckets),
      nodeP95Ms: p95Of(nodeBuckets(buckets, map)),
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
