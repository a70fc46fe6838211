import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFaultDelay } from '../../scripts/lib/fault-delay';
import type { CounterSeries } from '../../scripts/lib/openmetrics';
import { startBackfilledPrometheus, type PrometheusProcess } from '../../scripts/lib/prometheus';
import { apiErrorSchema } from '../contracts/api-error';
import { latencyResponseSchema, type LatencyResponse } from '../contracts/latency';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';

/**
 * /api/latency over a real Prometheus holding backfilled request durations of both reporters.
 * For the first half hour every call is quick; then productpage's proxy delays half its
 * calls to details by 2 s (a fault delay: `DI` on the source's reports), adding 1 s to the
 * mean of every request through the gateway. Every figure below follows from the series.
 */
const START = 1_699_999_200;
const CHANGE = START + 1800;
const AT = START + 3600;

type Peer = { ns: string; wl: string; app: string; version: string };
const peer = (ns: string, app: string, version: string): Peer => ({
  ns,
  wl: `${app}-${version}`,
  app,
  version,
});
const gateway: Peer = {
  ns: 'istio-system',
  wl: 'istio-ingressgateway',
  app: 'istio-ingressgateway',
  version: 'latest',
};
const productpage = peer('bookinfo', 'productpage', 'v1');
const details = peer('bookinfo', 'details', 'v1');
const reviews = peer('bookinfo', 'reviews', 'v2');
const ratings = peer('bookinfo', 'ratings', 'v1');

const labels = (reporter: string, s: Peer, d: Peer, extra: Record<string, string> = {}) => ({
  reporter,
  source_workload_namespace: s.ns,
  source_workload: s.wl,
  source_canonical_service: s.app,
  source_canonical_revision: s.version,
  destination_workload_namespace: d.ns,
  destination_workload: d.wl,
  destination_canonical_service: d.app,
  destination_canonical_revision: d.version,
  destination_service_namespace: d.ns,
  destination_service_name: d.app,
  destination_service: `${d.app}.${d.ns}.svc.cluster.local`,
  request_protocol: 'http',
  response_code: '200',
  response_flags: '-',
  ...extra,
});

/**
 * One edge at 10 requests/s: the mean duration each proxy reported (ms), before and after the
 * change.
 */
function edge(
  s: Peer,
  d: Peer,
  sourceMs: number,
  destinationMs: number,
  after?: { sourceMs: number; destinationMs: number },
): CounterSeries[] {
  const series: CounterSeries[] = [];
  for (const [reporter, ms, msAfter] of [
    ['source', sourceMs, after?.sourceMs ?? sourceMs],
    ['destination', destinationMs, after?.destinationMs ?? destinationMs],
  ] as const) {
    const l = labels(reporter, s, d);
    series.push(
      { name: 'istio_requests_total', labels: l, ratePerSecond: 10 },
      { name: 'istio_request_duration_milliseconds_count', labels: l, ratePerSecond: 10 },
      {
        name: 'istio_request_duration_milliseconds_sum',
        labels: l,
        ratePerSecond: 10 * ms,
        then: { atSec: CHANGE, ratePerSecond: 10 * msAfter },
      },
    );
  }
  return series;
}

const SERIES: CounterSeries[] = [
  // The gateway's proxy adds 5 ms; productpage spends 8 ms itself besides its two calls.
  ...edge(gateway, productpage, 50, 45, { sourceMs: 1050, destinationMs: 1045 }),
  // 2 ms of proxy and network, then 2,002 ms: half the calls delayed 2 s.
  ...edge(productpage, details, 12, 10, { sourceMs: 1012, destinationMs: 10 }),
  {
    name: 'istio_requests_total',
    labels: labels('source', productpage, details, { response_flags: 'DI' }),
    ratePerSecond: 0,
    then: { atSec: CHANGE, ratePerSecond: 5 },
  },
  ...edge(productpage, reviews, 25, 20),
  ...edge(reviews, ratings, 6, 5),
];

let prometheus: PrometheusProcess;
let mesh: DemoMesh;
let GET: (request: Request) => Promise<Response>;

beforeAll(async () => {
  prometheus = await startBackfilledPrometheus(SERIES, { startSec: START, endSec: START + 3600 });
  // Live Bookinfo traces (of now), where productpage's proxy delays every call to details.
  mesh = await startDemoMesh({ rate: 40 });
  await writeFaultDelay(mesh.kubeUrl, {
    service: 'details',
    percent: 100,
    delay: '2s',
    fieldManager: 'chaos-test',
  });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: prometheus.url,
    TRACING_URL: mesh.tracingUrl,
    KUBE_API_URL: mesh.kubeUrl,
  });
  GET = (await import('../../app/api/latency/route')).GET;
});

afterAll(async () => {
  await prometheus?.stop();
  await mesh?.stop();
});

async function latency(query: string): Promise<LatencyResponse> {
  const response = await GET(
    new Request(`http://127.0.0.1/api/latency?namespaces=bookinfo&duration=5m&${query}`),
  );
  expect(response.status).toBe(200);
  return latencyResponseSchema.parse(await response.json());
}

/** Contributors as `part node (from caller)` → ms, rounded to 0.01 ms. */
const table = (r: LatencyResponse) =>
  Object.fromEntries(
    r.contributors.map((c) => [
      c.part === 'service' ? c.node : `${c.caller} → ${c.node}`,
      Math.round(c.ms * 100) / 100,
    ]),
  );

const GW = 'app/istio-system/istio-ingressgateway/latest';
const PP = 'app/bookinfo/productpage/v1';
const DETAILS = 'app/bookinfo/details/v1';

describe('GET /api/latency over backfilled request durations', () => {
  it('ranks the fault delay in productpage’s proxy first, from the gateway by default', async () => {
    const r = await latency(`queryTime=${AT}`);
    expect(r.source).toBe('metrics');
    expect(r.entries).toEqual([GW]);
    expect(r.entry?.node).toBe(GW);
    expect(r.entry?.meanMs).toBeCloseTo(1050, 6);
    expect(r.entry?.ratePerSecond).toBeCloseTo(10, 6);
    expect(table(r)).toEqual({
      [`${PP} → ${DETAILS}`]: 1002,
      [DETAILS]: 10,
      'app/bookinfo/reviews/v2': 14,
      [PP]: 8,
      [`${GW} → ${PP}`]: 5,
      [`${PP} → app/bookinfo/reviews/v2`]: 5,
      'app/bookinfo/ratings/v1': 5,
      'app/bookinfo/reviews/v2 → app/bookinfo/ratings/v1': 1,
    });
    expect(r.contributors[0]).toMatchObject({
      node: DETAILS,
      part: 'callerProxy',
      caller: PP,
      evidence: [
        'fault delay injected (DI) on 50 % of calls',
        // From the mesh's Kubernetes API: the VirtualService that configures it, and who
        // wrote it when (its managedFields).
        expect.stringMatching(
          /^fault delay in VirtualService bookinfo\/details \(changed \d\d:\d\d UTC by chaos-test\): 2\.0 s on every request$/,
        ),
      ],
    });
    expect(r.contributors[0]?.share).toBeCloseTo(1002 / 1050, 6);
    expect(r.contributors.reduce((sum, c) => sum + c.ms, 0)).toBeCloseTo(1050, 6);
  });

  it('says what changed since the baseline, and how much of the added latency each part is', async () => {
    const r = await latency(`queryTime=${AT}&compareTo=30m`);
    expect(r.baseline?.timestamp).toBe(CHANGE);
    expect(r.baseline?.meanMs).toBeCloseTo(50, 6);
    const delay = r.contributors[0];
    expect(delay?.deltaMs).toBeCloseTo(1000, 6);
    expect(delay?.shareOfAdded).toBeCloseTo(1, 6);
    for (const c of r.contributors.slice(1)) expect(c.deltaMs).toBeCloseTo(0, 6);
    // A moment instead of a time before: the window ending at the change, the same answer.
    const atChange = await latency(`queryTime=${AT}&compareTo=${CHANGE}`);
    expect(atChange.baseline).toEqual(r.baseline);
    expect(atChange.contributors).toEqual(r.contributors);
  });

  it('starts at the node asked for, on the graph type asked for', async () => {
    const r = await latency(
      `queryTime=${AT}&graphType=workload&entry=workload/bookinfo/productpage-v1`,
    );
    expect(r.entry?.meanMs).toBeCloseTo(1045, 6);
    expect(r.contributors[0]).toMatchObject({
      node: 'workload/bookinfo/details-v1',
      caller: 'workload/bookinfo/productpage-v1',
    });
    const before = await latency(`queryTime=${CHANGE}&entry=${PP}`);
    expect(table(before)).toMatchObject({ [PP]: 8, [DETAILS]: 10, [`${PP} → ${DETAILS}`]: 2 });
  });

  it('answers 400 naming the parameter, and says when the entry had no requests', async () => {
    for (const [query, text] of [
      ['graphType=service', 'graphType'],
      ['entry=app/x"}', 'entry'],
      ['compareTo=yesterday', 'compareTo'],
      [`queryTime=${CHANGE}&compareTo=${AT}`, 'compareTo: the baseline'],
    ] as const) {
      const response = await GET(
        new Request(`http://127.0.0.1/api/latency?namespaces=bookinfo&${query}`),
      );
      expect(response.status).toBe(400);
      expect(apiErrorSchema.parse(await response.json()).error.message).toContain(text);
    }
    const r = await latency(`queryTime=${AT}&entry=app/bookinfo/nobody/v1`);
    expect(r.entry).toBeUndefined();
    expect(r.contributors).toEqual([]);
    expect(r.warnings).toContain('No requests through app/bookinfo/nobody/v1 in the window.');
  });
});

describe('GET /api/latency?source=traces over the demo’s Jaeger API', () => {
  it('ranks the same fault delay first from traces’ critical paths, with percentiles and examples', async () => {
    const query = `source=traces&traces=100&duration=1m&entry=${GW}`;
    // The fault applies to calls made after it was written: wait for enough traces of those
    // (a loaded machine records them slowly; the ranking can lead before the sample is full).
    await expect
      .poll(
        async () => {
          const ranked = await latency(query);
          return ranked.contributors[0]?.node === DETAILS && (ranked.sampled?.traces ?? 0) > 10;
        },
        { timeout: 45_000 },
      )
      .toBe(true);
    const r = await latency(query);
    expect(r.source).toBe('traces');
    expect(r.sampled?.limit).toBe(100);
    expect(r.sampled?.traces).toBeGreaterThan(10);
    const first = r.contributors[0];
    expect(first).toMatchObject({ part: 'callerProxy', caller: PP });
    expect(first?.evidence[0]).toMatch(/^fault delay injected \(DI\) in \d+ of \d+ traced calls$/);
    expect(first?.evidence[1]).toMatch(
      /^fault delay in VirtualService bookinfo\/details \(changed \d\d:\d\d UTC by chaos-test\): 2\.0 s on every request$/,
    );
    expect(first?.p95Ms).toBeGreaterThanOrEqual(2000);
    expect(first?.exampleTraces?.length).toBeGreaterThan(0);
    expect(r.contributors.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 6);
    // The metrics of this window (the backfill is of 2023) know nothing: no rate is made up.
    expect(r.entry?.ratePerSecond).toBeUndefined();
  });
});

describe('a slow version, without any fault', () => {
  it('is ranked first from traces once its own processing dominates', async () => {
    const kube = (path: string, init: RequestInit) =>
      fetch(`${mesh.kubeUrl}${path}`, {
        ...init,
        headers: { 'content-type': 'application/merge-patch+json' },
      });
    const removed = await kube(
      '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/details',
      {
        method: 'DELETE',
      },
    );
    expect(removed.status).toBe(200);
    // The demo's slow service, rolled out: 10 times its siblings' own time and more.
    const rolledOut = await kube('/apis/apps/v1/namespaces/bookinfo/deployments/reviews-v3', {
      method: 'PATCH',
      body: JSON.stringify({
        spec: {
          template: { metadata: { annotations: { 'demo.meshlens.dev/latency': '1s' } } },
        },
      }),
    });
    expect(rolledOut.status).toBe(200);
    const query = `source=traces&traces=100&duration=10s&entry=${GW}`;
    await expect
      .poll(async () => (await latency(query)).contributors[0], { timeout: 30_000 })
      .toMatchObject({ node: 'app/bookinfo/reviews/v3', part: 'service' });
    const r = await latency(query);
    expect(r.contributors[0]?.p95Ms).toBeGreaterThanOrEqual(1000);
    // What changed there: the rollout, cited on the service it made slow.
    expect(r.contributors[0]?.evidence).toEqual([
      expect.stringMatching(/^reviews-v3 rolled out \d\d:\d\d UTC \(revision 2\)$/),
    ]);
  });
});

describe('a delay for one user only (Istio’s ratings-test-delay sample)', () => {
  it('ranks the ratings calls of the versions that make them first, from the traces that carry it', async () => {
    const kube = (path: string, method: string, body: unknown, type = 'application/json') =>
      fetch(`${mesh.kubeUrl}${path}`, {
        method,
        headers: { 'content-type': type },
        body: JSON.stringify(body),
      });
    // Back to normal speed, then samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml.
    await kube(
      '/apis/apps/v1/namespaces/bookinfo/deployments/reviews-v3',
      'PATCH',
      { spec: { template: { metadata: { annotations: { 'demo.meshlens.dev/latency': null } } } } },
      'application/merge-patch+json',
    );
    await writeFaultDelay(mesh.kubeUrl, {
      service: 'ratings',
      percent: 100,
      delay: '7s',
      headers: { 'end-user': 'jason' },
    });
    // Every tenth request is jason's; two reviews versions in three call ratings.
    const query = `source=traces&traces=500&duration=10s&entry=${GW}`;
    await expect
      .poll(async () => (await latency(query)).contributors[0], { timeout: 30_000 })
      .toMatchObject({ node: 'app/bookinfo/ratings/v1', part: 'callerProxy' });
    const r = await latency(query);
    const first = r.contributors[0];
    expect(first?.caller).toMatch(/^app\/bookinfo\/reviews\/v[23]$/);
    // Most traced requests never met it: their median is untouched.
    expect(first?.p50Ms).toBe(0);
    expect(first?.evidence).toContainEqual(
      expect.stringMatching(
        /^fault delay in VirtualService bookinfo\/ratings \(changed .*\): 7\.0 s on every request with end-user: jason$/,
      ),
    );
  });
});
