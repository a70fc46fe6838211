import type { CodeRate, Protocol } from '../contracts/graph';
import type { VectorSample } from '../promql/types';
import type { NodeInfo } from './endpoints';
import { responseClass } from './health';
import type { Place } from './placement';
import { codeOf } from './samples';

/** Everything known about one edge while samples are being added. */
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
  /** A map, not a record: its keys (hosts) differ from edge to edge. */
  byHost: Map<string, number>;
  /** Destination-reported rate, and the part of it over mutual TLS. */
  destinationReported: number;
  mutualTls: number;
  /** Mirrored copies only: kept apart from the callers' own requests. */
  mirrored: boolean;
}

export interface TrafficMap {
  nodes: Map<string, NodeInfo>;
  edges: Map<string, EdgeTraffic>;
}

/** Adds a rate to its code's entry in a list of code rates (an edge has a few codes). */
export function addCode(rates: CodeRate[], code: string, rate: number): void {
  const found = rates.find((r) => r.code === code);
  if (found) found.rate += rate;
  else rates.push({ code, rate });
}

/** The order of `rateByCode` in the graph: by code. */
export const byCode = (a: { code: string }, b: { code: string }): number =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

const add = (record: Record<string, number>, key: string, value: number): void => {
  record[key] = (record[key] ?? 0) + value;
};

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

/**
 * Adds Istio samples (requests/s or bytes/s) to the map: nodes for both ends of every hop,
 * rates summed per edge by response class, code, flags and host. Samples without a finite
 * positive rate carry no traffic.
 */
export function addSeries(map: TrafficMap, samples: readonly VectorSample[], place: Place): void {
  for (const { labels, value } of samples) {
    if (!(value > 0) || value === Infinity) continue;
    const placement = place(labels);
    if (!placement) continue;
    const { protocol, mirrored, reporter, destination } = placement.sample;
    const code = codeOf(labels, protocol);
    const flags = labels.response_flags || '-';
    const mutualTls = labels.connection_security_policy === 'mutual_tls';
    const cls = responseClass(protocol, code);
    for (const hop of placement.hops) {
      // An injected service node stays marked even when it also appears un-injected.
      if (!map.nodes.has(hop.source.id)) map.nodes.set(hop.source.id, hop.source);
      if (!map.nodes.has(hop.target.id)) map.nodes.set(hop.target.id, hop.target);
      let edge = map.edges.get(hop.edgeId);
      if (!edge) {
        edge = {
          id: hop.edgeId,
          source: hop.source.id,
          target: hop.target.id,
          protocol,
          rate: 0,
          byClass: {},
          byCode: [],
          byFlags: {},
          byHost: new Map(),
          destinationReported: 0,
          mutualTls: 0,
          mirrored,
        };
        map.edges.set(hop.edgeId, edge);
      }
      const rate = value * hop.weight;
      edge.rate += rate;
      if (cls) add(edge.byClass, cls, rate);
      if (protocol !== 'tcp') addCode(edge.byCode, code, rate);
      add(edge.byFlags, flags, rate);
      if (destination.serviceHost)
        edge.byHost.set(
          destination.serviceHost,
          (edge.byHost.get(destination.serviceHost) ?? 0) + rate,
        );
      if (reporter !== 'source') {
        edge.destinationReported += rate;
        if (mutualTls) edge.mutualTls += rate;
      }
    }
  }
}
