import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../contracts/api-error';
import { changesResponseSchema } from '../contracts/changes';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { BOOKINFO_TOPOLOGY } from '../demo/topology';

/** /api/changes over the demo's Kubernetes API, which records writes as an API server does. */
let mesh: DemoMesh;
let GET: (request: Request) => Promise<Response>;

beforeAll(async () => {
  mesh = await startDemoMesh({ rate: 1 });
  Reflect.deleteProperty(globalThis, '__meshlensBackends');
  Object.assign(process.env, { KUBE_API_URL: mesh.kubeUrl });
  GET = (await import('../../app/api/changes/route')).GET;
});

afterAll(async () => {
  await mesh?.stop();
});

const write = (path: string, body: unknown) =>
  fetch(`${mesh.kubeUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('GET /api/changes', () => {
  it('lists the routing objects of the namespaces by their last write, newest first, with who wrote it', async () => {
    const before = Math.floor(Date.now() / 1000);
    expect(
      (
        await write(
          '/apis/networking.istio.io/v1/namespaces/bookinfo/destinationrules?fieldManager=first',
          {
            apiVersion: 'networking.istio.io/v1',
            kind: 'DestinationRule',
            metadata: { name: 'ratings' },
            spec: { host: 'ratings' },
          },
        )
      ).status,
    ).toBe(201);
    await new Promise((r) => setTimeout(r, 1100));
    expect(
      (
        await write(
          '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices?fieldManager=second',
          {
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            metadata: { name: 'ratings' },
            spec: { hosts: ['ratings'], http: [{ route: [{ destination: { host: 'ratings' } }] }] },
          },
        )
      ).status,
    ).toBe(201);
    await new Promise((r) => setTimeout(r, 1100));
    // Gateway API routing is routing too, at whichever version the cluster serves.
    expect(
      (
        await write(
          '/apis/gateway.networking.k8s.io/v1beta1/namespaces/bookinfo/httproutes?fieldManager=third',
          {
            apiVersion: 'gateway.networking.k8s.io/v1beta1',
            kind: 'HTTPRoute',
            metadata: { name: 'reviews' },
            spec: { parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }] },
          },
        )
      ).status,
    ).toBe(201);
    // A label set afterwards by another tool changes no routing.
    const labelled = await fetch(
      `${mesh.kubeUrl}/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/ratings?fieldManager=labeller`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ metadata: { labels: { team: 'ratings' } } }),
      },
    );
    expect(labelled.status).toBe(200);
    const response = await GET(new Request('http://127.0.0.1/api/changes?namespaces=bookinfo'));
    expect(response.status).toBe(200);
    const { changes: all, total } = changesResponseSchema.parse(await response.json());
    const changes = all.filter((c) => c.kind !== 'Rollout');
    expect(changes.map((c) => `${c.kind} ${c.name} ${'by' in c ? c.by : ''}`)).toEqual([
      'HTTPRoute reviews third',
      'VirtualService ratings second',
      'DestinationRule ratings first',
    ]);
    expect(changes[1]?.atSec).toBeGreaterThan(changes[2]?.atSec ?? Infinity);
    expect(changes[2]?.atSec).toBeGreaterThanOrEqual(before);
    // Beside them, each Bookinfo Deployment's first rollout, as the demo started.
    expect(total).toBe(all.length);
    expect(all.filter((c) => c.kind === 'Rollout')).toHaveLength(
      BOOKINFO_TOPOLOGY.workloads.filter((w) => w.namespace === 'bookinfo').length,
    );
    const elsewhere = await GET(new Request('http://127.0.0.1/api/changes?namespaces=shop'));
    expect(changesResponseSchema.parse(await elsewhere.json()).changes).toEqual([]);
  });

  it('answers 400 for a namespace that is no namespace name', async () => {
    const response = await GET(new Request('http://127.0.0.1/api/changes?namespaces=Bad_NS'));
    expect(response.status).toBe(400);
    expect(apiErrorSchema.parse(await response.json()).error.message).toContain('namespaces');
  });

  it('lists a rollout (a new ReplicaSet) newest first, with its revision and version', async () => {
    // The API records times in whole seconds: a second after the writes above.
    await new Promise((r) => setTimeout(r, 1100));
    const restart = await fetch(
      `${mesh.kubeUrl}/apis/apps/v1/namespaces/bookinfo/deployments/reviews-v3`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/strategic-merge-patch+json' },
        body: JSON.stringify({
          spec: { template: { metadata: { annotations: { restartedAt: 'now' } } } },
        }),
      },
    );
    expect(restart.status).toBe(200);
    const response = await GET(new Request('http://127.0.0.1/api/changes?namespaces=bookinfo'));
    const { changes } = changesResponseSchema.parse(await response.json());
    expect(changes[0]).toMatchObject({
      kind: 'Rollout',
      namespace: 'bookinfo',
      name: 'reviews-v3',
      replicaSet: expect.stringMatching(/^reviews-v3-[a-z0-9]{10}$/),
      revision: 2,
      app: 'reviews',
      version: 'v3',
      current: true,
    });
    const replaced = changes.find(
      (c) => c.kind === 'Rollout' && c.name === 'reviews-v3' && c.revision === 1,
    );
    expect(replaced).toMatchObject({ current: false });
  });
});
