import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { apiErrorSchema } from '../contracts/api-error';
import { sessionSchema } from '../contracts/auth';
import { routingApplySchema, routingResponseSchema } from '../contracts/routing';
import { DEFAULT_DEMO_AUTH } from '../demo/kube/auth';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { createKubeClient } from '../kube/client';

/**
 * AUTH_STRATEGY=token against the demo's Kubernetes API with tokens and RBAC: sign-in checks
 * the token with the API server, the session cookie carries it sealed, and every Kubernetes
 * call runs as the signed-in user.
 */
type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

let mesh: DemoMesh;
let login: Handler;
let logout: Handler;
let session: Handler;
let routing: { GET: Handler; PUT: Handler };

beforeAll(async () => {
  mesh = await startDemoMesh({ rate: 1, auth: DEFAULT_DEMO_AUTH });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
    KUBE_API_URL: mesh.kubeUrl,
    AUTH_STRATEGY: 'token',
    SESSION_SECRET: 'integration-test-secret-of-sufficient-length',
    VIEW_ONLY: 'false',
    // Sign-outs shared with other replicas, written with Meshlens' own service account.
    KUBE_TOKEN: 'demo-meshlens-token',
    SESSION_REVOCATION_CONFIGMAP: 'istio-system/meshlens-sign-outs',
  });
  login = (await import('../../app/api/auth/login/route')).POST as unknown as Handler;
  logout = (await import('../../app/api/auth/logout/route')).POST as unknown as Handler;
  session = (await import('../../app/api/auth/session/route')).GET as unknown as Handler;
  routing =
    (await import('../../app/api/namespaces/[namespace]/services/[service]/routing/route')) as unknown as typeof routing;
});

afterAll(async () => {
  await mesh?.stop();
});

const none = { params: Promise.resolve({}) };
const params = { params: Promise.resolve({ namespace: 'bookinfo', service: 'reviews' }) };
const ROUTING = 'http://127.0.0.1/api/namespaces/bookinfo/services/reviews/routing';

async function signIn(token: string): Promise<string> {
  const response = await login(
    new Request('http://127.0.0.1/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }),
    none,
  );
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(
    /^meshlens_session=[A-Za-z0-9_.-]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/,
  );
  expect(cookie).not.toContain(token);
  return cookie.split(';')[0] as string;
}

const withCookie = (url: string, cookie: string | undefined, init: RequestInit = {}) =>
  new Request(url, {
    ...init,
    headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json' },
  });

describe('token sign-in', () => {
  it('accepts only tokens the API server accepts', async () => {
    const bad = await login(
      new Request('http://127.0.0.1/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'not-a-real-token' }),
      }),
      none,
    );
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
    expect(apiErrorSchema.parse(await bad.json()).error.message).toBe(
      'The Kubernetes API did not accept this token.',
    );
    const malformed = await login(
      new Request('http://127.0.0.1/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'two words' }),
      }),
      none,
    );
    expect(malformed.status).toBe(400);
  });

  it('runs every Kubernetes call as the signed-in user: a viewer reads, cannot write', async () => {
    const viewer = await signIn('demo-viewer-token');
    expect(
      sessionSchema.parse(
        await (await session(withCookie('http://127.0.0.1/api/auth/session', viewer), none)).json(),
      ),
    ).toEqual({ strategy: 'token', signedIn: true });
    const read = await routing.GET(withCookie(ROUTING, viewer), params);
    expect(routingResponseSchema.parse(await read.json()).canEdit).toBe(false);
    const write = {
      base: {},
      spec: {
        http: [{ match: [], destinations: [{ host: 'reviews', subset: 'v1', weight: 100 }] }],
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
      },
    };
    const put = await routing.PUT(
      withCookie(ROUTING, viewer, { method: 'PUT', body: JSON.stringify(write) }),
      params,
    );
    expect(put.status).toBe(403);
    const admin = createKubeClient({
      access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
      timeoutMs: 5000,
      token: 'demo-admin-token',
    });
    expect(await admin.listRouting('DestinationRule', 'bookinfo')).toEqual([]);

    const editor = await signIn('demo-editor-token');
    const edited = await routing.PUT(
      withCookie(ROUTING, editor, { method: 'PUT', body: JSON.stringify(write) }),
      params,
    );
    expect(edited.status, await edited.clone().text()).toBe(200);
    expect(routingApplySchema.parse(await edited.json()).routing.canEdit).toBe(true);
  });

  it('refuses requests without a session, or with a forged one', async () => {
    for (const cookie of [
      undefined,
      'meshlens_session=forged',
      `meshlens_session=${'A'.repeat(80)}`,
    ]) {
      const response = await routing.GET(withCookie(ROUTING, cookie), params);
      expect(response.status).toBe(401);
      expect(apiErrorSchema.parse(await response.json()).error.kind).toBe('unauthenticated');
    }
  });

  it('signs out for good: a replayed copy of the cookie reads and writes nothing', async () => {
    const editor = await signIn('demo-editor-token');
    const signedIn = await routing.GET(withCookie(ROUTING, editor), params);
    expect(signedIn.status).toBe(200);
    const out = await logout(
      withCookie('http://127.0.0.1/api/auth/logout', editor, { method: 'POST' }),
      none,
    );
    expect(out.status).toBe(200);
    // The old cookie, replayed: signed out, refused.
    expect(
      sessionSchema.parse(
        await (await session(withCookie('http://127.0.0.1/api/auth/session', editor), none)).json(),
      ),
    ).toEqual({ strategy: 'token', signedIn: false });
    const write = {
      base: {},
      spec: { http: [], subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    };
    const put = await routing.PUT(
      withCookie(ROUTING, editor, { method: 'PUT', body: JSON.stringify(write) }),
      params,
    );
    expect(put.status).toBe(401);
    // Another session of the same user is not affected.
    const again = await signIn('demo-editor-token');
    expect((await routing.GET(withCookie(ROUTING, again), params)).status).toBe(200);
  });

  it('shares a sign-out with the other replicas through the ConfigMap', async () => {
    const editor = await signIn('demo-editor-token');
    const out = await logout(
      withCookie('http://127.0.0.1/api/auth/logout', editor, { method: 'POST' }),
      none,
    );
    expect(out.status).toBe(200);
    const record = await createKubeClient({
      access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
      timeoutMs: 5000,
      token: 'demo-admin-token',
    }).getConfigMap('istio-system', 'meshlens-sign-outs');
    expect(Object.keys(record.data).length).toBeGreaterThan(0);

    // A replica that did not serve the sign-out: it knows only what the record tells it.
    const revoked = (globalThis as { __meshlensRevokedSessions?: Map<string, number> })
      .__meshlensRevokedSessions;
    revoked?.clear();
    expect((await routing.GET(withCookie(ROUTING, editor), params)).status).toBe(200);
    await expect
      .poll(async () => (await routing.GET(withCookie(ROUTING, editor), params)).status, {
        timeout: 5_000,
        interval: 250,
      })
      .toBe(401);
  });

  it('signs out by clearing the cookie', async () => {
    const response = await logout(
      new Request('http://127.0.0.1/api/auth/logout', { method: 'POST' }),
      none,
    );
    expect(response.headers.get('set-cookie')).toMatch(
      /^meshlens_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/,
    );
  });
});
