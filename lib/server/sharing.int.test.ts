import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphResponseSchema } from '../contracts/graph';
import { DEFAULT_DEMO_AUTH } from '../demo/kube/auth';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';

/**
 * Many viewers, one round: the real graph route over a Prometheus that counts its queries
 * (each takes 200 ms, so concurrent viewers overlap) and the demo's Kubernetes API with RBAC.
 */
let prometheus: Server;
let mesh: DemoMesh;
let queries = 0;
let GET: (request: Request) => Promise<Response>;
let login: (request: Request) => Promise<Response>;

beforeAll(async () => {
  prometheus = createServer((request, response) => {
    queries += 1;
    setTimeout(
      () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(
          // Label values (the histogram's bounds) are a list; queries, an empty vector.
          request.url?.startsWith('/api/v1/label/')
            ? '{"status":"success","data":[]}'
            : '{"status":"success","data":{"resultType":"vector","result":[]}}',
        ),
      200,
    );
  });
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  mesh = await startDemoMesh({ rate: 1, auth: DEFAULT_DEMO_AUTH });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Reflect.deleteProperty(globalThis, '__meshlensLimits');
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`,
    KUBE_API_URL: mesh.kubeUrl,
    AUTH_STRATEGY: 'token',
    SESSION_SECRET: 'sharing-test-secret-of-sufficient-length',
    GRAPH_CACHE_SECONDS: '60',
  });
  GET = (await import('../../app/api/graph/route')).GET;
  login = (await import('../../app/api/auth/login/route')).POST as unknown as typeof login;
});

afterAll(async () => {
  await new Promise((resolve) => prometheus.close(resolve));
  await mesh?.stop();
});

async function signIn(token: string): Promise<string> {
  const response = await login(
    new Request('http://127.0.0.1/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }),
  );
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

const graph = (cookie: string, query: string) =>
  GET(new Request(`http://127.0.0.1/api/graph?${query}`, { headers: { cookie } }));

describe('shared graphs', () => {
  it('50 concurrent viewers of one graph cost Prometheus one round of queries', async () => {
    const viewer = await signIn('demo-viewer-token');
    queries = 0;
    const one = await graph(viewer, 'namespaces=bookinfo&duration=5m');
    expect(one.status).toBe(200);
    const perGraph = queries;
    expect(perGraph).toBeGreaterThanOrEqual(4);

    queries = 0;
    const many = await Promise.all(
      Array.from({ length: 50 }, () => graph(viewer, 'namespaces=bookinfo&duration=10m')),
    );
    expect(many.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(queries).toBe(perGraph);
    const bodies = await Promise.all(many.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
  });

  it('shares Prometheus between users but never a graph: each sees what its own RBAC allows', async () => {
    const viewer = await signIn('demo-viewer-token');
    // The authenticating proxy's own token may impersonate, and read nothing.
    const outsider = await signIn('demo-proxy-token');
    const query = 'namespaces=bookinfo&duration=30m';
    queries = 0;
    const [seen, refused] = await Promise.all([graph(viewer, query), graph(outsider, query)]);
    const perGraph = queries;
    expect(graphResponseSchema.parse(await seen.json()).warnings).toEqual([]);
    expect(graphResponseSchema.parse(await refused.json()).warnings).toEqual([
      expect.stringMatching(/forbidden: User "oauth2-proxy" cannot list resource "deployments"/),
    ]);
    // Their Prometheus queries were the same ones, asked once.
    queries = 0;
    await graph(viewer, 'namespaces=bookinfo&duration=1h');
    expect(perGraph).toBe(queries);
  });
});
