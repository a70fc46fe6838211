import { describe, expect, it } from 'vitest';
import type { GraphResponse, NodeData } from '../contracts/graph';
import { focusGraph } from './focus';

const node = (id: string): { data: NodeData } => ({
  data: {
    id,
    nodeType: 'workload',
    namespace: 'ns',
    workload: id,
    isRoot: false,
    isOutside: false,
    isInjectedService: false,
    traffic: [],
    health: { status: 'healthy' },
  },
});
const edge = (source: string, target: string) => ({
  data: {
    id: `${source}->${target}`,
    source,
    target,
    protocol: 'http' as const,
    rate: 1,
    rateByClass: {},
    rateByCode: {},
    rateByFlags: {},
    rateByHost: {},
    errorPercent: 0,
    percentOfSource: 100,
    health: { status: 'healthy' as const },
  },
});

/** gw → a → b → c → d, and x → b (another caller of b). */
const graph: GraphResponse = {
  timestamp: 1,
  duration: 60,
  graphType: 'workload',
  warnings: [],
  elements: {
    nodes: ['gw', 'a', 'b', 'c', 'd', 'x'].map(node),
    edges: [edge('gw', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('x', 'b')],
  },
};

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
