import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/processes';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { UpstreamError } from '../upstream/errors';
import { createKubeClient, type KubeClient } from './client';
import type { RoutingResourceInput } from './types';

let mesh: DemoMesh;
let kube: KubeClient;

beforeAll(async () => {
  mesh = await startDemoMesh({ rate: 1 });
  kube = createKubeClient({
    access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
    timeoutMs: 3000,
  });
});

afterAll(async () => {
  await mesh?.stop();
});

const reviews = (weights: [number, number], resourceVersion?: string): RoutingResourceInput => ({
  kind: 'VirtualService',
  metadata: { name: 'reviews', namespace: 'bookinfo', resourceVersion },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: weights[0] },
          { destination: { host: 'reviews', subset: 'v3' }, weight: weights[1] },
        ],
      },
    ],
  },
});

const failure = async (work: Promise<unknown>): Promise<UpstreamError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
};

describe('KubeClient against the demo Kubernetes API', () => {
  it('reads namespaces, services, deployments and pods into our types', async () => {
    expect((await kube.listNamespaces()).map((n) => n.name)).toContain('bookinfo');
    const services = await kube.listServices('bookinfo');
    expect(services.find((s) => s.name === 'reviews')).toMatchObject({
      namespace: 'bookinfo',
      selector: { app: 'reviews' },
      ports: [{ name: 'http', port: 9080, protocol: 'TCP' }],
    });
    const deployments = await kube.listDeployments();
    expect(deployments.find((d) => d.name === 'reviews-v2')).toMatchObject({
      namespace: 'bookinfo',
      templateLabels: { app: 'reviews', version: 'v2' },
      desiredReplicas: 1,
      availableReplicas: 1,
    });
    const pods = await kube.listPods('bookinfo');
    expect(pods).toHaveLength(7);
    expect(pods.every((p) => p.ready && p.phase === 'Running' && p.podIP)).toBe(true);
    expect((await kube.version()).gitVersion).toMatch(/^v1\./);
  });

  it('discovers the preferred networking.istio.io version', async () => {
    expect(await kube.istioNetworkingVersion()).toBe('v1');
  });

  it('creates, reads, replaces, patches and deletes a VirtualService with resourceVersion checks', async () => {
    const created = await kube.createRouting(reviews([50, 50]));
    expect(created).toMatchObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { generation: 1 },
    });
    const read = await kube.getRouting('VirtualService', 'bookinfo', 'reviews');
    expect(read.metadata.resourceVersion).toBe(created.metadata.resourceVersion);

    const replaced = await kube.replaceRouting(reviews([20, 80], read.metadata.resourceVersion));
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(
      Number(read.metadata.resourceVersion),
    );
    expect(replaced.metadata.generation).toBe(2);

    const conflict = await failure(
      kube.replaceRouting(reviews([0, 100], read.metadata.resourceVersion)),
    );
    expect(conflict).toMatchObject({
      upstream: 'kubernetes',
      kind: 'api',
      status: 409,
      reason: 'Conflict',
    });
    expect(conflict.message).toContain('the object has been modified');

    // A JSON patch with a `test` op on resourceVersion: the precondition travels with the patch.
    const patched = await kube.patchRouting('VirtualService', 'bookinfo', 'reviews', [
      { op: 'test', path: '/metadata/resourceVersion', value: replaced.metadata.resourceVersion },
      { op: 'replace', path: '/spec/http/0/route/0/weight', value: 0 },
      { op: 'replace', path: '/spec/http/0/route/1/weight', value: 100 },
    ]);
    expect(patched.spec).toMatchObject({ http: [{ route: [{ weight: 0 }, { weight: 100 }] }] });
    const stalePatch = await failure(
      kube.patchRouting('VirtualService', 'bookinfo', 'reviews', [
        { op: 'test', path: '/metadata/resourceVersion', value: replaced.metadata.resourceVersion },
        { op: 'replace', path: '/spec/http/0/route/0/weight', value: 50 },
      ]),
    );
    expect(stalePatch.status).toBe(422);

    const staleDelete = await failure(
      kube.deleteRouting('VirtualService', 'bookinfo', 'reviews', {
        resourceVersion: replaced.metadata.resourceVersion,
      }),
    );
    expect(staleDelete.status).toBe(409);
    await kube.deleteRouting('VirtualService', 'bookinfo', 'reviews', {
      resourceVersion: patched.metadata.resourceVersion,
    });
    const gone = await failure(kube.getRouting('VirtualService', 'bookinfo', 'reviews'));
    expect(gone).toMatchObject({ status: 404, reason: 'NotFound' });
  });

  it('validates on a dry run without persisting, and reports 422 with Istio’s reason', async () => {
    const dry = await kube.createRouting(reviews([50, 50]), { dryRun: true });
    expect(dry.metadata.name).toBe('reviews');
    expect(await kube.listRouting('VirtualService', 'bookinfo')).toEqual([]);
    const invalid = await failure(kube.createRouting(reviews([-1, 50])));
    expect(invalid).toMatchObject({ status: 422, reason: 'Invalid' });
    expect(invalid.message).toContain('spec.http[0].route[0].weight');
  });

  it('lists DestinationRules across namespaces', async () => {
    await kube.createRouting({
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    });
    const rules = await kube.listRouting('DestinationRule');
    expect(rules.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual([
      'bookinfo/reviews',
    ]);
    expect(rules[0]?.spec).toMatchObject({ host: 'reviews' });
  });
});

describe('KubeClient failures', () => {
  let blackHole: Server;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and never answers: only a working timeout ends the call.
    blackHole = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackHole.close(resolve));
  });

  it('times out a call to a server that never answers', async () => {
    const { port } = blackHole.address() as { port: number };
    const slow = createKubeClient({
      access: { mode: 'url', url: `http://127.0.0.1:${port}`, skipTlsVerify: false },
      timeoutMs: 300,
    });
    const started = Date.now();
    const error = await failure(slow.listNamespaces());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ upstream: 'kubernetes', kind: 'timeout' });
    expect(error.message).toMatch(
      /^Kubernetes API: list namespaces: no answer from http:\/\/127\.0\.0\.1:\d+\/ within 300 ms$/,
    );
  });

  it('cancels a call when the caller aborts', async () => {
    const { port } = blackHole.address() as { port: number };
    const slow = createKubeClient({
      access: { mode: 'url', url: `http://127.0.0.1:${port}`, skipTlsVerify: false },
      timeoutMs: 5000,
    });
    const controller = new AbortController();
    const pending = slow.version({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ kind: 'aborted' });
  });

  it('reports a refused connection as unreachable', async () => {
    const port = await freePort(); // released again: nothing listens there
    const gone = createKubeClient({
      access: { mode: 'url', url: `http://127.0.0.1:${port}`, skipTlsVerify: false },
      timeoutMs: 2000,
    });
    const error = await failure(gone.listPods('bookinfo'));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toMatch(/^Kubernetes API: list pods in bookinfo: connection refused/);
  });
});
