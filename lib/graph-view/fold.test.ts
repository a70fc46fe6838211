import { describe, expect, it } from 'vitest';
import type { EdgeData, GraphResponse } from '../contracts/graph';
import { FOLD_ABOVE_NODES, foldNamespaces, foldedNodeId, namespacesToFold } from './fold';
import { testEdge, testNode } from './test-graph';

const node = testNode;
/** 10 % errors, all mTLS, 12 ms. */
const edge = (source: string, target: string, rate: number, extra: Partial<EdgeData> = {}) =>
  testEdge(source, target, rate, {
    rateByClass: { '2xx': rate * 0.9, '5xx': rate * 0.1 },
    rateByCode: [
      { code: '200', rate: rate * 0.9 },
      { code: '500', rate: rate * 0.1 },
    ],
    rateByFlags: { '-': rate },
    errorPercent: 10,
    percentOfSource: 50,
    responseTimeMs: 12,
    mtlsPercent: 100,
    ...extra,
  });

/** gateway (istio-system) → a1, a2 (team-a) → b1 (team-b); a1 → a2 inside team-a. */
const graph: GraphResponse = {
  timestamp: 1,
  duration: 60,
  graphType: 'workload',
  warnings: [],
  elements: {
    nodes: [
      node('gw', 'istio-system', { isRoot: true }),
      node('a1', 'team-a'),
      node('a2', 'team-a', { health: { status: 'failure', reason: '5xx 30%' } }),
      node('b1', 'team-b'),
    ],
    edges: [
      edge('gw', 'a1', 10),
      edge('gw', 'a2', 10),
      edge('a1', 'a2', 4),
      edge('a1', 'b1', 6),
      edge('a2', 'b1', 2, { mtlsPercent: 0, health: { status: 'degraded' } }),
    ],
  },
};

describe('foldNamespaces', () => {
  it('draws a folded namespace as one node and merges the edges into and out of it', () => {
    const folded = foldNamespaces(graph, new Set(['team-a']));
    const ids = folded.elements.nodes.map((n) => n.data.id).sort();
    expect(ids).toEqual(['b1', foldedNodeId('team-a'), 'gw'].sort());
    const teamA = folded.elements.nodes.find((n) => n.data.id === foldedNodeId('team-a'))?.data;
    expect(teamA).toMatchObject({
      nodeType: 'namespace',
      namespace: 'team-a',
      folded: 2,
      health: { status: 'failure', reason: '1 of 2 nodes' },
    });
    expect(teamA?.traffic).toEqual([
      { protocol: 'http', rateIn: 20, rateOut: 8, inByClass: { '2xx': 18, '5xx': 2 } },
    ]);
    const byEnds = Object.fromEntries(
      folded.elements.edges.map((e) => [`${e.data.source}->${e.data.target}`, e.data]),
    );
    // gw → a1 and gw → a2 become one edge; a1 → a2 disappears inside the fold.
    expect(Object.keys(byEnds).sort()).toEqual(
      [`gw->${foldedNodeId('team-a')}`, `${foldedNodeId('team-a')}->b1`].sort(),
    );
    const out = byEnds[`${foldedNodeId('team-a')}->b1`];
    expect(out?.rate).toBe(8);
    expect(out?.errorPercent).toBeCloseTo(10);
    expect(out?.mtlsPercent).toBeCloseTo(75); // 6 req/s at 100 %, 2 at 0 %
    expect(out?.health.status).toBe('degraded');
    expect(out?.responseTimeMs).toBeUndefined(); // quantiles do not add up
    expect(out?.percentOfSource).toBe(100);
    expect(byEnds[`gw->${foldedNodeId('team-a')}`]?.percentOfSource).toBe(100);
  });

  it('changes nothing with nothing to fold, and can fold everything', () => {
    expect(foldNamespaces(graph, new Set())).toBe(graph);
    const all = foldNamespaces(graph, new Set(['istio-system', 'team-a', 'team-b']));
    expect(all.elements.nodes).toHaveLength(3);
    expect(all.elements.edges.map((e) => e.data.rate).sort((a, b) => a - b)).toEqual([8, 20]);
  });
});

describe('namespacesToFold', () => {
  const big: GraphResponse = {
    ...graph,
    elements: {
      nodes: Array.from({ length: FOLD_ABOVE_NODES + 1 }, (_, i) => node(`n${i}`, `ns-${i % 3}`)),
      edges: [],
    },
  };

  it('folds large graphs by default, never small ones, and always or never on request', () => {
    expect(namespacesToFold(graph, 'auto', [])).toEqual(new Set());
    expect(namespacesToFold(big, 'auto', [])).toEqual(new Set(['ns-0', 'ns-1', 'ns-2']));
    expect(namespacesToFold(graph, 'all', [])).toEqual(
      new Set(['istio-system', 'team-a', 'team-b']),
    );
    expect(namespacesToFold(big, 'none', [])).toEqual(new Set());
  });

  it('leaves expanded namespaces open', () => {
    expect(namespacesToFold(big, 'auto', ['ns-1'])).toEqual(new Set(['ns-0', 'ns-2']));
  });
});
