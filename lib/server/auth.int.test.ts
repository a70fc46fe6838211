import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { apiErrorSchema } from '../contracts/api-error';
import { routingResponseSchema } from '../contracts/routing';
import { DEFAULT_DEMO_AUTH } from '../demo/kube/auth';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { createKubeClient } from '../kube/client';
import { readServiceRouting } from './routing';

/**
 * The dashboard against a Kubernetes API that checks bearer tokens and RBAC (the demo's, with
 * its viewer, editor and admin users): RBAC decides the editing controls and refuses writes,
 * and a refused write changes nothing.
 */
type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

let mesh: DemoMesh;
let routing: { GET: Handler; PUT: Handler };
const client = (token?: string) =>
  createKubeClient({
    access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
    timeoutMs: 5000,
    ...(token ? { token } : {}),
  });
const deps = (token?: string) => ({
  kube: client(token),
  viewOnly: false,
  actor: 'test',
  audit: () => undefined,
});

beforeAll(async () => {
  mesh = await startDemoMesh({ rate: 1, auth: DEFAULT_DEMO_AUTH });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
    KUBE_API_URL: mesh.kubeUrl,
    KUBE_TOKEN: 'demo-viewer-token',
    VIEW_ONLY: 'false',
  });
  routing =
    (await import('../../app/api/namespaces/[namespace]/services/[service]/routing/route')) as unknown as typeof routing;
});

afterAll(async () => {
  await mesh?.stop();
});

const params = { params: Promise.resolve({ namespace: 'bookinfo', service: 'reviews' }) };
const URL_ = 'http://127.0.0.1/api/namespaces/bookinfo/services/reviews/routing';
const WRITE = {
  base: {},
  spec: {
    http: [{ match: [], destinations: [{ host: 'reviews', subset: 'v1', weight: 100 }] }],
    subsets: [{ name: 'v1', labels: { version: 'v1' } }],
  },
};

describe('Kubernetes RBAC decides what the dashboard may do', () => {
  it('a viewer sees routing read-only, and a write is refused with 403 and writes nothing', async () => {
    const get = await routing.GET(new Request(URL_), params);
    expect(get.status).toBe(200);
    expect(routingResponseSchema.parse(await get.json())).toMatchObject({
      viewOnly: false,
      canEdit: false,
    });

    const put = await routing.PUT(
      new Request(URL_, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(WRITE),
      }),
      params,
    );
    expect(put.status).toBe(403);
    const body = apiErrorSchema.parse(await put.json());
    expect(body.error).toMatchObject({ backend: 'kubernetes', kind: 'forbidden' });
    expect(body.error.message).toContain('User "viewer" cannot create resource "destinationrules"');
    expect(await client('demo-admin-token').listRouting('DestinationRule', 'bookinfo')).toEqual([]);
  });

  it('an editor may edit routing in bookinfo only', async () => {
    expect(
      (await readServiceRouting(deps('demo-editor-token'), 'bookinfo', 'reviews')).canEdit,
    ).toBe(true);
    expect(
      await client('demo-editor-token').canI({
        verb: 'update',
        group: 'networking.istio.io',
        resource: 'virtualservices',
        namespace: 'default',
      }),
    ).toBe(false);
  });

  it('no token, or a token the API server does not know, is refused', async () => {
    for (const token of [undefined, 'someone-elses-stolen-token']) {
      const error = await readServiceRouting(deps(token), 'bookinfo', 'reviews').catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'UpstreamError', upstream: 'kubernetes', status: 401 });
    }
  });
});
