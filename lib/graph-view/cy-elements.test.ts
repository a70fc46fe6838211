import { describe, expect, it } from 'vitest';
import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import { edgeLabel, edgeWidth, nodeLabel, toCyElements } from './cy-elements';

const node = (
  data: Partial<NodeData> & Pick<NodeData, 'id' | 'nodeType' | 'namespace'>,
): { data: NodeData } => ({
  data: {
    isRoot: false,
    isOutside: false,
    isInjectedService: false,
    traffic: [],
    health: { status: 'healthy' },
    ...data,
  },
});

const edge: EdgeData = {
  id: 'a->b:http',
  source: 'a',
  target: 'b',
  protocol: 'http',
  rate: 12.34,
  rateByClass: {},
  rateByCode: [],
  rateByFlags: {},
  rateByHost: {},
  errorPercent: 0,
  percentOfSource: 33.333,
  responseTimeMs: 41.6,
  throughputBytesPerSecond: 2048,
  mtlsPercent: 100,
  health: { status: 'failure', reason: '5xx 20.0%' },
};

describe('cytoscape elements', () => {
  it('labels nodes by kind', () => {
    expect(nodeLabel({ nodeType: 'app', app: 'reviews', version: 'v2' })).toBe('reviews v2');
    expect(nodeLabel({ nodeType: 'service', service: 'reviews' })).toBe('reviews');
    expect(nodeLabel({ nodeType: 'workload', workload: 'reviews-v2' })).toBe('reviews-v2');
    expect(nodeLabel({ nodeType: 'unknown' })).toBe('unknown');
  });

  it.each([
    ['none', ''],
    ['rps', '12.3 rps'],
    ['percent', '33.3%'],
    ['responseTime', '42 ms'],
    ['throughput', '2.0 KiB/s'],
    ['mtls', '100% mTLS'],
  ] as const)('labels edges in %s mode as %j', (mode, text) => {
    expect(edgeLabel(edge, mode)).toBe(text);
  });

  it('shows TCP edge rates in bytes and widens edges with their rate, within bounds', () => {
    expect(edgeLabel({ ...edge, protocol: 'tcp', rate: 1536 }, 'rps')).toBe('1.5 KiB/s');
    // A gRPC stream with its messages asked for: messages, not calls.
    expect(edgeLabel({ ...edge, protocol: 'grpc', rate: 10, messageRate: 42 }, 'rps')).toBe(
      '42.0 msg/s',
    );
    expect(edgeWidth({ rate: 0, protocol: 'http' })).toBe(1);
    expect(edgeWidth({ rate: 10, protocol: 'http' })).toBeGreaterThan(
      edgeWidth({ rate: 1, protocol: 'http' }),
    );
    expect(edgeWidth({ rate: 1e9, protocol: 'http' })).toBe(6);
  });

  it('boxes a graph of several clusters by cluster, then namespace, and names clusters unboxed', () => {
    const graph: GraphResponse = {
      timestamp: 0,
      duration: 60,
      graphType: 'versionedApp',
      warnings: [],
      elements: {
        nodes: [
          node({
            id: 'p@east',
            nodeType: 'app',
            app: 'productpage',
            version: 'v1',
            namespace: 'bookinfo',
            cluster: 'east',
          }),
          node({
            id: 'r@west',
            nodeType: 'app',
            app: 'reviews',
            version: 'v3',
            namespace: 'bookinfo',
            cluster: 'west',
          }),
          node({ id: 'unknown', nodeType: 'unknown', namespace: 'unknown' }),
        ],
        edges: [],
      },
    };
    const boxed = toCyElements(graph, {
      edgeLabel: 'none',
      namespaceBoxes: true,
      securityBadges: false,
    });
    expect(boxed.nodes.map((n) => [n.data.id, n.data.parent, n.data.label])).toEqual([
      ['box@east', undefined, 'cluster east'],
      ['box@west', undefined, 'cluster west'],
      ['box/bookinfo@east', 'box@east', 'bookinfo'],
      ['box/bookinfo@west', 'box@west', 'bookinfo'],
      ['p@east', 'box/bookinfo@east', 'productpage v1'],
      ['r@west', 'box/bookinfo@west', 'reviews v3'],
      ['unknown', undefined, 'unknown'],
    ]);
    expect(boxed.nodes[4]?.data.hint).toBe('productpage v1 (cluster east)');
    const loose = toCyElements(graph, {
      edgeLabel: 'none',
      namespaceBoxes: false,
      securityBadges: false,
    });
    expect(loose.nodes.map((n) => n.data.label)).toEqual([
      'productpage v1 · east',
      'reviews v3 · west',
      'unknown',
    ]);
  });

  it('puts nodes in namespace boxes, except the unknown node, and marks secure edges', () => {
    const graph: GraphResponse = {
      timestamp: 0,
      duration: 60,
      graphType: 'workload',
      warnings: [],
      elements: {
        nodes: [
          node({ id: 'a', nodeType: 'workload', namespace: 'bookinfo', workload: 'a' }),
          node({ id: 'unknown', nodeType: 'unknown', namespace: 'unknown' }),
        ],
        edges: [{ data: edge }],
      },
    };
    const cy = toCyElements(graph, {
      edgeLabel: 'rps',
      namespaceBoxes: true,
      securityBadges: true,
    });
    expect(cy.nodes.map((n) => [n.data.id, n.data.parent])).toEqual([
      ['box/bookinfo', undefined],
      ['a', 'box/bookinfo'],
      ['unknown', undefined],
    ]);
    expect(cy.edges[0]?.data).toMatchObject({
      label: 'mTLS 12.3 rps',
      secure: true,
      healthStatus: 'failure',
    });
    expect(
      toCyElements(graph, { edgeLabel: 'none', namespaceBoxes: false, securityBadges: false })
        .nodes,
    ).toHaveLength(2);
  });

  it('labels a quantile read in a wide bucket as the bucket, not a false precision', () => {
    const edge = {
      protocol: 'http',
      rate: 1,
      percentOfSource: 100,
      responseTimeMs: 9750,
      responseTimeBucketMs: { lowerMs: 5000, upperMs: 10_000 },
    } as EdgeData;
    expect(edgeLabel(edge, 'responseTime')).toBe('≈ 5–10 s');
    expect(edgeLabel({ ...edge, responseTimeBucketMs: undefined }, 'responseTime')).toBe('9.8 s');
  });

  it('labels the slowest of several series as an upper bound', () => {
    const edge = {
      protocol: 'http',
      rate: 1,
      percentOfSource: 100,
      responseTimeMs: 41.6,
      responseTimeUpperBound: true,
    } as EdgeData;
    expect(edgeLabel(edge, 'responseTime')).toBe('≤ 42 ms');
    const wide = { ...edge, responseTimeMs: 9750 };
    expect(
      edgeLabel(
        { ...wide, responseTimeBucketMs: { lowerMs: 5000, upperMs: 10_000 } },
        'responseTime',
      ),
    ).toBe('≤ 10 s');
    expect(
      edgeLabel(
        { ...wide, responseTimeBucketMs: { lowerMs: 10_000, upperMs: null } },
        'responseTime',
      ),
    ).toBe('≤ ∞');
  });

  it('marks calls across namespaces faint only where each namespace is laid out on its own', () => {
    const graph = (size: number): GraphResponse => ({
      timestamp: 0,
      duration: 60,
      graphType: 'workload',
      warnings: [],
      elements: {
        nodes: Array.from({ length: size }, (_, i) =>
          node({ id: `n${i}`, nodeType: 'workload', namespace: i % 2 ? 'odd' : 'even' }),
        ),
        edges: [
          { data: { ...edge, id: 'across', source: 'n0', target: 'n1' } },
          { data: { ...edge, id: 'inside', source: 'n0', target: 'n2' } },
        ],
      },
    });
    const options = { edgeLabel: 'none', namespaceBoxes: true, securityBadges: false } as const;
    const across = (size: number, boxes = true) =>
      toCyElements(graph(size), { ...options, namespaceBoxes: boxes }).edges.map(
        (e) => e.data.across ?? false,
      );
    expect(across(600)).toEqual([true, false]);
    expect(across(600, false)).toEqual([false, false]);
    expect(across(20)).toEqual([false, false]);
  });
});
