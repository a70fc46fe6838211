import type { EdgeData, GraphResponse } from '../contracts/graph';
import { isFoldedEdge } from './fold';

/**
 * Thinning: a folded graph of a large mesh has a call between nearly every two namespaces
 * (641 among 51 namespaces at 1,000 services, thousands among 150 at 3,000), more than a
 * person can follow or the canvas draws quickly. It draws the busiest ones, every failing one,
 * and each namespace's busiest call in and out, and says how many it leaves out.
 */

/** The most calls between folded namespaces drawn, besides those kept for another reason. */
export const MAX_FOLDED_CALLS = 300;

export const CALLS = ['busiest', 'all'] as const;
/** `busiest`: thin the calls between folded namespaces; `all`: draw every one. */
export type CallsMode = (typeof CALLS)[number];

/** Busiest first; the same rates in id order, so the same answer always thins alike. */
const byRateDescending = (a: EdgeData, b: EdgeData): number =>
  b.rate - a.rate || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The graph with only some of its merged edges (calls between folded namespaces, or between
 * a folded namespace and an expanded node): the `max` busiest, every one whose health is
 * `failure`, and each node's busiest call in and out, so that thinning leaves no node
 * unconnected that was connected. Other edges are never thinned. `thinned` counts those left
 * out.
 */
export function thinFoldedCalls(
  graph: GraphResponse,
  max = MAX_FOLDED_CALLS,
): { graph: GraphResponse; thinned: number } {
  const merged = graph.elements.edges
    .filter((e) => isFoldedEdge(e.data.id))
    .map((e) => e.data)
    .sort(byRateDescending);
  if (merged.length <= max) return { graph, thinned: 0 };
  const keep = new Set(merged.slice(0, max).map((e) => e.id));
  const busiestOut = new Set<string>();
  const busiestIn = new Set<string>();
  for (const edge of merged) {
    if (edge.health.status === 'failure') keep.add(edge.id);
    // Busiest first: the first call seen out of a node (or into one) is its busiest.
    if (!busiestOut.has(edge.source)) {
      busiestOut.add(edge.source);
      keep.add(edge.id);
    }
    if (!busiestIn.has(edge.target)) {
      busiestIn.add(edge.target);
      keep.add(edge.id);
    }
  }
  const edges = graph.elements.edges.filter((e) => !isFoldedEdge(e.data.id) || keep.has(e.data.id));
  return {
    graph: { ...graph, elements: { nodes: graph.elements.nodes, edges } },
    thinned: graph.elements.edges.length - edges.length,
  };
}
