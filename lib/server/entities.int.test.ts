import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackfilledPrometheus, type PrometheusProcess } from '../../scripts/lib/prometheus';
import { apiErrorSchema } from '../contracts/api-error';
import {
  dashboardSchema,
  entityDetailsSchema,
  serviceListSchema,
  type Chart,
  type Dashboard,
} from '../contracts/entities';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { AT, SERIES, START, edgeLabels } from './__fixtures__/backfilled-bookinfo';

/**
 * The pages of apps, workloads and services: their Kubernetes objects and Istio config from the
 * demo's Kubernetes API, their dashboards over a real Prometheus holding backfilled series with
 * known rates, and their pods' logs streamed from the demo's pods/log subresource.
 */
type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

let prometheus: PrometheusProcess;
let mesh: DemoMesh;
const routes: Record<string, Handler> = {};

const reviews1 = { ns: 'bookinfo', wl: 'reviews-v1', app: 'reviews', version: 'v1' };
const productpage = { ns: 'bookinfo', wl: 'productpage-v1', app: 'productpage', version: 'v1' };

beforeAll(async () => {
  // The fixture's duration histogram of productpage → reviews-v1, with its count (for the mean).
  const count = {
    name: 'istio_request_duration_milliseconds_count',
    labels: { ...edgeLabels('destination', productpage, reviews1), response_code: '200' },
    ratePerSecond: 5,
  };
  prometheus = await startBackfilledPrometheus([...SERIES, count], {
    startSec: START,
    endSec: START + 3600,
  });
  mesh = await startDemoMesh({ rate: 5 });
  // An invalid VirtualService (a subset no DestinationRule defines), written before the first
  // reading of the mesh's config.
  const created = await fetch(
    `${mesh.kubeUrl}/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        metadata: { name: 'reviews' },
        spec: {
          hosts: ['reviews'],
          http: [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }],
        },
      }),
    },
  );
  expect(created.status).toBe(201);
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: prometheus.url,
    KUBE_API_URL: mesh.kubeUrl,
    PROMETHEUS_UI_URL: 'http://prometheus.example:9090/',
    GRAFANA_URL: 'https://grafana.example/',
    GRAFANA_DATASOURCE_UID: 'prom-main',
  });
  const api = '../../app/api/namespaces/[namespace]';
  routes.workload = (await import(`${api}/workloads/[workload]/route`)).GET as Handler;
  routes.service = (await import(`${api}/services/[service]/route`)).GET as Handler;
  routes.app = (await import(`${api}/apps/[app]/route`)).GET as Handler;
  routes.workloadMetrics = (await import(`${api}/workloads/[workload]/metrics/route`))
    .GET as Handler;
  routes.serviceMetrics = (await import(`${api}/services/[service]/metrics/route`)).GET as Handler;
  routes.log = (await import(`${api}/pods/[pod]/log/route`)).GET as Handler;
  routes.services = (await import('../../app/api/services/route')).GET as unknown as Handler;
});

afterAll(async () => {
  await prometheus?.stop();
  await mesh?.stop();
});

const call = (route: string, params: Record<string, string>, query = '', signal?: AbortSignal) =>
  (routes[route] as Handler)(new Request(`http://127.0.0.1/api/x${query}`, { signal }), {
    params: Promise.resolve(params),
  });

async function details(route: 'workload' | 'service' | 'app', name: string) {
  const response = await call(route, { namespace: 'bookinfo', [route]: name });
  expect(response.status, await response.clone().text()).toBe(200);
  return entityDetailsSchema.parse(await response.json());
}

async function dashboard(name: string, query: string, route = 'workloadMetrics') {
  const key = route === 'workloadMetrics' ? 'workload' : 'service';
  const response = await call(
    route,
    { namespace: 'bookinfo', [key]: name },
    `?queryTime=${AT}&duration=5m&${query}`,
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return dashboardSchema.parse(await response.json());
}

/** A series' value at the dashboard's last point. */
const last = (chart: Chart | undefined, label: string): number | null | undefined =>
  chart?.series.find((s) => s.label === label)?.values.at(-1);
const chart = (d: Dashboard, id: string) => d.charts.find((c) => c.id === id);

describe('entity pages', () => {
  it("a workload's page: its pods with their containers and sidecar version, its Services, and the Istio config that applies, with checks", async () => {
    const workload = await details('workload', 'reviews-v2');
    expect(workload.workloads).toEqual([
      expect.objectContaining({
        name: 'reviews-v2',
        app: 'reviews',
        version: 'v2',
        dataplane: 'sidecar',
      }),
    ]);
    expect(workload.pods).toHaveLength(1);
    const pod = workload.pods[0]!;
    expect(pod).toMatchObject({
      workload: 'reviews-v2',
      phase: 'Running',
      ready: true,
      proxyVersion: '1.26.0',
    });
    expect(pod.containers.map((c) => [c.name, c.ready, c.restartCount])).toEqual([
      ['reviews', true, 0],
      ['istio-proxy', true, 0],
    ]);
    expect(workload.services.map((s) => s.name)).toEqual(['reviews']);
    const config = workload.config.map(
      (c) => `${c.kind} ${c.namespace}/${c.name} ${c.checks.map((x) => x.id).join(',') || 'valid'}`,
    );
    expect(config).toContain('VirtualService bookinfo/reviews vs.subset-not-found');
    // The mesh-wide STRICT PeerAuthentication in the root namespace applies to every workload.
    expect(config).toContain('PeerAuthentication istio-system/default valid');
    expect(workload.warnings).toEqual([]);
  });

  it("a service's page names the workloads it selects; an app's its versions; the ingress gateway's its Gateways", async () => {
    const service = await details('service', 'reviews');
    expect(service.workloads.map((w) => w.name)).toEqual([
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(service.pods.map((p) => p.workload)).toEqual(['reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(service.config.some((c) => c.kind === 'VirtualService' && c.name === 'reviews')).toBe(
      true,
    );
    const app = await details('app', 'reviews');
    expect(app.workloads.map((w) => w.version)).toEqual(['v1', 'v2', 'v3']);
    const gateway = entityDetailsSchema.parse(
      await (
        await call('workload', { namespace: 'istio-system', workload: 'istio-ingressgateway' })
      ).json(),
    );
    expect(
      gateway.config.filter((c) => c.kind.endsWith('Gateway')).map((c) => `${c.kind} ${c.name}`),
    ).toEqual(['Gateway bookinfo-gateway', 'K8sGateway bookinfo-gateway']);
    expect(gateway.pods[0]?.containers.map((c) => c.name)).toEqual(['istio-proxy']);
  });

  it('answers 404 for a name Kubernetes does not know, and 400 for one that cannot be a name', async () => {
    const missing = await call('workload', { namespace: 'bookinfo', workload: 'reviews-v9' });
    expect(missing.status).toBe(404);
    expect(apiErrorSchema.parse(await missing.json()).error.message).toBe(
      'workload reviews-v9 not found in namespace bookinfo',
    );
    const bad = await call('workload', { namespace: 'bookinfo', workload: 'Reviews_V2' });
    expect(bad.status).toBe(400);
    expect(apiErrorSchema.parse(await bad.json()).error.message).toContain('must be a Kubernetes');
  });
});

describe('the services list', () => {
  it('joins every Service with the workloads it selects, its inbound traffic and its routing objects with their errors', async () => {
    const response = await call('services', {}, `?time=${AT}&window=5m`);
    expect(response.status, await response.clone().text()).toBe(200);
    const list = serviceListSchema.parse(await response.json());
    const reviews = list.services.find((s) => s.namespace === 'bookinfo' && s.name === 'reviews');
    expect(reviews).toMatchObject({
      workloads: ['reviews-v1', 'reviews-v2', 'reviews-v3'],
      versions: ['v1', 'v2', 'v3'],
      routing: ['VirtualService'],
      configErrors: 1,
      health: { status: 'failure' },
    });
    // reviews-v1: 4 + 1 (503) requests/s; reviews-v2: 3 + 2; one in ten failed.
    expect(reviews?.inboundRps).toBeCloseTo(10, 6);
    expect(reviews?.errorPercent).toBeCloseTo(10, 6);
    expect(list.services.find((s) => s.name === 'details')).toMatchObject({
      inboundRps: 0,
      routing: [],
    });
  });
});

describe('dashboards over backfilled metrics', () => {
  it("draws a workload's inbound requests, split by response code, and its duration quantiles and mean", async () => {
    const total = await dashboard('reviews-v1', 'direction=inbound');
    expect(total.reporter).toBe('destination');
    expect(last(chart(total, 'requests'), 'total')).toBeCloseTo(5, 6);
    // p95: rank 4.75 of 5 lies in (10, 25], 2.5 below it: 10 + 15 × 2.25 / 2.5 = 23.5 ms.
    expect(last(chart(total, 'duration'), 'p95')).toBeCloseTo(23.5, 6);
    // mean: 60 ms/s over 5 requests/s.
    expect(last(chart(total, 'duration'), 'mean')).toBeCloseTo(12, 6);
    expect(chart(total, 'duration')?.series.map((s) => s.label)).toEqual([
      'p50',
      'p95',
      'p99',
      'mean',
    ]);
    // One time axis for every chart, so one crosshair can read them all.
    for (const c of total.charts)
      for (const s of c.series) expect(s.values).toHaveLength(total.times.length);
    const byCode = await dashboard('reviews-v1', 'direction=inbound&by=response_code');
    expect(last(chart(byCode, 'requests'), '200')).toBeCloseTo(4, 6);
    expect(last(chart(byCode, 'requests'), '503')).toBeCloseTo(1, 6);
  });

  it("draws a workload's outbound requests by peer, as either end reported them", async () => {
    const destination = await dashboard(
      'productpage-v1',
      'direction=outbound&reporter=destination&by=peer',
    );
    const requests = chart(destination, 'requests');
    expect(requests?.series.map((s) => s.label)).toEqual(['reviews-v1', 'reviews-v2']);
    expect(last(requests, 'reviews-v1')).toBeCloseTo(5, 6);
    expect(last(requests, 'reviews-v2')).toBeCloseTo(5, 6);
    // productpage's own proxy reported only its calls to reviews-v1 in the fixture.
    const source = await dashboard('productpage-v1', 'direction=outbound&by=peer');
    expect(source.reporter).toBe('source');
    expect(chart(source, 'requests')?.series.map((s) => s.label)).toEqual(['reviews-v1']);
  });

  it("links each chart's exact PromQL to Prometheus and Grafana Explore", async () => {
    const d = await dashboard('reviews-v1', 'direction=inbound');
    const requests = chart(d, 'requests')!;
    expect(requests.queries).toEqual([
      'sum(rate(istio_requests_total{reporter=~"destination|waypoint",destination_workload_namespace="bookinfo",destination_workload="reviews-v1"}[30s]))',
    ]);
    const prom = new URL(requests.links.prometheus!);
    expect(`${prom.origin}${prom.pathname}`).toBe('http://prometheus.example:9090/graph');
    expect(prom.searchParams.get('g0.expr')).toBe(requests.queries[0]);
    expect(prom.searchParams.get('g0.range_input')).toBe('300s');
    const grafana = new URL(chart(d, 'duration')!.links.grafana!);
    expect(`${grafana.origin}${grafana.pathname}`).toBe('https://grafana.example/explore');
    const pane = JSON.parse(grafana.searchParams.get('panes')!).a;
    expect(pane.datasource).toBe('prom-main');
    expect(pane.queries.map((q: { expr: string }) => q.expr)).toEqual(
      chart(d, 'duration')!.queries,
    );
  });

  it('refuses outbound metrics for a service, and a grouping it does not know', async () => {
    const outbound = await call(
      'serviceMetrics',
      { namespace: 'bookinfo', service: 'reviews' },
      '?direction=outbound',
    );
    expect(outbound.status).toBe(400);
    expect(apiErrorSchema.parse(await outbound.json()).error.message).toContain(
      'inbound metrics only',
    );
    const by = await call(
      'workloadMetrics',
      { namespace: 'bookinfo', workload: 'reviews-v1' },
      '?by=pod',
    );
    expect(by.status).toBe(400);
    expect(apiErrorSchema.parse(await by.json()).error.message).toContain('parameter by');
  });
});

describe('pod logs', () => {
  const podOf = async (workload: string) => (await details('workload', workload)).pods[0]!.name;

  it("reads a sidecar's access log, each line with its time; the right errors for a wrong container or pod", async () => {
    const pod = await podOf('productpage-v1');
    let text = '';
    for (let i = 0; i < 40 && text.trim().split('\n').length < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      const response = await call(
        'log',
        { namespace: 'bookinfo', pod },
        '?container=istio-proxy&tailLines=3',
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      text = await response.text();
    }
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines)
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[[\d\-T:.]+Z\] "GET \//);
    const wrong = await call('log', { namespace: 'bookinfo', pod }, '?container=ratings');
    expect(wrong.status).toBe(400);
    expect(apiErrorSchema.parse(await wrong.json()).error.message).toContain(
      `container ratings is not valid for pod ${pod}`,
    );
    const gone = await call(
      'log',
      { namespace: 'bookinfo', pod: 'gone-1' },
      '?container=istio-proxy',
    );
    expect(gone.status).toBe(404);
    const noContainer = await call('log', { namespace: 'bookinfo', pod }, '');
    expect(noContainer.status).toBe(400);
    expect(apiErrorSchema.parse(await noContainer.json()).error.message).toContain(
      'parameter container',
    );
  });

  it('follows a log live: lines written after the request arrive on the open stream', async () => {
    const gateway = entityDetailsSchema.parse(
      await (
        await call('workload', { namespace: 'istio-system', workload: 'istio-ingressgateway' })
      ).json(),
    );
    const gatewayPod = gateway.pods[0]!.name;
    const controller = new AbortController();
    const startedMs = Date.now();
    const response = await call(
      'log',
      { namespace: 'istio-system', pod: gatewayPod },
      '?container=istio-proxy&tailLines=1&follow=true',
      controller.signal,
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    while (text.split('\n').filter(Boolean).length < 4) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);
    const stamps = text
      .split('\n')
      .filter(Boolean)
      .map((l) => Date.parse(l.split(' ')[0]!));
    expect(stamps.length).toBeGreaterThanOrEqual(4);
    // The tail line came first; the rest were written while the stream was open.
    expect(stamps.slice(1).every((t) => t >= startedMs - 1000)).toBe(true);
  });
});
