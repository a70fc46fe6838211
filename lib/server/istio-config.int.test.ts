import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { apiErrorSchema } from '../contracts/api-error';
import {
  configObjectSchema,
  istioConfigResponseSchema,
  type IstioConfigResponse,
} from '../contracts/istio-config';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';

/**
 * `GET /api/istio` over the demo's Kubernetes API: every Istio kind it serves, written through
 * its REST API as kubectl would, validated against the others and the registry.
 */
let mesh: DemoMesh;
let GET: (request: Request) => Promise<Response>;

beforeAll(async () => {
  mesh = await startDemoMesh({ rate: 1 });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, {
    PROMETHEUS_URL: `http://127.0.0.1:${await freePort()}`,
    KUBE_API_URL: mesh.kubeUrl,
  });
  GET = (await import('../../app/api/istio/route')).GET;
});

afterAll(async () => {
  await mesh?.stop();
});

/** Creates an object through the demo's API, as `kubectl create` does. */
async function create(group: string, plural: string, body: object): Promise<void> {
  const response = await fetch(`${mesh.kubeUrl}/apis/${group}/v1/namespaces/bookinfo/${plural}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

async function list(query = ''): Promise<IstioConfigResponse> {
  const response = await GET(new Request(`http://127.0.0.1/api/istio${query}`));
  expect(response.status, await response.clone().text()).toBe(200);
  return istioConfigResponseSchema.parse(await response.json());
}

describe('GET /api/istio', () => {
  it('lists every kind served, each with its checks, resolving hosts through ServiceEntries', async () => {
    await create('networking.istio.io', 'serviceentries', {
      metadata: { name: 'payments-api' },
      spec: {
        hosts: ['api.payments.example.com'],
        location: 'MESH_EXTERNAL',
        ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
      },
    });
    await create('networking.istio.io', 'destinationrules', {
      metadata: { name: 'payments-api' },
      spec: { host: 'api.payments.example.com', trafficPolicy: { tls: { mode: 'SIMPLE' } } },
    });
    await create('networking.istio.io', 'destinationrules', {
      metadata: { name: 'typo' },
      spec: { host: 'reviewz' },
    });
    await create('security.istio.io', 'authorizationpolicies', {
      metadata: { name: 'allow-productpage' },
      spec: { selector: { matchLabels: { app: 'reviews' } }, action: 'ALLOW' },
    });
    const { items, warnings } = await list('?namespaces=bookinfo');
    expect(warnings).toEqual([]);
    expect(
      items.map((i) => `${i.kind} ${i.name} ${i.checks.map((c) => c.id).join(',') || 'valid'}`),
    ).toEqual([
      'AuthorizationPolicy allow-productpage valid',
      'DestinationRule payments-api valid',
      'DestinationRule typo dr.host-not-found',
      'Gateway bookinfo-gateway valid',
      'K8sGateway bookinfo-gateway valid',
      'ServiceEntry payments-api valid',
    ]);
    expect(items.every((i) => i.namespace === 'bookinfo')).toBe(true);
    // Every namespace without a filter: the mesh-wide PeerAuthentication too.
    const all = await list();
    expect(all.items.map((i) => `${i.kind} ${i.namespace}/${i.name}`)).toContain(
      'PeerAuthentication istio-system/default',
    );
  });

  it('refuses a namespace that is no name, with the parameter named', async () => {
    const response = await GET(new Request('http://127.0.0.1/api/istio?namespaces=Bad_Name'));
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).error.message).toMatch(/namespaces/);
  });

  it("answers one object's page: its checks, its spec and the Services it is about; 404 for one it does not have", async () => {
    const { GET: object } =
      (await import('../../app/api/istio/[namespace]/[kind]/[name]/route')) as unknown as {
        GET: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
      };
    const call = (kind: string, name: string) =>
      object(new Request('http://127.0.0.1/api/istio/x'), {
        params: Promise.resolve({ namespace: 'bookinfo', kind, name }),
      });
    const typo = await call('DestinationRule', 'typo');
    expect(typo.status, await typo.clone().text()).toBe(200);
    const body = configObjectSchema.parse(await typo.json());
    expect(body.item.checks.map((c) => c.id)).toEqual(['dr.host-not-found']);
    expect(body.specYaml).toBe('host: reviewz\n');
    expect(body.services).toEqual([]);
    const policy = configObjectSchema.parse(
      await (await call('AuthorizationPolicy', 'allow-productpage')).json(),
    );
    expect(policy.services).toEqual([{ namespace: 'bookinfo', name: 'reviews' }]);
    expect((await call('DestinationRule', 'nothing-here')).status).toBe(404);
    const bad = await call('Deployment', 'reviews');
    expect(bad.status).toBe(400);
    expect(apiErrorSchema.parse(await bad.json()).error.message).toContain('kind');
  });

  // Last: it stops the demo.
  it('names Kubernetes when it cannot be read', async () => {
    await mesh.stop();
    const response = await GET(new Request('http://127.0.0.1/api/istio'));
    expect(response.status).toBe(502);
    expect(apiErrorSchema.parse(await response.json()).error).toMatchObject({
      backend: 'kubernetes',
    });
  });
});
