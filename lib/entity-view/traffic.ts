/**
 * An entity's Traffic tab: its edges on the graph of its namespace, inbound (who calls it)
 * and outbound (whom it calls), one row per peer and protocol. Pure.
 */
import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import type { EntityKind } from '../contracts/entities';
import { entityPath } from './entity-links';

export interface TrafficRow {
  id: string;
  peer: NodeData;
  /** The peer's page, when it has one (not an unknown caller or an egress). */
  peerPage: { kind: EntityKind; name: string } | undefined;
  edge: EdgeData;
}

/**
 * The page a graph node has, if any: a workload's, an app's (a version of an app is its
 * workload), a service's. An unknown caller, an egress or a namespace has none.
 */
export function pageOf(node: NodeData): TrafficRow['peerPage'] {
  if (node.egress || node.namespace === 'unknown') return undefined;
  if (node.nodeType === 'workload' && node.workload)
    return { kind: 'workload', name: node.workload };
  if (node.nodeType === 'app' && node.version && node.workload)
    return { kind: 'workload', name: node.workload };
  if (node.nodeType === 'app' && node.app) return { kind: 'app', name: node.app };
  if (node.nodeType === 'service' && node.service) return { kind: 'service', name: node.service };
  return undefined;
}

/** A graph node's page, in its cluster in a mesh of several; undefined when it has none. */
export function pagePath(node: NodeData): string | undefined {
  const page = pageOf(node);
  return page && entityPath(page.kind, node.namespace, page.name, { cluster: node.cluster ?? '' });
}

/** Edges into (`inbound`) or out of the node, busiest first. */
export function trafficRows(
  graph: GraphResponse,
  nodeId: string,
  direction: 'inbound' | 'outbound',
): TrafficRow[] {
  const nodes = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  return graph.elements.edges
    .map((e) => e.data)
    .filter((e) => (direction === 'inbound' ? e.target === nodeId : e.source === nodeId))
    .flatMap((edge) => {
      const peer = nodes.get(direction === 'inbound' ? edge.source : edge.target);
      return peer ? [{ id: edge.id, peer, peerPage: pageOf(peer), edge }] : [];
    })
    .sort((a, b) => b.edge.rate - a.edge.rate || a.id.localeCompare(b.id));
}
