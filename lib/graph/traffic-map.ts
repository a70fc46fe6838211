import type { CodeRate, Protocol } from '../contracts/graph';
import type { VectorSample } from '../promql/types';
import type { NodeInfo } from './endpoints';
import { responseClass } from './health';
import type { Place } from './placement';
import { codeOf } from './samples';

/** A quantile on an edge: the highest of its series groups', and how many groups there were. */
export interface EdgeQuantile {
  value: number;
  groups: number;
}

/**
 * Everything known about one edge while samples are being added: its traffic, and the figures
 * the optional queries add through the same placement (enrich.ts).
 */
export interface EdgeTraffic {
  id: string;
  source: string;
  target: string;
  protocol: Protocol;
  rate: number;
  byClass: Record<string, number>;
  /** A list, searched: an edge has a few codes (see `rateByCode` in the contract). */
  byCode: CodeRate[];
  byFlags: Record<string, number>;
  /**
   * Rate by host: nearly every edge has one, kept in two fields; the others in a record
   * without a prototype (hosts differ from edge to edge, and records keyed by them would each
   * have a shape of their own, slowing every record's sums down).
   */
  host?: string;
  hostRate: number;
  otherHosts?: Record<string, number>;
  /** Destination-reported rate, and the part of it over mutual TLS. */
  destinationReported: number;
  mutualTls: number;
  /** Mirrored copies only: kept apart from the callers' own requests. */
  mirrored: boolean;
  /** Response bytes/s, gRPC messages/s, and the duration's sum and count rates, when asked. */
  responseBytesPerSecond?: number;
  messagesPerSecond?: number;
  durationSum?: number;
  durationCount?: number;
  /** Prometheus' p95 of the edge's series groups, and the quantile the labels show if another. */
  p95?: EdgeQuantile;
  quantile?: EdgeQuantile;
  /** The response time the edge's label shows (enrich.ts `addResponseTimes`). */
  responseTimeMs?: number;
  /** A wide bucket that quantile fell in (see histogram.ts). */
  responseTimeBucketMs?: { lowerMs: number; upperMs: number | null };
  /** The highest of several series groups' quantiles: the edge's own is at most this. */
  responseTimeUpperBound?: boolean;
}

/**
 * A graph being built: the nodes and edges that carry traffic, by id. Placement makes an
 * edge for each place a series lands; the edge joins `edges` with its first traffic.
 */
export interface TrafficMap {
  nodes: Map<string, NodeInfo>;
  edges: Map<string, EdgeTraffic>;
}

/**
 * Adds a rate to its code's entry in a list of code rates kept in order of code, as the graph
 * shows them (an edge has a few codes: a search, and no sort of each edge's list afterwards).
 */
export function addCode(rates: CodeRate[], code: string, rate: number): void {
  let at = 0;
  for (; at < rates.length; at += 1) {
    const entry = rates[at] as CodeRate;
    if (entry.code === code) {
      entry.rate += rate;
      return;
    }
    if (entry.code > code) break;
  }
  if (at === rates.length) rates.push({ code, rate });
  else rates.splice(at, 0, { code, rate });
}

const add = (record: Record<string, number>, key: string, value: number): void => {
  record[key] = (record[key] ?? 0) + value;
};

function addHost(edge: EdgeTraffic, host: string, rate: number): void {
  if (edge.host === undefined) edge.host = host;
  if (edge.host === host) edge.hostRate += rate;
  else add((edge.otherHosts ??= Object.create(null) as Record<string, number>), host, rate);
}

/** An edge's rate by host, as the graph gives it. */
export function rateByHost(edge: EdgeTraffic): Record<string, number> {
  const { host, otherHosts } = edge;
  if (host === undefined) return {};
  // Without a prototype, as `otherHosts`: an object literal keyed by each edge's host took a
  // shape of its own for each.
  const rates = Object.create(null) as Record<string, number>;
  rates[host] = edge.hostRate;
  return otherHosts ? Object.assign(rates, otherHosts) : rates;
}

/** `source->target:protocol`, with `#mirror` for the mirrored copies between the same nodes. */
export const edgeId = (
  source: string,
  target: string,
  protocol: Protocol,
  mirrored = false,
): string => `${source}->${target}:${protocol}${mirrored ? MIRROR_SUFFIX : ''}`;

export const MIRROR_SUFFIX = '#mirror';

/** An empty traffic map. */
export const emptyTrafficMap = (): TrafficMap => ({ nodes: new Map(), edges: new Map() });

/** A new edge without traffic, of the nodes' ids. */
export function newEdge(
  source: string,
  target: string,
  protocol: Protocol,
  mirrored: boolean,
): EdgeTraffic {
  return {
    id: edgeId(source, target, protocol, mirrored),
    source,
    target,
    protocol,
    rate: 0,
    byClass: {},
    byCode: [],
    byFlags: {},
    hostRate: 0,
    destinationReported: 0,
    mutualTls: 0,
    mirrored,
  };
}

/**
 * Adds Istio samples (requests/s or bytes/s) placed by `place` (made for this map) to the
 * map: nodes for both ends of every hop, rates summed per edge by response class, code,
 * flags and host. Samples without a finite positive rate carry no traffic.
 */
export function addSeries(map: TrafficMap, samples: readonly VectorSample[], place: Place): void {
  for (const { labels, value } of samples) {
    if (!(value > 0) || value === Infinity) continue;
    const placement = place(labels);
    if (!placement) continue;
    const { protocol, reporter, destination } = placement.sample;
    const code = codeOf(labels, protocol);
    const flags = labels.response_flags || '-';
    const mutualTls = labels.connection_security_policy === 'mutual_tls';
    const cls = responseClass(protocol, code);
    const host = destination.serviceHost;
    for (const { edge, source, target, weight } of placement.hops) {
      if (edge.rate === 0 && !map.edges.has(edge.id)) {
        map.edges.set(edge.id, edge);
        // An injected service node stays marked even when it also appears un-injected.
        if (!map.nodes.has(source.id)) map.nodes.set(source.id, source);
        if (!map.nodes.has(target.id)) map.nodes.set(target.id, target);
      }
      const rate = value * weight;
      edge.rate += rate;
      if (cls) add(edge.byClass, cls, rate);
      if (protocol !== 'tcp') addCode(edge.byCode, code, rate);
      add(edge.byFlags, flags, rate);
      if (host) addHost(edge, host, rate);
      if (reporter !== 'source') {
        edge.destinationReported += rate;
        if (mutualTls) edge.mutualTls += rate;
      }
    }
  }
}
