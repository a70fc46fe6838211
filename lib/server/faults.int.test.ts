import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../contracts/api-error';
import { readinessSchema } from '../contracts/readiness';

/**
 * Every backend, failing every way a network or a misconfigured proxy fails: a 502 HTML page,
 * truncated JSON, JSON of the wrong shape, no answer at all (black-holed or SIGSTOPped, which
 * look the same from here), and stopped. The answer comes within the configured timeout, is a
 * 502/504 naming the backend, and readiness says the same.
 */
type Fault = 'html' | 'truncated' | 'shape' | 'silent' | 'stopped';
type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

const TIMEOUT_MS = 400;
const faults: Record<string, Fault> = {};
const servers: Server[] = [];

/** A backend that misbehaves as `faults[name]` says. */
async function faulty(name: string): Promise<string> {
  const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    switch (faults[name]) {
      case 'html':
        response
          .writeHead(502, { 'content-type': 'text/html' })
          .end('<html>502 Bad Gateway</html>');
        return;
      case 'truncated':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"succ');
        return;
      case 'shape':
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"data":"nope","result":42,"services":7,"kind":1,"traces":null}');
        return;
      case 'silent':
      default:
        return; // never answers
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

let graph: Handler;
let traces: Handler;
let routing: Handler;
let readyz: () => Promise<Response>;
let stoppedUrl: string;

beforeAll(async () => {
  const [prometheus, kube, tracing] = await Promise.all([
    faulty('prometheus'),
    faulty('kubernetes'),
    faulty('tracing'),
  ]);
  // A port that was listening a moment ago: "stopped".
  const gone = createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  stoppedUrl = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
  await new Promise((resolve) => gone.close(resolve));
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Reflect.deleteProperty(globalThis, '__meshlensLimits');
  Object.assign(process.env, {
    PROMETHEUS_URL: prometheus,
    KUBE_API_URL: kube,
    TRACING_URL: tracing,
    TRACING_API: 'jaeger-v3',
    PROMETHEUS_TIMEOUT_MS: String(TIMEOUT_MS),
    KUBE_TIMEOUT_MS: String(TIMEOUT_MS),
    TRACING_TIMEOUT_MS: String(TIMEOUT_MS),
  });
  const ns = '../../app/api/namespaces/[namespace]';
  graph = (await import('../../app/api/graph/route')).GET as unknown as Handler;
  traces = (await import(`${ns}/services/[service]/traces/route`)).GET as unknown as Handler;
  routing = (await import(`${ns}/services/[service]/routing/route`)).GET as unknown as Handler;
  const ready = (await import('../../app/api/readyz/route')).GET as unknown as Handler;
  readyz = () => ready(new Request('http://127.0.0.1/api/readyz'), { params: Promise.resolve({}) });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const params = { params: Promise.resolve({ namespace: 'bookinfo', service: 'reviews' }) };
const calls: Record<string, () => Promise<Response>> = {
  prometheus: () => graph(new Request('http://127.0.0.1/api/graph?namespaces=bookinfo'), params),
  kubernetes: () => routing(new Request('http://127.0.0.1/api/x'), params),
  tracing: () => traces(new Request('http://127.0.0.1/api/x?limit=5'), params),
};
const LABEL = {
  prometheus: 'Prometheus',
  kubernetes: 'Kubernetes API',
  tracing: 'Tracing backend',
};

describe.each(['html', 'truncated', 'shape', 'silent'] as const)(
  'every backend answering %s',
  (fault) => {
    it.each(['prometheus', 'kubernetes', 'tracing'] as const)(
      '%s: a 502/504 naming it',
      async (backend) => {
        for (const name of Object.keys(LABEL)) faults[name] = 'html';
        faults[backend] = fault;
        // The graph needs Kubernetes only for health: keep it answering garbage, not silent.
        const response = await calls[backend]?.();
        expect(response?.status).toBe(fault === 'silent' ? 504 : 502);
        const body = apiErrorSchema.parse(await response?.json());
        expect(body.error.backend).toBe(backend);
        expect(body.error.message.startsWith(`${LABEL[backend]}: `)).toBe(true);
      },
    );
  },
);

describe('readiness reflects each failure', () => {
  it('names every failing backend, each within its timeout', async () => {
    for (const name of Object.keys(LABEL)) faults[name] = 'silent';
    // Readiness shares a round for 3 s: wait it out so this round sees the silence.
    await new Promise((r) => setTimeout(r, 3_100));
    const report = readinessSchema.parse(await (await readyz()).json());
    expect(report.ready).toBe(false);
    for (const backend of report.backends) {
      expect(backend.status, backend.backend).toBe('unreachable');
      expect(backend.error, backend.backend).toMatch(
        /^(Prometheus|Kubernetes API|Tracing backend): /,
      );
    }
  });

  it('says a stopped backend refuses connections', async () => {
    const { createPrometheusClient } = await import('../prometheus/client');
    const error = await createPrometheusClient({ url: stoppedUrl, timeoutMs: TIMEOUT_MS })
      .buildInfo()
      .catch((e: unknown) => e);
    expect(String(error)).toBe(
      `UpstreamError: Prometheus: connection refused by ${stoppedUrl}/api/v1/status/buildinfo`,
    );
  });
});
