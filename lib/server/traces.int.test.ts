import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { apiErrorSchema } from '../contracts/api-error';
import {
  traceListSchema,
  traceResponseSchema,
  traceSearchParamsSchema,
  type TraceList,
} from '../contracts/traces';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { spanFromWorkload, traceHops } from '../traces/istio';
import type { Span, Trace } from '../traces/model';
import { createTracingClient, type TracingApi } from '../tracing/client';
import { isUpstreamError } from '../upstream/errors';
import { searchTraces, type TraceDeps } from './traces';

/**
 * The trace routes against the demo mesh's Jaeger query service (api_v3 and v1) and its
 * Kubernetes API, the Tempo client against a server replaying Kiali's recorded Tempo answers,
 * and the failures: backend down, garbage, not configured.
 */
type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

let mesh: DemoMesh;
let services: Handler;
let workloads: Handler;
let traceById: Handler;

beforeAll(async () => {
  mesh = await startDemoMesh({ rate: 50, errorRate: 0.2 });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
    KUBE_API_URL: mesh.kubeUrl,
    TRACING_URL: mesh.tracingUrl,
    TRACING_UI_URL: 'http://jaeger.example:16686',
  });
  services = (await import('../../app/api/namespaces/[namespace]/services/[service]/traces/route'))
    .GET as unknown as Handler;
  workloads = (
    await import('../../app/api/namespaces/[namespace]/workloads/[workload]/traces/route')
  ).GET as unknown as Handler;
  traceById = (await import('../../app/api/traces/[traceId]/route')).GET as unknown as Handler;
  const deadline = Date.now() + 45_000;
  while (mesh.traces.size < 150 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
});

afterAll(async () => {
  await mesh?.stop();
});

const call = (handler: Handler, path: string, params: Record<string, string>) =>
  handler(new Request(`http://127.0.0.1${path}`), { params: Promise.resolve(params) });

async function list(
  handler: Handler,
  params: Record<string, string>,
  query = '',
): Promise<TraceList> {
  const response = await call(handler, `/api/x/traces?start=1&${query}`, params);
  expect(response.status, await response.clone().text()).toBe(200);
  return traceListSchema.parse(await response.json());
}

async function trace(id: string): Promise<Trace> {
  const response = await call(traceById, `/api/traces/${id}`, { traceId: id });
  expect(response.status).toBe(200);
  return traceResponseSchema.parse(await response.json()).trace;
}

describe('trace routes over the demo (Jaeger api_v3)', () => {
  it('lists traces through a service, newest first, saying what was searched', async () => {
    const result = await list(
      services,
      { namespace: 'bookinfo', service: 'productpage' },
      'limit=20',
    );
    expect(result.traces).toHaveLength(20);
    expect(result.searched).toMatchObject({
      backend: 'Jaeger (api_v3)',
      service: 'productpage.bookinfo',
      limit: 20,
      errorsOnly: false,
    });
    const starts = result.traces.map((t) => t.startUs);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    for (const t of result.traces) {
      expect(t.rootService).toBe('istio-ingressgateway.istio-system');
      expect(t.spanCount).toBeGreaterThanOrEqual(2);
    }
    expect(result.uiUrl).toMatch(
      /^http:\/\/jaeger\.example:16686\/search\?service=productpage\.bookinfo&/,
    );
  });

  it('finds a workload’s traces by its pods, looking its app up in Kubernetes', async () => {
    const result = await list(
      workloads,
      { namespace: 'bookinfo', workload: 'reviews-v2' },
      'limit=5',
    );
    expect(result.searched).toMatchObject({ service: 'reviews.bookinfo', workload: 'reviews-v2' });
    expect(result.warnings).toEqual([]);
    expect(result.traces.length).toBeGreaterThan(0);
    for (const summary of result.traces) {
      const spans = (await trace(summary.traceId)).spans as Span[];
      expect(spans.some((s) => spanFromWorkload(s, 'bookinfo', 'reviews-v2'))).toBe(true);
      expect(spans.some((s) => spanFromWorkload(s, 'bookinfo', 'reviews-v1'))).toBe(false);
    }
  });

  it('fills a workload’s limit by paging back through the window, and says when fewer exist', async () => {
    for (const limit of [5, 20]) {
      const result = await list(
        workloads,
        { namespace: 'bookinfo', workload: 'reviews-v2' },
        `limit=${limit}`,
      );
      expect(result.traces).toHaveLength(limit);
      expect(result.warnings).toEqual([]);
    }
    // A window too short to hold the limit: every trace in it, and no warning (none was missed).
    const now = Math.floor(Date.now() / 1000);
    const short = await call(workloads, `/api/x/traces?start=${now - 2}&end=${now}&limit=500`, {
      namespace: 'bookinfo',
      workload: 'reviews-v2',
    });
    const few = traceListSchema.parse(await short.json());
    expect(few.traces.length).toBeLessThan(500);
    expect(few.warnings).toEqual([]);
  });

  it('filters errors only, minimum duration and an edge’s caller', async () => {
    const errors = await list(
      services,
      { namespace: 'bookinfo', service: 'reviews' },
      'limit=100&errorsOnly=true',
    );
    expect(errors.traces.length).toBeGreaterThan(0);
    for (const t of errors.traces) expect(t.errorSpanCount).toBeGreaterThan(0);

    const slow = await list(
      services,
      { namespace: 'bookinfo', service: 'productpage' },
      'limit=500&minDuration=40ms',
    );
    const all = await list(
      services,
      { namespace: 'bookinfo', service: 'productpage' },
      'limit=500',
    );
    expect(slow.traces.length).toBeLessThan(all.traces.length);
    for (const t of slow.traces) expect(t.durationUs).toBeGreaterThanOrEqual(40_000);

    const edge = await list(
      services,
      { namespace: 'bookinfo', service: 'ratings' },
      'limit=5&from=bookinfo/reviews-v3',
    );
    expect(edge.traces.length).toBeGreaterThan(0);
    for (const summary of edge.traces) {
      const hops = traceHops(await trace(summary.traceId));
      expect(
        hops.some((h) => h.source.workload === 'reviews-v3' && h.service?.name === 'ratings'),
      ).toBe(true);
    }
  });

  it('returns one trace with every span, and 404 / 400 for unknown and malformed ids', async () => {
    const [first] = (await list(services, { namespace: 'bookinfo', service: 'ratings' }, 'limit=1'))
      .traces;
    const t = await trace(first?.traceId as string);
    expect(t.spans.length).toBe(first?.spanCount);
    expect(new Set(t.spans.map((s) => s.service))).toContain('ratings.bookinfo');

    const missing = await call(traceById, '/api/traces/x', {
      traceId: '0123456789abcdef0123456789abcdef',
    });
    expect(missing.status).toBe(404);
    expect(apiErrorSchema.parse(await missing.json()).error.message).toMatch(
      /Tracing backend has no trace 0123456789abcdef0123456789abcdef/,
    );
    const bad = await call(traceById, '/api/traces/x', { traceId: 'abc/../../etc' });
    expect(bad.status).toBe(400);
  });

  it('rejects bad parameters with 400 and a message naming them', async () => {
    const cases: [Handler, Record<string, string>, string, RegExp][] = [
      [services, { namespace: 'Bookinfo"}', service: 'x' }, '', /path namespace/],
      [services, { namespace: 'bookinfo', service: 'a b' }, '', /path name/],
      [services, { namespace: 'bookinfo', service: 'x' }, 'limit=0', /parameter limit/],
      [
        services,
        { namespace: 'bookinfo', service: 'x' },
        'minDuration=fast',
        /parameter minDuration/,
      ],
      [
        services,
        { namespace: 'bookinfo', service: 'x' },
        `tags=${encodeURIComponent('bad key="1" {}=x')}`,
        /parameter tags/,
      ],
      [
        services,
        { namespace: 'bookinfo', service: 'x' },
        'errorsOnly=maybe',
        /parameter errorsOnly/,
      ],
      [workloads, { namespace: 'bookinfo', workload: 'x' }, 'from=nope', /parameter from/],
      // Out-of-range and inverted times: decided here, never sent to the backend (was 500/502).
      [services, { namespace: 'bookinfo', service: 'x' }, 'end=8640000000001', /parameter end/],
      [services, { namespace: 'bookinfo', service: 'x' }, 'start=8640000000001', /parameter start/],
      [workloads, { namespace: 'bookinfo', workload: 'x' }, 'end=8640000000001', /parameter end/],
      [
        services,
        { namespace: 'bookinfo', service: 'x' },
        'start=4102444800',
        /^parameter start: must be before end \(4102444800 is not before \d+, now\)$/,
      ],
      [
        services,
        { namespace: 'bookinfo', service: 'x' },
        'start=1&end=8640000000000',
        /parameter end/,
      ],
      [
        services,
        { namespace: 'bookinfo', service: 'x' },
        'start=1&end=4102444800',
        /^parameter end: 4102444800 is more than a day in the future$/,
      ],
    ];
    for (const [handler, params, query, message] of cases) {
      const response = await call(handler, `/x?${query}`, params);
      expect(response.status, query).toBe(400);
      expect(apiErrorSchema.parse(await response.json()).error.message).toMatch(message);
    }
  });
});

const deps = (tracing: TraceDeps['tracing']): TraceDeps => ({
  tracing,
  kube: undefined as never,
  serviceTemplate: '{service}.{namespace}',
  uiUrl: undefined,
});
const searchParams = traceSearchParamsSchema.parse({ start: '1', limit: '10' });

describe('tracing clients', () => {
  const client = (api: TracingApi | 'auto', url = mesh.tracingUrl) =>
    createTracingClient({ url, api, timeoutMs: 2000 });

  it('reads the same trace through Jaeger v1 as through api_v3', async () => {
    const [summary] = await client('jaeger-v3').searchTraces({
      service: 'reviews.bookinfo',
      startUs: 1,
      endUs: Date.now() * 1000,
      limit: 1,
    });
    const v3 = await client('jaeger-v3').getTrace(summary?.traceId as string);
    const v1 = await client('jaeger-v1').getTrace(summary?.traceId as string);
    const essence = (s: Span) =>
      [
        s.spanId,
        s.parentSpanId,
        s.service,
        s.operation,
        s.startUs,
        s.durationUs,
        s.kind,
        s.error,
      ].join('|');
    expect(v1?.spans.map(essence).sort()).toEqual(v3?.spans.map(essence).sort());
    const v1Search = await client('jaeger-v1').searchTraces({
      service: 'reviews.bookinfo',
      startUs: 1,
      endUs: Date.now() * 1000,
      limit: 3,
    });
    expect(v1Search).toHaveLength(3);
    expect(await client('auto').api()).toBe('jaeger-v3');
    const operations = [
      'ratings.bookinfo.svc.cluster.local:9080/*',
      'reviews.bookinfo.svc.cluster.local:9080/*',
    ];
    expect(await client('jaeger-v3').operations('reviews.bookinfo')).toEqual(operations);
    expect(await client('jaeger-v1').operations('reviews.bookinfo')).toEqual(operations);
    expect(await client('jaeger-v1').getTrace('00000000000000000000000000000001')).toBeUndefined();
  });

  it('names the tracing backend when it is down, answers garbage or is not configured', async () => {
    const down = await searchTraces(
      deps(client('auto', `http://127.0.0.1:${await freePort()}`)),
      { kind: 'service', namespace: 'bookinfo', name: 'x' },
      searchParams,
      { nowMs: Date.now() },
    ).catch((e: unknown) => e);
    expect(isUpstreamError(down) && down.upstream === 'tracing' && down.kind).toBe('unreachable');
    expect(String(down)).toMatch(/^UpstreamError: Tracing backend: connection refused/);

    const garbage = await withServer(
      (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"services": 42, "data": "x"}'),
      async (url) =>
        client('jaeger-v3', url)
          .searchTraces({ service: 's', startUs: 1, endUs: 2, limit: 1 })
          .catch((e: unknown) => e),
    );
    expect(isUpstreamError(garbage) && garbage.kind).toBe('invalid-response');
    expect(String(garbage)).toMatch(
      /Tracing backend: unexpected answer from \/api\/v3\/trace-summaries/,
    );

    const unconfigured = await searchTraces(
      deps(undefined),
      { kind: 'service', namespace: 'bookinfo', name: 'x' },
      searchParams,
      { nowMs: Date.now() },
    ).catch((e: unknown) => e);
    expect(String(unconfigured)).toMatch(/Tracing backend: not configured/);

    const slow = await withServer(
      () => undefined,
      async (url) =>
        createTracingClient({ url, api: 'jaeger-v3', timeoutMs: 300 })
          .getTrace('0123456789abcdef')
          .catch((e: unknown) => e),
    );
    expect(isUpstreamError(slow) && slow.kind).toBe('timeout');
  });

  it('speaks Tempo: TraceQL search, trace by id in the batches spelling, auto-detected', async () => {
    const fixtures = join(__dirname, '../../test/fixtures/kiali');
    const queries: string[] = [];
    await withServer(
      (req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const send = (status: number, body: string) =>
          res.writeHead(status, { 'content-type': 'application/json' }).end(body);
        if (url.pathname === '/api/status/buildinfo')
          return send(200, '{"version":"2.6.1","revision":"abc","branch":"HEAD"}');
        if (url.pathname === '/api/search/tag/service.name/values')
          return send(200, '{"tagValues":["productpage.bookinfo"]}');
        if (url.pathname === '/api/v2/search/tag/name/values') {
          queries.push(url.searchParams.get('q') ?? '');
          return send(
            200,
            '{"tagValues":[{"type":"string","value":"b"},{"type":"string","value":"a"}]}',
          );
        }
        if (url.pathname === '/api/search') {
          queries.push(url.searchParams.get('q') ?? '');
          return send(200, readFileSync(join(fixtures, 'response.json'), 'utf8'));
        }
        if (url.pathname === '/api/traces/3ba55609c3cde49649cd77d1f9dcd936')
          return send(200, readFileSync(join(fixtures, 'responseTrace.json'), 'utf8'));
        if (url.pathname.startsWith('/api/traces/'))
          return res.writeHead(404, { 'content-type': 'text/plain' }).end('trace not found');
        return res.writeHead(404).end('404 page not found');
      },
      async (url) => {
        const tempo = client('auto', url);
        expect(await tempo.api()).toBe('tempo');
        const found = await tempo.searchTraces({
          service: 'productpage.bookinfo',
          startUs: 1_701_778_000_000_000,
          endUs: 1_701_779_000_000_000,
          limit: 20,
          errorsOnly: true,
          minDurationUs: 1000,
          tags: { 'http.url': 'http://x/" || true' },
        });
        expect(found[0]?.traceId).toBe('100cb753c787ed5657c8d88dafc176ed');
        expect(queries[0]).toBe(
          '{ resource.service.name = "productpage.bookinfo" && span.http.url = "http://x/\\" || true" && status = error && duration >= 1000us }',
        );
        expect(await tempo.operations('productpage.bookinfo')).toEqual(['a', 'b']);
        expect(queries[1]).toBe('{ resource.service.name = "productpage.bookinfo" }');
        const t = await tempo.getTrace('3ba55609c3cde49649cd77d1f9dcd936');
        expect(t?.spans).toHaveLength(8);
        expect(await tempo.getTrace('00000000000000000000000000000002')).toBeUndefined();
      },
    );
  });
});

async function withServer<T>(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  body: (url: string) => Promise<T>,
): Promise<T> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
