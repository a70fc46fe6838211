import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';

/** Sums `rateByCode` over edges, by code (one edge's: its rates as a record). */
export function ratesByCode(edges: readonly EdgeData[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const edge of edges)
    for (const { code, rate } of edge.rateByCode) out[code] = (out[code] ?? 0) + rate;
  return out;
}

/** A node with the edges into and out of it. */
export function nodeDetails(
  graph: GraphResponse,
  id: string,
): { node: NodeData; inbound: EdgeData[]; outbound: EdgeData[] } | undefined {
  const node = graph.elements.nodes.find((n) => n.data.id === id)?.data;
  if (!node) return undefined;
  const edges = graph.elements.edges.map((e) => e.data);
  return {
    node,
    inbound: edges.filter((e) => e.target === id),
    outbound: edges.filter((e) => e.source === id),
  };
}

export interface TrafficTotals {
  requestsPerSecond: number;
  errorPercent: number;
  tcpBytesPerSecond: number;
}

function totalsOf(edges: readonly EdgeData[]): TrafficTotals {
  const requests = edges.filter((e) => e.protocol !== 'tcp');
  const requestsPerSecond = requests.reduce((sum, e) => sum + e.rate, 0);
  const failed = requests.reduce((sum, e) => sum + (e.errorPercent / 100) * e.rate, 0);
  return {
    requestsPerSecond,
    errorPercent: requestsPerSecond > 0 ? (failed / requestsPerSecond) * 100 : 0,
    tcpBytesPerSecond: edges
      .filter((e) => e.protocol === 'tcp')
      .reduce((sum, e) => sum + e.rate, 0),
  };
}

export interface NamespaceTotals {
  all: TrafficTotals;
  byNamespace: ({ namespace: string } & TrafficTotals)[];
}

/**
 * Traffic arriving at each namespace's nodes, and in all. Edges into injected service nodes
 * are left out: the same requests arrive again at the workloads behind them.
 */
export function namespaceTotals(graph: GraphResponse): NamespaceTotals {
  const nodes = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const edges = graph.elements.edges
    .map((e) => e.data)
    // Mirrored copies are nobody's requests: they stay out of the totals.
    .filter((e) => !nodes.get(e.target)?.isInjectedService && !e.mirrored);
  const namespaces = [
    ...new Set(edges.map((e) => nodes.get(e.target)?.namespace ?? 'unknown')),
  ].sort();
  return {
    all: totalsOf(edges),
    byNamespace: namespaces.map((namespace) => ({
      namespace,
      ...totalsOf(edges.filter((e) => (nodes.get(e.target)?.namespace ?? 'unknown') === namespace)),
    })),
  };
}

/**
 * The services whose routing decides a node's traffic: a service node's own, or for a
 * workload or app the services it is reached through (the service nodes in front of it, or
 * the services named on its inbound edges' targets).
 */
export function routingServicesOf(
  graph: GraphResponse,
  nodeId: string,
): { namespace: string; service: string; cluster?: string }[] {
  const nodes = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  const node = nodes.get(nodeId);
  if (!node || node.namespace === 'unknown' || node.egress) return [];
  // In a mesh of several clusters, the routing of the node's own cluster.
  const inCluster = node.cluster ? { cluster: node.cluster } : {};
  if (node.nodeType === 'service')
    return node.service ? [{ namespace: node.namespace, service: node.service, ...inCluster }] : [];
  const found = new Map<string, { namespace: string; service: string; cluster?: string }>();
  for (const { data: edge } of graph.elements.edges) {
    if (edge.target !== nodeId) continue;
    const source = nodes.get(edge.source);
    if (source?.nodeType === 'service' && source.service && source.namespace === node.namespace)
      found.set(source.service, {
        namespace: source.namespace,
        service: source.service,
        ...inCluster,
      });
  }
  if (found.size === 0 && node.service)
    found.set(node.service, { namespace: node.namespace, service: node.service, ...inCluster });
  return [...found.values()];
}
