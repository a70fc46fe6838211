import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../scripts/lib/demo-stack';
import { PROMETHEUS, ensureTools } from '../../scripts/lib/system-deps';
import { apiErrorSchema } from '../contracts/api-error';
import { overviewSchema } from '../contracts/overview';
import { readinessSchema } from '../contracts/readiness';

type Handler = (request: Request) => Promise<Response>;

let stack: DemoStack;
const routes: Record<string, Handler> = {};

const get = (path: string): Promise<Response> => {
  const handler = routes[new URL(path, 'http://x').pathname];
  if (!handler) throw new Error(`no handler for ${path}`);
  return handler(new Request(`http://127.0.0.1:3000${path}`));
};

const metricValue = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ')[1]) : 0;
};

beforeAll(async () => {
  const { prometheus: bin } = ensureTools([PROMETHEUS], { autoInstall: false, log: console.log });
  stack = await startDemoStack({
    prometheusBin: bin as string,
    mesh: { rate: 10, errorRate: 0 },
    scrapeIntervalSeconds: 1,
  });
  // Configuration is read once, on first use: set it before the routes load.
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: stack.prometheus.url,
    KUBE_API_URL: stack.mesh.kubeUrl,
    KUBE_TIMEOUT_MS: '2000',
    PROMETHEUS_TIMEOUT_MS: '2000',
  });
  for (const name of ['healthz', 'readyz', 'overview'] as const) {
    routes[`/api/${name}`] = (await import(`../../app/api/${name}/route`)).GET as Handler;
  }
  routes['/api/metrics'] = (await import('../../app/api/metrics/route')).GET as Handler;
});

afterAll(async () => {
  await stack?.stop();
});

describe('API routes over real backends', () => {
  it('GET /api/healthz answers without touching a backend', async () => {
    const response = await get('/api/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/readyz is 200 with every required backend ready', async () => {
    const response = await get('/api/readyz');
    const report = readinessSchema.parse(await response.json());
    expect(response.status).toBe(200);
    expect(report.backends.map((b) => [b.backend, b.status])).toEqual([
      ['prometheus', 'ready'],
      ['kubernetes', 'ready'],
      ['tracing', 'unconfigured'],
    ]);
    expect(report.backends[0]?.version).toMatch(/^2\./);
  });

  it('GET /api/overview lists Bookinfo with replicas and live traffic', async () => {
    let overview = overviewSchema.parse(await (await get('/api/overview?window=10s')).json());
    const deadline = Date.now() + 45_000;
    const productpage = () =>
      overview.namespaces
        .find((n) => n.name === 'bookinfo')
        ?.workloads.find((w) => w.name === 'productpage-v1');
    while (!(productpage()?.inboundRps ?? 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      overview = overviewSchema.parse(await (await get('/api/overview?window=10s')).json());
    }
    const bookinfo = overview.namespaces.find((n) => n.name === 'bookinfo');
    expect(bookinfo?.workloads.map((w) => w.name)).toEqual([
      'details-v1',
      'mongodb-v1',
      'productpage-v1',
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(productpage()).toMatchObject({
      app: 'productpage',
      version: 'v1',
      replicas: { desired: 1, available: 1 },
      errorPercent: 0,
    });
    expect(productpage()?.inboundRps).toBeGreaterThan(0);
    // productpage waits for details and reviews: its p95 is tens of ms, never absent.
    expect(productpage()?.p95Ms).toBeGreaterThan(5);
    expect(productpage()?.p95Ms).toBeLessThan(1000);
    expect(
      bookinfo?.workloads.find((w) => w.name === 'mongodb-v1')?.tcpBytesPerSecond,
    ).toBeGreaterThan(0);
    expect(overview.warnings).toEqual([]);
  });

  it('rejects a bad parameter with 400 before any backend is asked', async () => {
    const before = metricValue(
      await (await get('/api/metrics')).text(),
      'meshlens_upstream_request_duration_seconds_count{upstream="prometheus",outcome="success"}',
    );
    const response = await get('/api/overview?window=1m%22%7D)%20or%20vector(1)');
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).error.message).toMatch(
      /^parameter window: expected a duration/,
    );
    const after = metricValue(
      await (await get('/api/metrics')).text(),
      'meshlens_upstream_request_duration_seconds_count{upstream="prometheus",outcome="success"}',
    );
    expect(after).toBe(before);
  });

  it('GET /api/metrics exposes process metrics, upstream timings and API requests by route and status', async () => {
    const text = await (await get('/api/metrics')).text();
    expect(text).toContain('meshlens_process_cpu_seconds_total');
    expect(
      metricValue(
        text,
        'meshlens_upstream_request_duration_seconds_count{upstream="kubernetes",outcome="success"}',
      ),
    ).toBeGreaterThan(0);
    expect(
      metricValue(text, 'meshlens_api_requests_total{route="/api/overview",status="400"}'),
    ).toBe(1);
    expect(metricValue(text, 'meshlens_api_requests_total{route="/api/readyz",status="200"}')).toBe(
      1,
    );
  });

  it('keeps serving metrics-only data with a warning when Kubernetes goes away, and readyz turns 503', async () => {
    await stack.mesh.stop();
    const overview = await get('/api/overview?window=30s');
    expect(overview.status).toBe(200);
    const body = overviewSchema.parse(await overview.json());
    expect(body.warnings).toHaveLength(1);
    expect(body.warnings[0]).toMatch(/^Kubernetes API: list deployments: connection refused/);
    expect(body.namespaces.find((n) => n.name === 'bookinfo')?.workloads.length).toBeGreaterThan(0);

    const ready = await get('/api/readyz');
    expect(ready.status).toBe(503);
    const report = readinessSchema.parse(await ready.json());
    expect(report.ready).toBe(false);
    expect(report.backends[1]).toMatchObject({ backend: 'kubernetes', status: 'unreachable' });
  });

  it('answers 502 naming Prometheus when Prometheus is down', async () => {
    await stack.prometheus.stop();
    const response = await get('/api/overview');
    expect(response.status).toBe(502);
    expect(apiErrorSchema.parse(await response.json()).error).toMatchObject({
      backend: 'prometheus',
      kind: 'unreachable',
      message: expect.stringMatching(
        /^Prometheus: connection refused by http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query$/,
      ),
    });
  });
});
