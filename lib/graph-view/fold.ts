import type { CodeRate, EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import { errorPercent, worst } from '../graph/health';
import { addCode } from '../graph/traffic-map';

/**
 * Folding: a graph too large to read opens with each namespace drawn as one node, its traffic
 * with other namespaces as aggregated edges; a person expands the namespaces they care about.
 * Pure: the graph the API answered is never changed, only what the canvas and panel show.
 */

/** Graphs with more nodes than this open folded (`fold=auto`). */
export const FOLD_ABOVE_NODES = 400;

export const FOLDS = ['auto', 'all', 'none'] as const;
export type FoldMode = (typeof FOLDS)[number];

export const foldedNodeId = (namespace: string): string => `folded/${namespace}`;
/** Ids of merged edges start with it (no API id does). */
const FOLDED_EDGE_MARK = 'folded:';

/** An edge between folded parts, made here: the server knows nothing of it. */
export const isFoldedEdge = (id: string): boolean => id.startsWith(FOLDED_EDGE_MARK);

/** The namespaces to fold for a mode, leaving out those the user expanded. */
export function namespacesToFold(
  graph: GraphResponse,
  mode: FoldMode,
  expanded: readonly string[],
): Set<string> {
  const nodes = graph.elements.nodes;
  if (mode === 'none' || (mode === 'auto' && nodes.length <= FOLD_ABOVE_NODES)) return new Set();
  const open = new Set(expanded);
  return new Set(
    nodes.map((n) => n.data.namespace).filter((ns) => ns !== 'unknown' && !open.has(ns)),
  );
}

/** Adds `item` to the list under `key`. */
function append<K, V>(lists: Map<K, V[]>, key: K, item: V): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

const add = (into: Record<string, number>, from: Readonly<Record<string, number>>): void => {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
};

/** Merges parallel edges (same ends, protocol and mirroring) into one. */
function mergeEdges(group: readonly EdgeData[], source: string, target: string): EdgeData {
  const first = group[0] as EdgeData;
  const rate = group.reduce((sum, e) => sum + e.rate, 0);
  const rateByClass: Record<string, number> = {};
  const rateByCode: CodeRate[] = [];
  const rateByFlags: Record<string, number> = {};
  const rateByHost: Record<string, number> = {};
  let throughput: number | undefined;
  let mtlsWeighted = 0;
  let mtlsRate = 0;
  for (const e of group) {
    add(rateByClass, e.rateByClass);
    for (const { code, rate: r } of e.rateByCode) addCode(rateByCode, code, r);
    add(rateByFlags, e.rateByFlags);
    add(rateByHost, e.rateByHost);
    if (e.throughputBytesPerSecond !== undefined)
      throughput = (throughput ?? 0) + e.throughputBytesPerSecond;
    if (e.mtlsPercent !== undefined) {
      mtlsWeighted += e.mtlsPercent * e.rate;
      mtlsRate += e.rate;
    }
  }
  return {
    id: `${FOLDED_EDGE_MARK}${source}->${target}:${first.protocol}${first.mirrored ? '#mirror' : ''}`,
    source,
    target,
    protocol: first.protocol,
    rate,
    rateByClass,
    rateByCode,
    rateByFlags,
    rateByHost,
    errorPercent: errorPercent(first.protocol, rateByClass, rate),
    // Set once every edge of the source is known.
    percentOfSource: 0,
    // Quantiles of different edges do not add up: a folded edge shows none.
    ...(throughput !== undefined ? { throughputBytesPerSecond: throughput } : {}),
    ...(mtlsRate > 0 ? { mtlsPercent: mtlsWeighted / mtlsRate } : {}),
    ...(first.mirrored ? { mirrored: true } : {}),
    health: group.map((e) => e.health).reduce(worst),
  };
}

/**
 * The graph with each namespace in `fold` drawn as one node (`nodeType: 'namespace'`, its
 * member count in `folded`), edges between folded parts merged, and edges inside a folded
 * namespace left out. Nodes of other namespaces and their edges are kept as they are.
 */
export function foldNamespaces(graph: GraphResponse, fold: ReadonlySet<string>): GraphResponse {
  if (fold.size === 0) return graph;
  const owner = new Map<string, string>();
  const members = new Map<string, NodeData[]>();
  const kept: { data: NodeData }[] = [];
  for (const node of graph.elements.nodes) {
    const { namespace } = node.data;
    if (!fold.has(namespace)) {
      kept.push(node);
      continue;
    }
    owner.set(node.data.id, foldedNodeId(namespace));
    append(members, namespace, node.data);
  }
  const endOf = (id: string): string => owner.get(id) ?? id;

  const groups = new Map<string, { source: string; target: string; edges: EdgeData[] }>();
  const edges: { data: EdgeData }[] = [];
  for (const edge of graph.elements.edges) {
    const source = endOf(edge.data.source);
    const target = endOf(edge.data.target);
    if (source === edge.data.source && target === edge.data.target) {
      edges.push(edge);
      continue;
    }
    if (source === target) continue; // inside one folded namespace
    const key = `${source}\u0000${target}\u0000${edge.data.protocol}\u0000${edge.data.mirrored ?? false}`;
    const group = groups.get(key) ?? { source, target, edges: [] };
    group.edges.push(edge.data);
    groups.set(key, group);
  }
  for (const { source, target, edges: group } of groups.values())
    edges.push({ data: mergeEdges(group, source, target) });

  // Share of each source's outbound traffic, per protocol, among the edges now drawn.
  const outbound = new Map<string, number>();
  for (const { data } of edges)
    if (!data.mirrored)
      outbound.set(
        `${data.source} ${data.protocol}`,
        (outbound.get(`${data.source} ${data.protocol}`) ?? 0) + data.rate,
      );
  // A merged edge's share of its source's outbound traffic. (Kept edges keep theirs: a kept
  // node loses no outbound edge to folding, only a folded one loses its internal ones.)
  for (const edge of edges) {
    if (!isFoldedEdge(edge.data.id) && !owner.has(edge.data.source)) continue;
    const total = outbound.get(`${edge.data.source} ${edge.data.protocol}`) ?? 0;
    edge.data = {
      ...edge.data,
      percentOfSource: edge.data.mirrored || total === 0 ? 0 : (edge.data.rate / total) * 100,
    };
  }

  // Each folded node's traffic: the edges now drawn into and out of it (mirrors left out).
  const into = new Map<string, EdgeData[]>();
  const out = new Map<string, EdgeData[]>();
  for (const { data } of edges) {
    if (data.mirrored) continue;
    append(into, data.target, data);
    append(out, data.source, data);
  }
  const foldedNodes = [...members].map(([namespace, nodes]) => {
    const id = foldedNodeId(namespace);
    const ins = into.get(id) ?? [];
    const outs = out.get(id) ?? [];
    const traffic = [...new Set([...ins, ...outs].map((e) => e.protocol))].map((protocol) => {
      const inByClass: Record<string, number> = {};
      for (const e of ins) if (e.protocol === protocol) add(inByClass, e.rateByClass);
      const sum = (list: EdgeData[]) =>
        list.filter((e) => e.protocol === protocol).reduce((s, e) => s + e.rate, 0);
      return { protocol, rateIn: sum(ins), rateOut: sum(outs), inByClass };
    });
    const health = nodes.map((n) => n.health).reduce(worst);
    return {
      data: {
        id,
        nodeType: 'namespace' as const,
        namespace,
        isRoot: nodes.every((n) => n.isRoot),
        isOutside: nodes.every((n) => n.isOutside),
        isInjectedService: false,
        traffic,
        health:
          health.status === 'healthy' || health.status === 'na'
            ? health
            : {
                status: health.status,
                reason: `${nodes.filter((n) => n.health.status === health.status).length} of ${nodes.length} nodes`,
              },
        folded: nodes.length,
      } satisfies NodeData,
    };
  });

  return { ...graph, elements: { nodes: [...kept, ...foldedNodes], edges } };
}
