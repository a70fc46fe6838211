import type { GraphResponse } from '../contracts/graph';
import type { Contributor, LatencyResponse } from '../contracts/latency';
import { formatMs, formatPercent } from '../format';
import { foldedNodeId } from './fold';

/** Shares of the entry's latency (0..1) by graph element, for the Delay view's colouring. */
export interface DelayHighlight {
  nodes: ReadonlyMap<string, number>;
  edges: ReadonlyMap<string, number>;
}

/**
 * Puts the contributors on the graph shown: a node's own time on the node, a call's time in
 * the caller's proxy on the edge from the caller (both edges when a service node sits between
 * them); inside a folded namespace, on the namespace's node. Contributors the graph does not
 * show (hidden) are left out.
 */
export function delayHighlight(graph: GraphResponse, latency: LatencyResponse): DelayHighlight {
  const nodes = new Map<string, number>();
  const edges = new Map<string, number>();
  const shown = new Set(graph.elements.nodes.map((n) => n.data.id));
  const serviceNode = new Set(
    graph.elements.nodes.filter((n) => n.data.nodeType === 'service').map((n) => n.data.id),
  );
  const add = (map: Map<string, number>, id: string, share: number) =>
    map.set(id, Math.min(1, (map.get(id) ?? 0) + share));
  // A node inside a folded namespace counts for the namespace's node: a node's own time for
  // its namespace, a proxy's time for the caller's.
  const folded = (id: string | undefined): string | undefined => {
    const namespace = id?.split('/')[1];
    const node = namespace ? foldedNodeId(namespace) : undefined;
    return node && shown.has(node) ? node : undefined;
  };
  for (const c of latency.contributors) {
    const inFold = shown.has(c.node) ? undefined : folded(c.part === 'service' ? c.node : c.caller);
    if (inFold && !(c.caller && shown.has(c.caller))) {
      add(nodes, inFold, c.share);
      continue;
    }
    if (c.part === 'service') {
      if (shown.has(c.node)) add(nodes, c.node, c.share);
      continue;
    }
    const into = graph.elements.edges.filter((e) => e.data.target === c.node);
    for (const edge of into) {
      if (edge.data.source === c.caller) add(edges, edge.data.id, c.share);
      else if (serviceNode.has(edge.data.source)) {
        const first = graph.elements.edges.find(
          (e) => e.data.source === c.caller && e.data.target === edge.data.source,
        );
        if (!first) continue;
        add(edges, first.data.id, c.share);
        add(edges, edge.data.id, c.share);
      }
    }
  }
  return { nodes, edges };
}

/** A change in milliseconds with its sign: `+1.0 s`, `−2.5 ms`. */
export function formatDeltaMs(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${formatMs(Math.abs(ms))}`;
}

/** A share of the entry's latency: `95.4%`. */
export const formatShare = (share: number): string => formatPercent(share * 100);

/** What a contributor is, in words: `details v1` or `details v1 ← productpage v1 caller proxy`. */
export function contributorTitle(c: Contributor, name: (id: string) => string): string {
  return c.part === 'service'
    ? name(c.node)
    : `${name(c.node)} ← ${name(c.caller ?? 'unknown')} caller proxy`;
}
