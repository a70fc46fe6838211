import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { apiErrorSchema } from '../contracts/api-error';
import { routingResponseSchema } from '../contracts/routing';
import { DEFAULT_DEMO_AUTH } from '../demo/kube/auth';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';

/**
 * AUTH_STRATEGY=header: behind an authenticating proxy, a user's bearer token is used only on
 * requests that came straight from the proxy's address, which the preloaded peer-address.cjs
 * writes over anything the client claimed.
 */
type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

let mesh: DemoMesh;
let routing: { GET: Handler };

beforeAll(async () => {
  // Plus a rule for alice, the user the proxy impersonates: she may edit routing in bookinfo.
  const alice = {
    subjects: ['alice'],
    verbs: ['create', 'update', 'delete'],
    apiGroups: ['networking.istio.io'],
    resources: ['virtualservices', 'destinationrules'],
    namespaces: ['bookinfo'],
  };
  mesh = await startDemoMesh({
    rate: 1,
    auth: { ...DEFAULT_DEMO_AUTH, rules: [...DEFAULT_DEMO_AUTH.rules, alice] },
  });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
    KUBE_API_URL: mesh.kubeUrl,
    AUTH_STRATEGY: 'header',
    AUTH_PROXY_ADDRESSES: '10.0.0.7',
    VIEW_ONLY: 'false',
  });
  routing =
    (await import('../../app/api/namespaces/[namespace]/services/[service]/routing/route')) as unknown as typeof routing;
});

afterAll(async () => {
  await mesh?.stop();
});

const params = { params: Promise.resolve({ namespace: 'bookinfo', service: 'reviews' }) };
const get = (headers: Record<string, string>) =>
  routing.GET(
    new Request('http://127.0.0.1/api/namespaces/bookinfo/services/reviews/routing', { headers }),
    params,
  );

describe('header sign-in behind an authenticating proxy', () => {
  it('uses the proxy’s bearer token as the user, so RBAC applies', async () => {
    const response = await get({
      'x-meshlens-peer': '10.0.0.7',
      authorization: 'Bearer demo-viewer-token',
    });
    expect(response.status).toBe(200);
    expect(routingResponseSchema.parse(await response.json()).canEdit).toBe(false);
    const editor = await get({
      'x-meshlens-peer': '::ffff:10.0.0.7',
      authorization: 'Bearer demo-editor-token',
    });
    expect(routingResponseSchema.parse(await editor.json()).canEdit).toBe(true);
  });

  it('honours the proxy’s impersonation when its own token may impersonate', async () => {
    const as = (user: string) =>
      get({
        'x-meshlens-peer': '10.0.0.7',
        authorization: 'Bearer demo-proxy-token',
        'impersonate-user': user,
        'impersonate-group': 'viewers',
      });
    const viewer = await as('bob');
    expect(viewer.status, await viewer.clone().text()).toBe(200);
    expect(routingResponseSchema.parse(await viewer.json()).canEdit).toBe(false);
    expect(routingResponseSchema.parse(await (await as('alice')).json()).canEdit).toBe(true);
    // A token without the right to impersonate is refused by the API server.
    const refused = await get({
      'x-meshlens-peer': '10.0.0.7',
      authorization: 'Bearer demo-viewer-token',
      'impersonate-user': 'alice',
    });
    expect(refused.status).toBe(403);
    expect(apiErrorSchema.parse(await refused.json()).error.message).toContain(
      'cannot impersonate resource "users"',
    );
    // The demo's own editor: two groups, each sent to Kubernetes as a header line of its own.
    const headers = new Headers({
      'x-meshlens-peer': '10.0.0.7',
      authorization: 'Bearer demo-proxy-token',
      'impersonate-user': 'carol',
    });
    headers.append('impersonate-group', 'viewers');
    headers.append('impersonate-group', 'bookinfo-routing-editors');
    const twoGroups = await routing.GET(
      new Request('http://127.0.0.1/api/namespaces/bookinfo/services/reviews/routing', {
        headers,
      }),
      params,
    );
    expect(twoGroups.status, await twoGroups.clone().text()).toBe(200);
    expect(routingResponseSchema.parse(await twoGroups.json()).canEdit).toBe(true);
    // With only one of them carol may read, not edit: the groups did reach Kubernetes apart.
    const oneGroup = await get({
      'x-meshlens-peer': '10.0.0.7',
      authorization: 'Bearer demo-proxy-token',
      'impersonate-user': 'carol',
      'impersonate-group': 'viewers',
    });
    expect(routingResponseSchema.parse(await oneGroup.json()).canEdit).toBe(false);
  });

  it('refuses a token from anywhere but the proxy, and a proxied request without one', async () => {
    const cases: Record<string, string>[] = [
      { 'x-meshlens-peer': '10.0.0.8', authorization: 'Bearer demo-admin-token' },
      { authorization: 'Bearer demo-admin-token' },
      { 'x-meshlens-peer': '10.0.0.7' },
    ];
    for (const headers of cases) {
      const response = await get(headers);
      expect(response.status).toBe(401);
      expect(apiErrorSchema.parse(await response.json()).error.kind).toBe('unauthenticated');
    }
  });

  it('peer-address.cjs overwrites a forged peer header with the real socket address', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--require',
        join(__dirname, '../../scripts/peer-address.cjs'),
        '-e',
        `require('node:http').createServer((q, s) => s.end(String(q.headers['x-meshlens-peer']))).listen(${port}, '127.0.0.1')`,
      ],
      { stdio: 'ignore' },
    );
    try {
      let body = '';
      for (let i = 0; i < 50 && !body; i += 1) {
        body = await fetch(`http://127.0.0.1:${port}/`, {
          headers: { 'x-meshlens-peer': '10.0.0.7' },
        })
          .then((r) => r.text())
          .catch(async () => {
            await new Promise((r) => setTimeout(r, 100));
            return '';
          });
      }
      expect(body).toBe('127.0.0.1');
    } finally {
      child.kill();
    }
  });
});
