import type { Compared, EdgeData, GraphResponse, NodeData } from '../contracts/graph';

/** A node's requests/s, in and out (tcp left out): what `rps` means for a node. */
export function nodeRequestRate(node: Pick<NodeData, 'traffic'>): number {
  return node.traffic
    .filter((t) => t.protocol !== 'tcp')
    .reduce((sum, t) => sum + t.rateIn + t.rateOut, 0);
}

/** A node's inbound error % (5xx, gRPC errors, no response): what `%err` means for a node. */
export function nodeErrorPercent(node: Pick<NodeData, 'traffic'>): number {
  const requests = node.traffic.filter((t) => t.protocol !== 'tcp');
  const rateIn = requests.reduce((sum, t) => sum + t.rateIn, 0);
  const failed = requests.reduce(
    (sum, t) =>
      sum + (t.inByClass['5xx'] ?? 0) + (t.inByClass.error ?? 0) + (t.inByClass.noResponse ?? 0),
    0,
  );
  return rateIn > 0 ? (failed / rateIn) * 100 : 0;
}

const nodeFigures = (n: NodeData): Compared => ({
  status: 'kept',
  rate: nodeRequestRate(n),
  errorPercent: nodeErrorPercent(n),
});

const edgeFigures = (e: EdgeData): Compared => ({
  status: 'kept',
  rate: e.rate,
  errorPercent: e.errorPercent,
  ...(e.responseTimeMs !== undefined ? { responseTimeMs: e.responseTimeMs } : {}),
});

/**
 * The graph now with the baseline's figures on every element (`compared`), and the elements
 * only the baseline has added as `vanished`: their traffic zero now, their health unknown, so
 * the canvas can draw them ghosted where they were (after the graph's own, in the baseline's
order). Pure.
 */
export function compareGraphs(now: GraphResponse, before: GraphResponse): GraphResponse {
  const beforeNodes = new Map(before.elements.nodes.map((n) => [n.data.id, n.data]));
  const beforeEdges = new Map(before.elements.edges.map((e) => [e.data.id, e.data]));
  const nowNodes = new Set(now.elements.nodes.map((n) => n.data.id));
  const nowEdges = new Set(now.elements.edges.map((e) => e.data.id));

  const nodes = [
    ...now.elements.nodes.map(({ data }) => {
      const was = beforeNodes.get(data.id);
      return { data: { ...data, compared: was ? nodeFigures(was) : { status: 'new' as const } } };
    }),
    ...before.elements.nodes
      .filter((n) => !nowNodes.has(n.data.id))
      .map(({ data }) => ({
        data: {
          ...data,
          traffic: [],
          health: { status: 'na' as const },
          isRoot: false,
          compared: { ...nodeFigures(data), status: 'vanished' as const },
        },
      })),
  ];
  const edges = [
    ...now.elements.edges.map(({ data }) => {
      const was = beforeEdges.get(data.id);
      return { data: { ...data, compared: was ? edgeFigures(was) : { status: 'new' as const } } };
    }),
    ...before.elements.edges
      .filter((e) => !nowEdges.has(e.data.id))
      .map(({ data }) => ({
        data: {
          ...data,
          responseTimeMs: undefined,
          throughputBytesPerSecond: undefined,
          rate: 0,
          rateByClass: {},
          rateByCode: [],
          rateByFlags: {},
          rateByHost: {},
          errorPercent: 0,
          percentOfSource: 0,
          health: { status: 'na' as const },
          compared: { ...edgeFigures(data), status: 'vanished' as const },
        },
      })),
  ];
  return {
    ...now,
    elements: { nodes, edges },
    comparedTo: before.timestamp,
    warnings: [...new Set([...now.warnings, ...before.warnings.map((w) => `Baseline: ${w}`)])],
  };
}
