import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../scripts/lib/demo-stack';
import { PROMETHEUS, VICTORIA_METRICS, ensureTools } from '../../scripts/lib/system-deps';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client';
import type { VectorSample } from '../promql/types';

const HTTP_EDGES = [
  'istio-ingressgateway->productpage-v1',
  'productpage-v1->details-v1',
  'productpage-v1->reviews-v1',
  'productpage-v1->reviews-v2',
  'productpage-v1->reviews-v3',
  'reviews-v2->ratings-v1',
  'reviews-v3->ratings-v1',
];
const TCP_EDGES = ['ratings-v1->mongodb-v1'];

let stack: DemoStack;
let client: PrometheusClient;
let startedAt: number;

const edgeOf = (s: VectorSample): string =>
  `${s.labels.source_workload}->${s.labels.destination_workload}`;

async function vector(query: string): Promise<VectorSample[]> {
  const { data } = await client.instantQuery(query);
  return data.resultType === 'vector' ? data.samples : [];
}

/** Polls until every expected edge has a non-zero rate, or the deadline passes. */
async function edgesWithTraffic(
  query: string,
  expected: string[],
  deadline: number,
): Promise<Set<string>> {
  let seen = new Set<string>();
  while (Date.now() < deadline) {
    seen = new Set((await vector(query)).filter((s) => s.value > 0).map(edgeOf));
    if (expected.every((edge) => seen.has(edge))) return seen;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return seen;
}

beforeAll(async () => {
  const { prometheus: bin } = ensureTools([PROMETHEUS], { autoInstall: false, log: console.log });
  startedAt = Date.now();
  // The demo's own settings: 10 req/s at the gateway, scraped every 5 s.
  stack = await startDemoStack({
    prometheusBin: bin as string,
    mesh: { rate: 10, errorRate: 0 },
    scrapeIntervalSeconds: 5,
  });
  client = createPrometheusClient({ url: stack.prometheus.url, timeoutMs: 5000 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the demo mesh scraped by a real Prometheus', () => {
  it('shows a non-zero rate(istio_requests_total[1m]) for every Bookinfo HTTP edge once scraped', async () => {
    const seen = await edgesWithTraffic(
      'sum by (source_workload, destination_workload) (rate(istio_requests_total{reporter="destination"}[1m]))',
      HTTP_EDGES,
      // Two scrapes take 10 s; the deadline only bounds a wait on a slow machine.
      startedAt + 50_000,
    );
    expect([...seen].sort()).toEqual([...HTTP_EDGES].sort());
  });

  it('shows TCP bytes for ratings -> mongodb', async () => {
    const seen = await edgesWithTraffic(
      'sum by (source_workload, destination_workload) (rate(istio_tcp_sent_bytes_total{reporter="destination"}[1m]))',
      TCP_EDGES,
      startedAt + 50_000,
    );
    expect([...seen]).toEqual(TCP_EDGES);
  });

  it('reports every edge from both sides, with mTLS seen only by the destination', async () => {
    const samples = await vector(
      'count by (source_workload, destination_workload, reporter, connection_security_policy) (istio_requests_total)',
    );
    for (const edge of HTTP_EDGES) {
      const sides = samples
        .filter((s) => edgeOf(s) === edge)
        .map((s) => `${s.labels.reporter}:${s.labels.connection_security_policy}`);
      expect(sides.sort()).toEqual(['destination:mutual_tls', 'source:unknown']);
    }
  });

  it('runs at the configured rate and conserves traffic: each page view makes one reviews call', async () => {
    // irate uses the last two scrapes only; rate(...[1m]) would still be diluted by the
    // minute of history the mesh does not have yet.
    const [gateway] = await vector(
      'sum(irate(istio_requests_total{reporter="source",source_workload="istio-ingressgateway"}[30s]))',
    );
    const [reviews] = await vector(
      'sum(irate(istio_requests_total{reporter="destination",destination_app="reviews"}[30s]))',
    );
    expect(gateway?.value).toBeGreaterThan(9);
    expect(gateway?.value).toBeLessThan(11);
    expect(reviews?.value).toBeCloseTo(gateway?.value ?? 0, 9);
  });
});

describe('the demo mesh scraped by a real VictoriaMetrics (DEMO_METRICS_STORE=victoria-metrics)', () => {
  let victoria: DemoStack;
  let victoriaClient: PrometheusClient;
  let victoriaStartedAt: number;

  beforeAll(async () => {
    const tools = ensureTools([VICTORIA_METRICS], { autoInstall: false, log: console.log });
    victoriaStartedAt = Date.now();
    victoria = await startDemoStack({
      prometheusBin: tools['victoria-metrics'] as string,
      store: 'victoria-metrics',
      mesh: { rate: 10, errorRate: 0 },
      scrapeIntervalSeconds: 5,
    });
    victoriaClient = createPrometheusClient({ url: victoria.prometheus.url, timeoutMs: 5000 });
  });

  afterAll(async () => {
    await victoria?.stop();
  });

  it('shows every Bookinfo HTTP edge and the TCP edge once scraped, as Prometheus does', async () => {
    const rates = async (query: string): Promise<Set<string>> => {
      const { data } = await victoriaClient.instantQuery(query);
      const samples = data.resultType === 'vector' ? data.samples : [];
      return new Set(samples.filter((s) => s.value > 0).map(edgeOf));
    };
    const deadline = victoriaStartedAt + 50_000;
    let http = new Set<string>();
    let tcp = new Set<string>();
    while (Date.now() < deadline) {
      [http, tcp] = await Promise.all([
        rates(
          'sum by (source_workload, destination_workload) (rate(istio_requests_total{reporter="destination"}[1m]))',
        ),
        rates(
          'sum by (source_workload, destination_workload) (rate(istio_tcp_sent_bytes_total{reporter="destination"}[1m]))',
        ),
      ]);
      if (HTTP_EDGES.every((e) => http.has(e)) && TCP_EDGES.every((e) => tcp.has(e))) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect([...http].sort()).toEqual([...HTTP_EDGES].sort());
    expect([...tcp]).toEqual(TCP_EDGES);
  });
});
