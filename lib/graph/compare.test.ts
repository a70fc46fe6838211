import { describe, expect, it } from 'vitest';
import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import { compareGraphs, nodeErrorPercent, nodeRequestRate } from './compare';

const node = (id: string, rateIn: number, failed = 0): { data: NodeData } => ({
  data: {
    id,
    nodeType: 'app',
    namespace: 'ns',
    app: id,
    isRoot: false,
    isOutside: false,
    isInjectedService: false,
    traffic: [
      {
        protocol: 'http',
        rateIn,
        rateOut: 1,
        inByClass: { '2xx': rateIn - failed, '5xx': failed },
      },
      { protocol: 'tcp', rateIn: 500, rateOut: 0, inByClass: {} },
    ],
    health: { status: 'healthy' },
  },
});
const edge = (source: string, target: string, rate: number, rt?: number): { data: EdgeData } => ({
  data: {
    id: `${source}->${target}:http`,
    source,
    target,
    protocol: 'http',
    rate,
    rateByClass: { '2xx': rate },
    rateByCode: [{ code: '200', rate }],
    rateByFlags: { '-': rate },
    rateByHost: {},
    errorPercent: 0,
    percentOfSource: 100,
    ...(rt !== undefined ? { responseTimeMs: rt } : {}),
    health: { status: 'healthy' },
  },
});
const graph = (timestamp: number, nodes: { data: NodeData }[], edges: { data: EdgeData }[]) =>
  ({
    timestamp,
    duration: 60,
    graphType: 'app',
    warnings: [],
    elements: { nodes, edges },
  }) as GraphResponse;

describe('compareGraphs', () => {
  const before = graph(
    1000,
    [node('a', 4), node('b', 10, 1), node('old', 2)],
    [edge('a', 'b', 10, 20), edge('a', 'old', 2, 5)],
  );
  const now = graph(
    4600,
    [node('a', 4), node('b', 12, 3), node('fresh', 1)],
    [edge('a', 'b', 12, 80), edge('a', 'fresh', 1)],
  );
  const both = compareGraphs(now, before);

  it('puts the baseline’s figures on what both windows have, and marks the new', () => {
    expect(both.comparedTo).toBe(1000);
    const b = both.elements.nodes.find((n) => n.data.id === 'b')?.data;
    expect(b?.compared).toEqual({ status: 'kept', rate: 11, errorPercent: 10 });
    expect(both.elements.edges.find((e) => e.data.id === 'a->b:http')?.data.compared).toEqual({
      status: 'kept',
      rate: 10,
      errorPercent: 0,
      responseTimeMs: 20,
    });
    expect(both.elements.nodes.find((n) => n.data.id === 'fresh')?.data.compared).toEqual({
      status: 'new',
    });
  });

  it('adds what only the baseline had, with no traffic now', () => {
    const old = both.elements.nodes.find((n) => n.data.id === 'old')?.data;
    expect(old).toMatchObject({ traffic: [], health: { status: 'na' } });
    expect(old?.compared).toMatchObject({ status: 'vanished', rate: 3 });
    const gone = both.elements.edges.find((e) => e.data.id === 'a->old:http')?.data;
    expect(gone).toMatchObject({ rate: 0, responseTimeMs: undefined });
    expect(gone?.compared).toMatchObject({ status: 'vanished', rate: 2, responseTimeMs: 5 });
    expect(both.elements.nodes).toHaveLength(4);
    expect(both.elements.edges).toHaveLength(3);
  });

  it('reads a node’s request rate and error % without its TCP', () => {
    expect(nodeRequestRate(node('x', 10, 2).data)).toBe(11);
    expect(nodeErrorPercent(node('x', 10, 2).data)).toBe(20);
  });
});
