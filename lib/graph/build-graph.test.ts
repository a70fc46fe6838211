import { describe, expect, it } from 'vitest';
import type { VectorSample } from '../promql/types';
import { buildGraph } from './build-graph';
import { compileHealthRules } from './health-config';

const sample = (code: string, value: number): VectorSample => ({
  labels: {
    reporter: 'destination',
    source_workload_namespace: 'shop',
    source_workload: 'web-v1',
    source_canonical_service: 'web',
    destination_workload_namespace: 'shop',
    destination_workload: 'cart-v1',
    destination_canonical_service: 'cart',
    destination_service_namespace: 'shop',
    destination_service_name: 'cart',
    request_protocol: 'http',
    response_code: code,
    connection_security_policy: 'mutual_tls',
  },
  timestampSec: 0,
  value,
});

const samples = { requests: [sample('200', 95), sample('503', 5)], tcp: [] };
const meta = { timestamp: 0, duration: 60, warnings: [] };
const options = {
  graphType: 'workload' as const,
  namespaces: ['shop'],
  injectServiceNodes: false,
  responseTime: '95' as const,
};

describe('buildGraph health', () => {
  it("uses Kiali's default tolerances: 5 % of 5xx fails nothing but degrades", () => {
    const graph = buildGraph(samples, options, meta);
    expect(graph.elements.edges[0]?.data.health).toEqual({
      status: 'degraded',
      reason: '5xx 5.0%',
    });
    expect(
      graph.elements.nodes.find((n) => n.data.id === 'workload/shop/cart-v1')?.data.health.status,
    ).toBe('degraded');
  });

  it('takes tolerances from the first matching health rule, for nodes and the edges into them', () => {
    const tolerancesFor = compileHealthRules({
      rules: [
        {
          namespace: 'shop',
          kind: 'workload',
          name: 'cart-v1',
          tolerances: { http5xx: { degraded: 10, failure: 30 } },
        },
      ],
    });
    const graph = buildGraph(samples, { ...options, tolerancesFor }, meta);
    expect(graph.elements.edges[0]?.data.health.status).toBe('healthy');
    expect(
      graph.elements.nodes.find((n) => n.data.id === 'workload/shop/cart-v1')?.data.health.status,
    ).toBe('healthy');
  });
});

describe('buildGraph with mirrored traffic', () => {
  // web → cart-v1 (10 req/s) is mirrored to cart-v2: its proxy reports the `-shadow` host.
  const mirror = (value: number): VectorSample => {
    const base = sample('200', value);
    return {
      ...base,
      labels: {
        ...base.labels,
        destination_workload: 'cart-v2',
        destination_service: 'cart.shop.svc.cluster.local-shadow',
      },
    };
  };
  const graph = buildGraph({ requests: [sample('200', 10), mirror(10)], tcp: [] }, options, meta);
  const edge = (target: string) =>
    graph.elements.edges.find((e) => e.data.target === `workload/shop/${target}`)?.data;
  const node = (id: string) => graph.elements.nodes.find((n) => n.data.id === id)?.data;

  it('draws the copies as their own mirrored edge, no share of the source’s requests', () => {
    expect(edge('cart-v1')).toMatchObject({ rate: 10, percentOfSource: 100 });
    expect(edge('cart-v1')?.mirrored).toBeUndefined();
    expect(edge('cart-v2')).toMatchObject({
      id: 'workload/shop/web-v1->workload/shop/cart-v2:http#mirror',
      rate: 10,
      percentOfSource: 0,
      mirrored: true,
    });
  });

  it('leaves the copies out of the source’s total and counts them apart at the target', () => {
    expect(node('workload/shop/web-v1')?.traffic).toEqual([
      { protocol: 'http', rateIn: 0, rateOut: 10, inByClass: {} },
    ]);
    expect(node('workload/shop/web-v1')?.isRoot).toBe(true);
    expect(node('workload/shop/cart-v2')?.traffic).toEqual([
      { protocol: 'http', rateIn: 0, rateOut: 0, inByClass: {}, mirroredIn: 10 },
    ]);
    expect(node('workload/shop/cart-v2')?.health.status).toBe('healthy');
  });
});

/** A quantile (or sum, count) Prometheus answered for one series group, ms. */
const group = (value: number, labels: Record<string, string> = {}): VectorSample => {
  const base = sample('200', value);
  const edge = { ...base.labels };
  // Quantiles are per series group: no outcome labels.
  delete edge.response_code;
  delete edge.connection_security_policy;
  return { ...base, labels: { ...edge, ...labels } };
};
const ISTIO_BOUNDS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, Infinity];

describe('buildGraph latency health', () => {
  // Every request to cart-v1 takes 5–10 s (p95 9.75 s): a delay, no errors.
  const slow = {
    requests: [sample('200', 10)],
    tcp: [],
    latency: { p95: [group(9750)], bounds: ISTIO_BOUNDS },
  };
  const cart = (graph: ReturnType<typeof buildGraph>) =>
    graph.elements.nodes.find((n) => n.data.id === 'workload/shop/cart-v1')?.data.health;

  it('colours nothing by latency unless HEALTH_CONFIG asks', () => {
    expect(cart(buildGraph(slow, options, meta))).toEqual({ status: 'healthy' });
  });

  it('degrades or fails a node and the edges into it past the configured p95', () => {
    const tolerancesFor = compileHealthRules({
      rules: [
        { namespace: '.*', kind: '.*', name: '.*', tolerances: { p95Ms: { degraded: 1000 } } },
      ],
    });
    const graph = buildGraph(slow, { ...options, tolerancesFor }, meta);
    expect(cart(graph)).toEqual({ status: 'degraded', reason: 'p95 9.8 s ≥ 1.0 s' });
    expect(graph.elements.edges[0]?.data.health.status).toBe('degraded');
    const failing = compileHealthRules({
      rules: [
        {
          namespace: '.*',
          kind: '.*',
          name: '.*',
          tolerances: { p95Ms: { degraded: 1000, failure: 5000 } },
        },
      ],
    });
    expect(cart(buildGraph(slow, { ...options, tolerancesFor: failing }, meta))?.status).toBe(
      'failure',
    );
    // The caller is judged by what it answers, not by the slow calls it makes.
    expect(
      graph.elements.nodes.find((n) => n.data.id === 'workload/shop/web-v1')?.data.health.status,
    ).toBe('healthy');
  });
});

describe('buildGraph response times', () => {
  const edgeOf = (graph: ReturnType<typeof buildGraph>, id: string) =>
    graph.elements.edges.find((e) => e.data.id === id)?.data;

  it('takes an edge of one series group at its quantile, with a wide bucket named', () => {
    const graph = buildGraph(
      {
        requests: [sample('200', 10)],
        tcp: [],
        latency: { p95: [group(9750)], bounds: ISTIO_BOUNDS },
      },
      options,
      meta,
    );
    const edge = graph.elements.edges[0]?.data;
    expect(edge?.responseTimeMs).toBe(9750);
    expect(edge?.responseTimeUpperBound).toBeUndefined();
    // A value that says little more than its bucket: the bucket goes with it.
    expect(edge?.responseTimeBucketMs).toEqual({ lowerMs: 5000, upperMs: 10_000 });
  });

  it('reads the highest finite bound as the open bucket above it', () => {
    const graph = buildGraph(
      {
        requests: [sample('200', 10)],
        tcp: [],
        latency: { p95: [group(10_000)], bounds: ISTIO_BOUNDS },
      },
      options,
      meta,
    );
    expect(graph.elements.edges[0]?.data.responseTimeBucketMs).toEqual({
      lowerMs: 10_000,
      upperMs: null,
    });
  });

  it('bounds an edge of several groups by the slowest, and averages exactly', () => {
    const v1 = { destination_workload: 'cart-v1', destination_canonical_revision: 'v1' };
    const v2 = { destination_workload: 'cart-v2', destination_canonical_revision: 'v2' };
    const requests = [v1, v2].map((labels) => {
      const base = sample('200', 10);
      return { ...base, labels: { ...base.labels, ...labels } };
    });
    const injected = { ...options, injectServiceNodes: true };
    const graph = buildGraph(
      {
        requests,
        tcp: [],
        latency: {
          p95: [group(40, v1), group(900, v2), group(NaN, { destination_workload: 'idle' })],
          bounds: ISTIO_BOUNDS,
        },
      },
      injected,
      meta,
    );
    const toService = edgeOf(graph, 'workload/shop/web-v1->service/shop/cart:http');
    expect(toService).toMatchObject({ responseTimeMs: 900, responseTimeUpperBound: true });
    expect(edgeOf(graph, 'service/shop/cart->workload/shop/cart-v1:http')).toMatchObject({
      responseTimeMs: 40,
    });
    expect(
      edgeOf(graph, 'service/shop/cart->workload/shop/cart-v1:http')?.responseTimeUpperBound,
    ).toBeUndefined();

    // The average adds sums and counts: exact for any number of groups.
    const average = buildGraph(
      {
        requests,
        tcp: [],
        latency: {
          p95: [group(40, v1), group(900, v2)],
          sum: [group(10 * 20, v1), group(10 * 300, v2)],
          count: [group(10, v1), group(10, v2)],
          bounds: ISTIO_BOUNDS,
        },
      },
      { ...injected, responseTime: 'avg' },
      meta,
    );
    expect(
      edgeOf(average, 'workload/shop/web-v1->service/shop/cart:http')?.responseTimeMs,
    ).toBeCloseTo(160, 9);
    expect(
      edgeOf(average, 'workload/shop/web-v1->service/shop/cart:http')?.responseTimeUpperBound,
    ).toBeUndefined();
  });
});

describe('buildGraph gRPC message rates', () => {
  const grpc = (status: string, value: number): VectorSample => {
    const { labels } = sample('200', value);
    return {
      labels: { ...labels, request_protocol: 'grpc', grpc_response_status: status },
      timestampSec: 0,
      value,
    };
  };
  const tcpOrHttp = sample('200', 10);
  const edgeOf = (graph: ReturnType<typeof buildGraph>, protocol: string) =>
    graph.elements.edges.find((e) => e.data.protocol === protocol)?.data;

  it('puts the messages on gRPC edges only, when asked, with requests and errors as before', () => {
    const graph = buildGraph(
      {
        requests: [
          grpc('0', 9),
          grpc('14', 1),
          {
            ...tcpOrHttp,
            labels: {
              ...tcpOrHttp.labels,
              destination_workload: 'web-v2',
              destination_canonical_service: 'web2',
              destination_service_name: 'web2',
            },
          },
        ],
        tcp: [],
        // A stream: four messages back per call.
        messages: [grpc('0', 36), grpc('14', 0)],
      },
      options,
      meta,
    );
    expect(edgeOf(graph, 'grpc')).toMatchObject({ rate: 10, errorPercent: 10, messageRate: 36 });
    expect(edgeOf(graph, 'http')?.messageRate).toBeUndefined();
  });

  it('has no message rate when none was asked for', () => {
    const graph = buildGraph({ requests: [grpc('0', 9)], tcp: [] }, options, meta);
    expect(edgeOf(graph, 'grpc')?.messageRate).toBeUndefined();
  });
});
