import type { GraphResponse, NodeData } from '../contracts/graph';
import type { MeshEntity, TraceHop } from '../traces/istio';

/** The nodes and edges of a graph a trace passed through. */
export interface TraceHighlight {
  nodes: Set<string>;
  edges: Set<string>;
}

/** Does a graph node stand for this entity (or, for a service node, the service it was reached by)? */
function nodeIs(node: NodeData, entity: MeshEntity | undefined): boolean {
  if (!entity || node.namespace !== entity.namespace) return false;
  // In a graph of several clusters, the node of the cluster the span's proxy runs in.
  if (node.cluster && entity.cluster && node.cluster !== entity.cluster) return false;
  switch (node.nodeType) {
    case 'workload':
      return node.workload !== undefined && node.workload === entity.workload;
    case 'app':
      return (
        node.app !== undefined &&
        node.app === entity.app &&
        (node.version === undefined || node.version === (entity.version ?? 'unknown'))
      );
    case 'service':
      return node.service !== undefined && node.service === entity.service;
    default:
      return false;
  }
}

const serviceNodeIs = (node: NodeData, service: TraceHop['service']): boolean =>
  node.nodeType === 'service' &&
  service !== undefined &&
  node.namespace === service.namespace &&
  node.service === service.name;

/**
 * Maps a trace's hops onto a graph of any type: an edge is lit when its source stands for a
 * hop's caller and its target for the callee, or for the service in between (injected
 * service nodes, service graphs). Nodes at either end of a lit edge are lit too.
 */
export function traceHighlight(graph: GraphResponse, hops: readonly TraceHop[]): TraceHighlight {
  const nodes = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const lit: TraceHighlight = { nodes: new Set(), edges: new Set() };
  for (const { data: edge } of graph.elements.edges) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) continue;
    const passed = hops.some((hop) => {
      const fromCaller = nodeIs(source, hop.source);
      const toCallee = nodeIs(target, hop.destination);
      const toService = serviceNodeIs(target, hop.service);
      const fromService = serviceNodeIs(source, hop.service);
      return (fromCaller && (toCallee || toService)) || (fromService && toCallee);
    });
    if (passed) {
      lit.edges.add(edge.id);
      lit.nodes.add(edge.source);
      lit.nodes.add(edge.target);
    }
  }
  return lit;
}
