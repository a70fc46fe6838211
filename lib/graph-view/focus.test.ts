import { describe, expect, it } from 'vitest';
import type { GraphResponse } from '../contracts/graph';
import { focusGraph } from './focus';
import { testEdge, testGraph, testNode } from './test-graph';

/** gw → a → b → c → d, and x → b (another caller of b). */
const graph = testGraph(
  ['gw', 'a', 'b', 'c', 'd', 'x'].map((id) => testNode(id)),
  [
    testEdge('gw', 'a'),
    testEdge('a', 'b'),
    testEdge('b', 'c'),
    testEdge('c', 'd'),
    testEdge('x', 'b'),
  ],
);

const ids = (g: GraphResponse) => g.elements.nodes.map((n) => n.data.id).sort();

describe('focusGraph', () => {
  it('keeps the nodes within N hops either way, and the edges among them', () => {
    expect(ids(focusGraph(graph, 'b', 1))).toEqual(['a', 'b', 'c', 'x']);
    const two = focusGraph(graph, 'b', 2);
    expect(ids(two)).toEqual(['a', 'b', 'c', 'd', 'gw', 'x']);
    expect(focusGraph(graph, 'd', 1).elements.edges.map((e) => e.data.id)).toEqual(['c->d']);
  });

  it('shows the whole graph for a node it does not have', () => {
    expect(focusGraph(graph, 'gone', 2)).toBe(graph);
  });
});
