import type { Protocol } from '../contracts/graph';
import { hopsOf, type EndpointOptions, type NodeInfo } from './endpoints';
import { responseClass } from './health';
import type { TrafficSample } from './samples';

/** Everything known about one edge while samples are being added. */
export interface EdgeTraffic {
  id: string;
  source: string;
  target: string;
  protocol: Protocol;
  rate: number;
  byClass: Record<string, number>;
  byCode: Record<string, number>;
  byFlags: Record<string, number>;
  byHost: Record<string, number>;
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

/** Adds samples to the map: nodes for both ends of every hop, rates summed per edge. */
export function addSamples(
  map: TrafficMap,
  samples: readonly TrafficSample[],
  options: EndpointOptions,
): void {
  for (const sample of samples) {
    for (const hop of hopsOf(sample, options)) {
      // An injected service node stays marked even when it also appears un-injected.
      for (const node of [hop.source, hop.target]) {
        const existing = map.nodes.get(node.id);
        if (!existing) map.nodes.set(node.id, node);
      }
      const id = edgeId(hop.source.id, hop.target.id, sample.protocol, sample.mirrored);
      let edge = map.edges.get(id);
      if (!edge) {
        edge = {
          id,
          source: hop.source.id,
          target: hop.target.id,
          protocol: sample.protocol,
          rate: 0,
          byClass: {},
          byCode: {},
          byFlags: {},
          byHost: {},
          destinationReported: 0,
          mutualTls: 0,
          mirrored: sample.mirrored,
        };
        map.edges.set(id, edge);
      }
      const rate = sample.rate * hop.weight;
      edge.rate += rate;
      const cls = responseClass(sample.protocol, sample.code);
      if (cls) add(edge.byClass, cls, rate);
      if (sample.protocol !== 'tcp') add(edge.byCode, sample.code, rate);
      add(edge.byFlags, sample.flags || '-', rate);
      if (sample.destination.serviceHost) add(edge.byHost, sample.destination.serviceHost, rate);
      if (sample.reporter === 'destination') {
        edge.destinationReported += rate;
        if (sample.security === 'mutual_tls') edge.mutualTls += rate;
      }
    }
  }
}
