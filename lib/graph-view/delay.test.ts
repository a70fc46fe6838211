import { describe, expect, it } from 'vitest';
import type { GraphResponse } from '../contracts/graph';
import type { LatencyResponse } from '../contracts/latency';
import { delayHighlight, formatDeltaMs, formatShare } from './delay';

const node = (id: string, nodeType: 'app' | 'service' = 'app') => ({
  data: {
    id,
    nodeType,
    namespace: 'ns',
    isInjectedService: nodeType === 'service',
    traffic: [],
    health: { status: 'healthy' as const },
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
    rateByCode: [],
    rateByFlags: {},
    rateByHost: {},
    errorPercent: 0,
    percentOfSource: 100,
    health: { status: 'healthy' as const },
  },
});

const graph = {
  timestamp: 0,
  duration: 60,
  graphType: 'versionedApp',
  warnings: [],
  elements: {
    nodes: [node('front'), node('svc', 'service'), node('back'), node('db')],
    edges: [edge('front', 'svc'), edge('svc', 'back'), edge('back', 'db')],
  },
} as unknown as GraphResponse;

const latency = (contributors: LatencyResponse['contributors']): LatencyResponse => ({
  timestamp: 0,
  duration: 60,
  graphType: 'versionedApp',
  source: 'metrics',
  entries: [],
  contributors,
  warnings: [],
});
const part = (node: string, share: number, caller?: string) => ({
  node,
  part: caller ? ('callerProxy' as const) : ('service' as const),
  ...(caller ? { caller } : {}),
  ms: share * 100,
  share,
  visits: 1,
  evidence: [],
});

describe('delayHighlight', () => {
  it('puts own time on nodes and proxy time on the caller’s edges, through a service node', () => {
    const lit = delayHighlight(
      graph,
      latency([part('back', 0.7, 'front'), part('db', 0.2, 'back'), part('back', 0.1)]),
    );
    expect([...lit.nodes]).toEqual([['back', 0.1]]);
    expect(Object.fromEntries(lit.edges)).toEqual({
      'front->svc': 0.7,
      'svc->back': 0.7,
      'back->db': 0.2,
    });
  });

  it('leaves out what the graph does not show', () => {
    const lit = delayHighlight(graph, latency([part('gone', 0.5), part('back', 0.5, 'gone')]));
    expect(lit.nodes.size + lit.edges.size).toBe(0);
  });
});

describe('formatting', () => {
  it('signs changes and reads shares as percentages', () => {
    expect([1000, -2.5, 0].map(formatDeltaMs)).toEqual(['+1.0 s', '−2.5 ms', '+0.0 ms']);
    expect([0.954, 0.0004, 0].map(formatShare)).toEqual(['95.4%', '<0.1%', '0%']);
  });
});

describe('delayHighlight on a folded graph', () => {
  it('puts a folded namespace’s parts on its node: own times by the node, proxy times by the caller', () => {
    const folded = {
      ...graph,
      elements: {
        nodes: [node('front'), { data: { ...node('folded/shop').data, nodeType: 'namespace' } }],
        edges: [],
      },
    } as unknown as GraphResponse;
    const lit = delayHighlight(
      folded,
      latency([
        part('app/shop/cart/v1', 0.3),
        part('app/shop/db/v1', 0.2, 'app/shop/cart/v1'),
        part('app/other/x/v1', 0.4),
        part('app/shop/cart/v1', 0.1, 'front'),
      ]),
    );
    expect(Object.fromEntries(lit.nodes)).toEqual({ 'folded/shop': 0.5 });
  });
});
