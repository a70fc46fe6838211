import type { GraphResponse } from '../contracts/graph';

/** Hops around a focused node the toolbar offers; 2 by default. */
export const FOCUS_HOPS = [1, 2, 3] as const;
export type FocusHops = (typeof FOCUS_HOPS)[number];

/**
 * The part of a graph within `hops` edges of one node, either way along the edges (its
 * callers, their callers, its callees…): what a person looks at first in a large mesh. The
 * graph itself when the node is not in it, so a stale link still shows something.
 */
export function focusGraph(graph: GraphResponse, nodeId: string, hops: number): GraphResponse {
  if (!graph.elements.nodes.some((n) => n.data.id === nodeId)) return graph;
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => neighbours.set(a, [...(neighbours.get(a) ?? []), b]);
  for (const { data } of graph.elements.edges) {
    link(data.source, data.target);
    link(data.target, data.source);
  }
  const kept = new Set([nodeId]);
  let frontier = [nodeId];
  for (let step = 0; step < hops && frontier.length > 0; step += 1) {
    const next: string[] = [];
    for (const id of frontier)
      for (const other of neighbours.get(id) ?? [])
        if (!kept.has(other)) {
          kept.add(other);
          next.push(other);
        }
    frontier = next;
  }
  return {
    ...graph,
    elements: {
      nodes: graph.elements.nodes.filter((n) => kept.has(n.data.id)),
      edges: graph.elements.edges.filter((e) => kept.has(e.data.source) && kept.has(e.data.target)),
    },
  };
}
