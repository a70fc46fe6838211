import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { apiErrorSchema } from '../contracts/api-error';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { getMetrics } from './metrics';

/**
 * Bad input against every route with input: hand-picked cases from the attack run, and
 * fast-check's hostile strings in every parameter. Whatever arrives, the answer is never a
 * 500; every 4xx carries a message, made no upstream call, and changed no Kubernetes object.
 */
type Context = { params: Promise<Record<string, string>> };
type Handler = (request: Request, context: Context) => Promise<Response>;

interface RouteUnderTest {
  name: string;
  handler: Handler;
  /** Path parameters that are valid, which a case may override. */
  params: Record<string, string>;
  /** Query parameters the route reads. */
  query: string[];
  method?: 'GET' | 'PUT' | 'POST';
}

let mesh: DemoMesh;
let routes: RouteUnderTest[];

beforeAll(async () => {
  mesh = await startDemoMesh({ rate: 5 });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Reflect.deleteProperty(globalThis, '__meshlensLimits');
  Object.assign(process.env, {
    // No Prometheus: a request that got through validation fails upstream (502), visibly.
    PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
    KUBE_API_URL: mesh.kubeUrl,
    TRACING_URL: mesh.tracingUrl,
    VIEW_ONLY: 'false',
  });
  const load = async (path: string, method = 'GET') =>
    (await import(path))[method] as unknown as Handler;
  const ns = '../../app/api/namespaces/[namespace]';
  routes = [
    {
      name: 'graph',
      handler: await load('../../app/api/graph/route'),
      params: {},
      query: ['namespaces', 'graphType', 'duration', 'responseTime', 'queryTime', 'tcpRate'],
    },
    {
      name: 'graph node',
      handler: await load('../../app/api/graph/node/route'),
      params: {},
      query: ['node', 'direction', 'duration', 'queryTime'],
    },
    {
      name: 'graph edge',
      handler: await load('../../app/api/graph/edge/route'),
      params: {},
      query: ['edge', 'duration', 'queryTime'],
    },
    {
      name: 'overview',
      handler: await load('../../app/api/overview/route'),
      params: {},
      query: ['window', 'time'],
    },
    {
      name: 'istio config',
      handler: await load('../../app/api/istio/route'),
      params: {},
      query: ['namespaces'],
    },
    {
      name: 'service traces',
      handler: await load(`${ns}/services/[service]/traces/route`),
      params: { namespace: 'bookinfo', service: 'reviews' },
      query: ['start', 'end', 'limit', 'minDuration', 'errorsOnly', 'tags', 'from'],
    },
    {
      name: 'workload traces',
      handler: await load(`${ns}/workloads/[workload]/traces/route`),
      params: { namespace: 'bookinfo', workload: 'reviews-v1' },
      query: ['start', 'end', 'limit', 'app', 'from'],
    },
    {
      name: 'trace',
      handler: await load('../../app/api/traces/[traceId]/route'),
      params: { traceId: '0123456789abcdef0123456789abcdef' },
      query: [],
    },
    {
      name: 'routing',
      handler: await load(`${ns}/services/[service]/routing/route`),
      params: { namespace: 'bookinfo', service: 'reviews' },
      query: [],
    },
    {
      name: 'routing write',
      handler: await load(`${ns}/services/[service]/routing/route`, 'PUT'),
      params: { namespace: 'bookinfo', service: 'reviews' },
      query: [],
      method: 'PUT',
    },
    {
      name: 'routing preview',
      handler: await load(`${ns}/services/[service]/routing/preview/route`, 'POST'),
      params: { namespace: 'bookinfo', service: 'reviews' },
      query: [],
      method: 'POST',
    },
  ];
});

afterAll(async () => {
  await mesh?.stop();
});

/** Calls to every backend so far (successes, errors and timeouts alike). */
async function upstreamCalls(): Promise<number> {
  const metric = await getMetrics().upstreamDuration.get();
  return metric.values
    .filter((v) => v.metricName === 'meshlens_upstream_request_duration_seconds_count')
    .reduce((sum, v) => sum + v.value, 0);
}

interface Outcome {
  status: number;
  message: string | undefined;
  upstream: number;
  written: boolean;
}

async function attempt(
  route: RouteUnderTest,
  input: { params?: Record<string, string>; query?: Record<string, string>; body?: string },
): Promise<Outcome> {
  const url = new URL('http://127.0.0.1/api/x');
  for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, value);
  const calls = await upstreamCalls();
  const revision = mesh.store.currentRevision();
  const response = await route.handler(
    new Request(url, {
      method: route.method ?? 'GET',
      ...(route.method
        ? { body: input.body ?? '{}', headers: { 'content-type': 'application/json' } }
        : {}),
    }),
    { params: Promise.resolve({ ...route.params, ...input.params }) },
  );
  const text = await response.text();
  const parsed = apiErrorSchema.safeParse(JSON.parse(text || '{}'));
  return {
    status: response.status,
    message: parsed.success ? parsed.data.error.message : undefined,
    upstream: (await upstreamCalls()) - calls,
    written: mesh.store.currentRevision() !== revision,
  };
}

/** What every answer to bad input must be. */
function expectRefused(outcome: Outcome, what: string): void {
  expect(outcome.status, what).toBeGreaterThanOrEqual(400);
  expect(outcome.status, what).toBeLessThan(500);
  expect(outcome.message, what).toMatch(/\S/);
  expect(outcome.upstream, `${what}: upstream calls`).toBe(0);
  expect(outcome.written, `${what}: wrote to Kubernetes`).toBe(false);
}

const route = (name: string): RouteUnderTest => {
  const found = routes.find((r) => r.name === name);
  if (!found) throw new Error(`no route ${name}`);
  return found;
};

describe('bad input, every route', () => {
  it('refuses the attack run’s cases with a 4xx and a message, calling no backend', async () => {
    const cases: [string, Parameters<typeof attempt>[1]][] = [
      ['graph', { query: { namespaces: 'bookinfo"}) or vector(1)' } }],
      ['graph', { query: { namespaces: 'bookinfo', graphType: 'bogus' } }],
      ['graph', { query: { namespaces: 'bookinfo', duration: '999y' } }],
      ['graph', { query: { namespaces: 'bookinfo', queryTime: '-1' } }],
      ['graph node', { query: { node: 'workload/bookinfo/x"} or vector(1)' } }],
      ['graph edge', { query: { edge: 'a->b' } }],
      ['overview', { query: { window: '0s' } }],
      ['service traces', { query: { end: '8640000000001' } }],
      ['service traces', { query: { start: '4102444800' } }],
      ['service traces', { query: { start: '1', end: '8640000000000' } }],
      ['service traces', { query: { tags: 'a=b c' } }],
      ['service traces', { params: { namespace: '../kube-system' } }],
      ['workload traces', { query: { end: '8640000000001' } }],
      ['workload traces', { query: { from: 'nope' } }],
      ['trace', { params: { traceId: 'abc/../../etc' } }],
      ['routing', { params: { service: 'a b' } }],
      ['routing write', { body: '{not json' }],
      ['routing write', { body: JSON.stringify({ base: {}, spec: { http: 'x', subsets: [] } }) }],
      [
        'routing write',
        {
          body: JSON.stringify({
            base: {},
            spec: { http: [], subsets: [{ name: 'v1', labels: { version: 'v 1' } }] },
          }),
        },
      ],
      [
        'routing preview',
        { body: JSON.stringify({ base: { virtualService: { name: 'UPPER' } } }) },
      ],
    ];
    for (const [name, input] of cases)
      expectRefused(await attempt(route(name), input), `${name} ${JSON.stringify(input)}`);
  });

  it('answers hostile parameter values without a 500; whatever it refuses, it refused before any call', async () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        '',
        '-1',
        '1e308',
        'NaN',
        '8640000000001',
        '"} or vector(1)',
        '../../etc/passwd',
        '%00',
        'a'.repeat(5000),
      ),
    );
    for (const target of routes) {
      const names = [...target.query, ...Object.keys(target.params)];
      if (names.length === 0) continue;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...names), hostile, async (name, value) => {
          const isPath = name in target.params;
          const outcome = await attempt(target, {
            ...(isPath ? { params: { [name]: value } } : { query: { [name]: value } }),
          });
          const what = `${target.name} ${name}=${JSON.stringify(value)}`;
          expect(outcome.status, what).not.toBe(500);
          if (outcome.status >= 400 && outcome.status < 500 && outcome.status !== 404)
            expectRefused(outcome, what);
          expect(outcome.written, what).toBe(false);
        }),
        { numRuns: 25 },
      );
    }
  });

  it('answers hostile bodies to writes with a 4xx, writing nothing', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.record({ base: fc.anything(), spec: fc.anything() }).map((o) => JSON.stringify(o)),
    );
    for (const name of ['routing write', 'routing preview']) {
      await fc.assert(
        fc.asyncProperty(body, async (text) => {
          expectRefused(await attempt(route(name), { body: text }), `${name} ${text.slice(0, 80)}`);
        }),
        { numRuns: 40 },
      );
    }
  });
});
