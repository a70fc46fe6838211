import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBackfilledPrometheus, type PrometheusProcess } from '../../scripts/lib/prometheus';
import { apiErrorSchema } from '../contracts/api-error';
import { graphResponseSchema, type GraphResponse } from '../contracts/graph';
import { edgeDetailsSchema, nodeSeriesSchema } from '../contracts/graph-details';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { AT, SERIES, START } from './__fixtures__/backfilled-bookinfo';

/**
 * /api/graph over a real Prometheus holding backfilled Istio series with known rates, and the
 * demo's Kubernetes API for replicas. Every figure below follows from the series definitions.
 */

let prometheus: PrometheusProcess;
let mesh: DemoMesh;
let GET: (request: Request) => Promise<Response>;
let nodeRoute: (request: Request) => Promise<Response>;
let edgeRoute: (request: Request) => Promise<Response>;
let metrics: (request: Request) => Promise<Response>;

beforeAll(async () => {
  prometheus = await startBackfilledPrometheus(SERIES, { startSec: START, endSec: START + 3600 });
  mesh = await startDemoMesh({ rate: 1 });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: prometheus.url,
    KUBE_API_URL: mesh.kubeUrl,
    KUBE_CACHE_SECONDS: '1',
  });
  GET = (await import('../../app/api/graph/route')).GET;
  metrics = (await import('../../app/api/metrics/route')).GET;
  nodeRoute = (await import('../../app/api/graph/node/route')).GET;
  edgeRoute = (await import('../../app/api/graph/edge/route')).GET;
});

afterAll(async () => {
  await prometheus?.stop();
  await mesh?.stop();
});

async function graph(query: string): Promise<GraphResponse> {
  const moment = query.includes('queryTime=') ? '' : `queryTime=${AT}&duration=5m&`;
  const response = await GET(new Request(`http://127.0.0.1/api/graph?${moment}${query}`));
  expect(response.status).toBe(200);
  return graphResponseSchema.parse(await response.json());
}

/** Prometheus queries the dashboard has sent and had answered, from its own metrics. */
async function prometheusCalls(): Promise<number> {
  const text = await (await metrics(new Request('http://127.0.0.1/api/metrics'))).text();
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(
        'meshlens_upstream_request_duration_seconds_count{upstream="prometheus",outcome="success"}',
      ),
    );
  return Number(line?.split(' ')[1] ?? 0);
}

const edge = (g: GraphResponse, source: string, target: string) =>
  g.elements.edges.find((e) => e.data.source === source && e.data.target === target)?.data;
const node = (g: GraphResponse, id: string) => g.elements.nodes.find((n) => n.data.id === id)?.data;

describe('GET /api/graph over backfilled Istio metrics', () => {
  it('builds the workload graph with exact, deduplicated rates, error %, p95, throughput and mTLS', async () => {
    const g = await graph('namespaces=bookinfo&graphType=workload&injectServiceNodes=false');
    expect(g.timestamp).toBe(AT);
    expect(g.elements.nodes.map((n) => n.data.id)).toEqual([
      'workload/bookinfo/mongodb-v1',
      'workload/bookinfo/productpage-v1',
      'workload/bookinfo/ratings-v1',
      'workload/bookinfo/reviews-v1',
      'workload/bookinfo/reviews-v2',
      'workload/istio-system/istio-ingressgateway',
    ]);
    expect(node(g, 'workload/istio-system/istio-ingressgateway')).toMatchObject({
      isRoot: true,
      isOutside: true,
    });

    const entry = edge(
      g,
      'workload/istio-system/istio-ingressgateway',
      'workload/bookinfo/productpage-v1',
    );
    expect(entry?.rate).toBeCloseTo(10, 9);
    expect(entry?.mtlsPercent).toBeCloseTo(100, 9);

    const v1 = edge(g, 'workload/bookinfo/productpage-v1', 'workload/bookinfo/reviews-v1');
    expect(v1?.rate).toBeCloseTo(5, 9);
    expect(v1?.errorPercent).toBeCloseTo(20, 9);
    expect(v1?.rateByCode.find((r) => r.code === '503')?.rate).toBeCloseTo(1, 9);
    expect(v1?.percentOfSource).toBeCloseTo(50, 9);
    expect(v1?.responseTimeMs).toBeCloseTo(23.5, 6);
    expect(v1?.throughputBytesPerSecond).toBeCloseTo(2000, 6);
    expect(v1?.health).toEqual({ status: 'failure', reason: '5xx 20.0%' });

    const v2 = edge(g, 'workload/bookinfo/productpage-v1', 'workload/bookinfo/reviews-v2');
    expect(v2?.mtlsPercent).toBeCloseTo(60, 9);
    expect(v2?.health.status).toBe('healthy');

    const tcp = edge(g, 'workload/bookinfo/ratings-v1', 'workload/bookinfo/mongodb-v1');
    expect(tcp).toMatchObject({ protocol: 'tcp' });
    expect(tcp?.rate).toBeCloseTo(1000, 6);
  });

  it('groups versions in the app graph and injects service nodes by default', async () => {
    const g = await graph('namespaces=bookinfo&graphType=app');
    expect(node(g, 'service/bookinfo/reviews')).toMatchObject({ isInjectedService: true });
    expect(edge(g, 'app/bookinfo/productpage', 'service/bookinfo/reviews')?.rate).toBeCloseTo(
      10,
      9,
    );
    expect(edge(g, 'service/bookinfo/reviews', 'app/bookinfo/reviews')?.errorPercent).toBeCloseTo(
      10,
      9,
    );
  });

  it('builds the service graph', async () => {
    const g = await graph('namespaces=bookinfo&graphType=service');
    expect(g.elements.edges.map((e) => e.data.id)).toEqual([
      'service/bookinfo/productpage->service/bookinfo/reviews:http',
      'service/bookinfo/ratings->service/bookinfo/mongodb:tcp',
      'service/bookinfo/reviews->service/bookinfo/ratings:http',
      'workload/istio-system/istio-ingressgateway->service/bookinfo/productpage:http',
    ]);
  });

  it('takes health from Kubernetes replicas and adds idle workloads on request', async () => {
    const g = await graph('namespaces=bookinfo&graphType=workload&includeIdle=true');
    expect(node(g, 'workload/bookinfo/reviews-v2')?.health.status).toBe('healthy');
    expect(node(g, 'workload/bookinfo/details-v1')).toMatchObject({
      isIdle: true,
      health: { status: 'na' },
    });
    expect(g.warnings).toEqual([]);
  });

  it('answers the traffic alone with latency=false: one query fewer, the rest shared', async () => {
    // A moment of its own, so no earlier test's answers are shared.
    const at = `queryTime=${AT - 60}&duration=5m&namespaces=bookinfo&graphType=workload&injectServiceNodes=false`;
    const before = await prometheusCalls();
    const traffic = await graph(`${at}&latency=false`);
    expect(await prometheusCalls()).toBe(before + 3); // requests, TCP bytes, response bytes
    const whole = await graph(at);
    // Only the latency is new (its p95, and the histogram's bounds from the index): the
    // traffic queries at that moment are shared.
    expect(await prometheusCalls()).toBe(before + 5);

    expect(traffic.latencyOmitted).toBe(true);
    expect(whole.latencyOmitted).toBeUndefined();
    const ids = (g: GraphResponse) => g.elements.edges.map((e) => e.data.id);
    expect(ids(traffic)).toEqual(ids(whole));
    const v1 = (g: GraphResponse) =>
      edge(g, 'workload/bookinfo/productpage-v1', 'workload/bookinfo/reviews-v1');
    expect(v1(traffic)?.rate).toBeCloseTo(5, 9);
    expect(v1(traffic)?.throughputBytesPerSecond).toBeCloseTo(2000, 6);
    expect(v1(traffic)?.health).toEqual(v1(whole)?.health);
    expect(v1(traffic)?.responseTimeMs).toBeUndefined();
    expect(v1(whole)?.responseTimeMs).toBeCloseTo(23.5, 6);
  });

  it('counts every request once across the namespace shards of a larger selection', async () => {
    // Two namespaces, so each large query is asked in two shards: bookinfo and istio-system.
    const at = `queryTime=${AT - 90}&duration=5m&graphType=workload&injectServiceNodes=false`;
    const before = await prometheusCalls();
    const both = await graph(`${at}&namespaces=bookinfo,istio-system`);
    // Requests, response bytes and the p95 in two shards each, TCP bytes, the histogram's bounds.
    expect(await prometheusCalls()).toBe(before + 8);
    const alone = await graph(`${at}&namespaces=bookinfo`);

    const figures = (g: GraphResponse) =>
      g.elements.edges.map(({ data }) => ({
        id: data.id,
        rate: data.rate,
        errorPercent: data.errorPercent,
        throughput: data.throughputBytesPerSecond,
        responseTimeMs: data.responseTimeMs,
      }));
    expect(figures(both)).toEqual(figures(alone));
    const entry = edge(
      both,
      'workload/istio-system/istio-ingressgateway',
      'workload/bookinfo/productpage-v1',
    );
    expect(entry?.rate).toBeCloseTo(10, 9);
    expect(node(both, 'workload/istio-system/istio-ingressgateway')?.isOutside).toBe(false);
  });

  it('compares with a baseline window: figures of both, new elements, and what only the baseline had', async () => {
    const query = 'namespaces=bookinfo&graphType=workload&injectServiceNodes=false';
    // Ten minutes before: the same constant rates.
    const same = await graph(`${query}&compareTo=10m`);
    expect(same.comparedTo).toBe(AT - 600);
    const entry = edge(
      same,
      'workload/istio-system/istio-ingressgateway',
      'workload/bookinfo/productpage-v1',
    );
    expect(entry?.compared?.status).toBe('kept');
    expect(entry?.compared?.rate).toBeCloseTo(10, 6);
    expect(entry?.compared?.rate).toBeCloseTo(entry?.rate ?? NaN, 6);
    // A moment (unix seconds) is the window ending then: the same baseline.
    const moment = await graph(`${query}&compareTo=${AT - 600}`);
    expect(moment.comparedTo).toBe(AT - 600);
    expect(moment.elements).toEqual(same.elements);
    // An hour before, the backfill had not begun: everything is new.
    const fresh = await graph(`${query}&compareTo=1h`);
    expect(new Set(fresh.elements.nodes.map((n) => n.data.compared?.status))).toEqual(
      new Set(['new']),
    );
    expect(fresh.elements.edges.every((e) => e.data.compared?.status === 'new')).toBe(true);
    // Ten minutes after the data ends, against its last window: everything is gone, drawn
    // where it was with no traffic now.
    const gone = await graph(`${query}&compareTo=10m&queryTime=${START + 3600 + 600}&duration=5m`);
    expect(gone.elements.nodes.length).toBeGreaterThan(0);
    expect(gone.elements.edges.every((e) => e.data.compared?.status === 'vanished')).toBe(true);
    expect(gone.elements.edges.every((e) => e.data.rate === 0)).toBe(true);
    const bad = await GET(
      new Request(`http://127.0.0.1/api/graph?namespaces=bookinfo&compareTo=yesterday`),
    );
    expect(bad.status).toBe(400);
    const after = await GET(
      new Request(`http://127.0.0.1/api/graph?${query}&queryTime=${AT}&compareTo=${AT + 60}`),
    );
    expect(after.status).toBe(400);
    expect(apiErrorSchema.parse(await after.json()).error.message).toMatch(
      /^compareTo: the baseline .* must lie before the graph's moment/,
    );
    // Live, a change made since the graph's moment was taken: the graph, not compared yet.
    const soon = Math.floor(Date.now() / 1000) + 3600;
    const live = await GET(new Request(`http://127.0.0.1/api/graph?${query}&compareTo=${soon}`));
    expect(live.status).toBe(200);
    const uncompared = graphResponseSchema.parse(await live.json());
    expect(uncompared.comparedTo).toBeUndefined();
    expect(uncompared.warnings).toContainEqual(expect.stringMatching(/^Not compared yet: /));
  });

  it('rejects a crafted namespace with 400 before anything reaches Prometheus', async () => {
    const count = prometheusCalls;
    const before = await count();
    const crafted = encodeURIComponent('bookinfo"}) or vector(1)');
    const response = await GET(new Request(`http://127.0.0.1/api/graph?namespaces=${crafted}`));
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).error.message).toBe(
      'parameter namespaces "bookinfo\\"}) or vector(1)": must be Kubernetes namespace names (lowercase letters, digits, -)',
    );
    expect(await count()).toBe(before);
  });

  it.each([
    ['graphType=mesh', 'parameter graphType: expected one of workload, app, versionedApp, service'],
    [
      'duration=8d',
      'parameter duration: expected a duration like 60s, 5m, 1h or 7d (10s to 7d), got "8d"',
    ],
    ['responseTime=90', 'parameter responseTime: expected avg, 50, 95 or 99'],
  ])('answers 400 for %s', async (query, message) => {
    const response = await GET(
      new Request(`http://127.0.0.1/api/graph?namespaces=bookinfo&${query}`),
    );
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).error.message).toBe(message);
  });

  it('serves a node’s rate, error % and p95 over time for sparklines', async () => {
    const node = encodeURIComponent('workload/bookinfo/reviews-v1');
    const response = await nodeRoute(
      new Request(`http://127.0.0.1/api/graph/node?node=${node}&duration=5m&queryTime=${AT}`),
    );
    expect(response.status).toBe(200);
    const series = nodeSeriesSchema.parse(await response.json());
    expect(series.stepSec).toBe(10);
    expect(series.rate).toHaveLength(61);
    const last = <T extends { v: number | null }>(points: T[]) => points[points.length - 1]?.v;
    expect(last(series.rate)).toBeCloseTo(5, 6);
    expect(last(series.errorPercent)).toBeCloseTo(20, 6);
    expect(last(series.p95Ms)).toBeCloseTo(23.5, 6);
  });

  it('serves an edge’s latency quantiles and mTLS principals', async () => {
    const edge = encodeURIComponent(
      'workload/bookinfo/productpage-v1->workload/bookinfo/reviews-v1:http',
    );
    const response = await edgeRoute(
      new Request(`http://127.0.0.1/api/graph/edge?edge=${edge}&duration=5m&queryTime=${AT}`),
    );
    expect(response.status).toBe(200);
    const details = edgeDetailsSchema.parse(await response.json());
    expect(details.quantilesMs.p50).toBeCloseTo(10, 6);
    expect(details.quantilesMs.p95).toBeCloseTo(23.5, 6);
    expect(details.quantilesMs.p99).toBeCloseTo(24.7, 6);
    // The same figures with the bucket each was read in, the mean, and whose histogram.
    expect(details.latency).toEqual({
      reporter: 'destination',
      meanMs: expect.closeTo(12, 6),
      quantiles: {
        p50: { ms: expect.closeTo(10, 6), lowerMs: 5, upperMs: 10 },
        p95: { ms: expect.closeTo(23.5, 6), lowerMs: 10, upperMs: 25 },
        p99: { ms: expect.closeTo(24.7, 6), lowerMs: 10, upperMs: 25 },
      },
    });
    expect(details.timeSec).toBe(AT);
    expect(details.principals).toEqual([
      {
        source: 'spiffe://cluster.local/ns/bookinfo/sa/productpage',
        destination: 'spiffe://cluster.local/ns/bookinfo/sa/reviews',
        security: 'mutual_tls',
        rate: expect.closeTo(5, 6),
      },
    ]);
  });

  it('answers 400 for ids that are not the graph’s', async () => {
    const bad = encodeURIComponent('workload/bookinfo/x"} or vector(1)');
    const node = await nodeRoute(new Request(`http://127.0.0.1/api/graph/node?node=${bad}`));
    expect(node.status).toBe(400);
    expect(apiErrorSchema.parse(await node.json()).error.message).toMatch(
      /^parameter node: .* is not a node id of the graph$/,
    );
    const edge = await edgeRoute(new Request('http://127.0.0.1/api/graph/edge?edge=a->b'));
    expect(edge.status).toBe(400);
  });

  it('puts Bookinfo’s Gateway on the ingress gateway, its certificate’s expiry read from its Secret', async () => {
    const g = await graph('namespaces=bookinfo&graphType=workload&injectServiceNodes=false');
    const ingress = node(g, 'workload/istio-system/istio-ingressgateway');
    expect(ingress?.badges).toEqual(['gateway', 'certificateExpiring']);
    // Both of Bookinfo's entrances: the Istio Gateway its selector puts here, and the Gateway
    // API Gateway whose address is this workload's Service (Istio's manual deployment).
    expect(ingress?.gateways?.map((gw) => `${gw.api} ${gw.namespace}/${gw.name}`)).toEqual([
      'istio bookinfo/bookinfo-gateway',
      'gateway-api bookinfo/bookinfo-gateway',
    ]);
    expect(ingress?.gateways?.[1]?.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP', hostnames: ['*'] },
    ]);
    const [http, https] = ingress?.gateways?.[0]?.listeners ?? [];
    expect(http).toEqual({ name: 'http', port: 80, protocol: 'HTTP', hostnames: ['*'] });
    expect(https).toMatchObject({
      port: 443,
      protocol: 'HTTPS',
      hostnames: ['bookinfo.example.com'],
      tls: { mode: 'SIMPLE', secret: { namespace: 'istio-system', name: 'bookinfo-credential' } },
    });
    // The demo's certificate was made to expire 10 days after it started.
    const days = ((https?.tls?.expiresAtSec ?? 0) - Date.now() / 1000) / 86_400;
    expect(days).toBeGreaterThan(9.9);
    expect(days).toBeLessThanOrEqual(10);

    // In an app graph too: the gateway's Deployment has no version label, its app node is `latest`.
    const apps = await graph('namespaces=bookinfo&graphType=versionedApp&duration=7m');
    const ingressApp = apps.elements.nodes.find(
      (n) => n.data.nodeType === 'app' && n.data.app === 'istio-ingressgateway',
    )?.data;
    expect(ingressApp?.version).toBe('latest');
    expect(ingressApp?.badges).toEqual(['gateway', 'certificateExpiring']);

    // A Secret that is gone leaves the expiry unknown, saying why; the graph is still served.
    const deleted = await fetch(
      `${mesh.kubeUrl}/api/v1/namespaces/istio-system/secrets/bookinfo-credential`,
      { method: 'DELETE' },
    );
    expect(deleted.status).toBe(200);
    // Another window: the first answer is shared for GRAPH_CACHE_SECONDS.
    const after = await graph(
      'namespaces=bookinfo&graphType=workload&injectServiceNodes=false&duration=6m',
    );
    const tls = node(after, 'workload/istio-system/istio-ingressgateway')?.gateways?.[0]
      ?.listeners[1]?.tls;
    expect(tls?.expiresAtSec).toBeUndefined();
    expect(tls?.problem).toBe('no Secret bookinfo-credential in istio-system');
    expect(node(after, 'workload/istio-system/istio-ingressgateway')?.badges).toEqual(['gateway']);
  });

  // Last: it stops the demo's Kubernetes API.
  it('still renders from metrics alone, with a warning, when Kubernetes is down', async () => {
    await mesh.stop();
    // The graph draws with the kept reading of Kubernetes while a newer one is read
    // (KUBE_CACHE_SECONDS=1 here): the failure shows once that reading is in. Each try is
    // another window, which the server has not built yet.
    let minutes = 10;
    await vi.waitFor(
      async () => {
        minutes += 1;
        const g = await graph(
          `namespaces=bookinfo&graphType=workload&queryTime=${AT}&duration=${minutes}m`,
        );
        expect(g.elements.nodes.length).toBeGreaterThan(0);
        expect(g.warnings).toHaveLength(1);
        expect(g.warnings[0]).toMatch(
          /^Kubernetes API: list deployments: connection refused by .*\(health from metrics only; routing badges and gateways hidden\)$/,
        );
      },
      { timeout: 15_000, interval: 250 },
    );
  });
});

describe('GET /api/graph over a backfilled gRPC stream', () => {
  it('judges gRPC errors by grpc_response_status and gives the chosen message rate', async () => {
    const query = 'namespaces=payments&graphType=workload&injectServiceNodes=false';
    const requestsOnly = await graph(query);
    const calls = edge(
      requestsOnly,
      'workload/payments/checkout-v1',
      'workload/payments/ledger-v1',
    );
    expect(calls?.protocol).toBe('grpc');
    expect(calls?.messageRate).toBeUndefined();
    expect(calls?.rate).toBeCloseTo(10, 9);
    expect(calls?.errorPercent).toBeCloseTo(20, 9);
    expect(calls?.rateByCode.map((c) => c.code).sort()).toEqual(['0', '14']);
    expect(calls?.health).toEqual({ status: 'failure', reason: 'gRPC errors 20.0%' });

    const messages = async (grpcRate: string) =>
      edge(
        await graph(`${query}&grpcRate=${grpcRate}`),
        'workload/payments/checkout-v1',
        'workload/payments/ledger-v1',
      )?.messageRate;
    expect(await messages('sent')).toBeCloseTo(10, 9);
    expect(await messages('received')).toBeCloseTo(32, 9);
    expect(await messages('total')).toBeCloseTo(42, 9);
  });

  it('refuses an unknown gRPC rate, naming the parameter', async () => {
    const response = await GET(
      new Request('http://127.0.0.1/api/graph?namespaces=payments&grpcRate=bytes'),
    );
    expect(response.status).toBe(400);
    const body = apiErrorSchema.parse(await response.json());
    expect(body.error.message).toMatch(/grpcRate/);
  });
});
