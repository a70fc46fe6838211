import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';

/** Sums `rateByCode` over edges. */
export function ratesByCode(edges: readonly EdgeData[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const edge of edges)
    for (const [code, rate] of Object.entries(edge.rateByCode)) out[code] = (out[code] ?? 0) + rate;
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

/** Totals of the whole graph, for the panel when nothing is selected. */
export function graphTotals(graph: GraphResponse): {
  requestsPerSecond: number;
  errorPercent: number;
  tcpBytesPerSecond: number;
} {
  // Traffic entering workloads, once: edges into non-injected nodes (injected services would double it).
  const injected = new Set(
    graph.elements.nodes.filter((n) => n.data.isInjectedService).map((n) => n.data.id),
  );
  const edges = graph.elements.edges.map((e) => e.data).filter((e) => !injected.has(e.target));
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
