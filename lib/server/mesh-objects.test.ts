import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../kube/client';
import type { KubeDeployment } from '../kube/types';
import { UpstreamError } from '../upstream/errors';
import { forgetMeshObjects, readMeshObjects, sharedMeshObjects } from './mesh-objects';

const deployment = (name: string): KubeDeployment =>
  ({ namespace: 'shop', name, availableReplicas: 1 }) as KubeDeployment;

const kubeError = (status: number) =>
  new UpstreamError(`HTTP ${status}`, { upstream: 'kubernetes', kind: 'http', url: 'x', status });

/**
 * A Kubernetes API whose Deployments are `names` at the time of each list, counting its
 * lists; a list answers when `gate` lets it (at once by default).
 */
function fakeKube(options: { gatewayStatus?: number; routingStatus?: number } = {}) {
  const state = {
    names: ['cart-v1'],
    deploymentLists: 0,
    gate: Promise.resolve(),
  };
  const fail = (status: number | undefined) => (status ? Promise.reject(kubeError(status)) : []);
  const kube = {
    server: 'https://kube:6443',
    listDeployments: async () => {
      state.deploymentLists += 1;
      const names = [...state.names];
      await state.gate;
      return names.map(deployment);
    },
    listServices: async () => [],
    listRouting: async () => fail(options.routingStatus),
    gatewayApiVersion: async () => undefined,
    listGateways: async () => fail(options.gatewayStatus),
    listIstioConfig: async () => [],
  } as unknown as KubeClient;
  return { kube, state };
}

const names = async (reading: ReturnType<typeof sharedMeshObjects>) =>
  (await reading).deployments.items.map((d) => d.name);

describe('readMeshObjects', () => {
  it('lists each kind once; a kind the cluster does not serve is empty, a failure says why', async () => {
    const { kube, state } = fakeKube({ gatewayStatus: 404, routingStatus: 403 });
    const mesh = await readMeshObjects(kube, undefined);
    expect(state.deploymentLists).toBe(1);
    expect(mesh.deployments).toEqual({ items: [deployment('cart-v1')] });
    // No Gateway API or Istio gateways: nothing to say.
    expect(mesh.gateways).toEqual({ items: [] });
    expect(mesh.virtualServices.items).toEqual([]);
    expect((mesh.virtualServices.error as UpstreamError).status).toBe(403);
    expect(mesh.istio.map((i) => i.kind)).toContain('PeerAuthentication');
  });
});

describe('sharedMeshObjects', () => {
  const freshMs = 10_000;

  it('shares one reading among every request of an identity while it is fresh', async () => {
    const { kube, state } = fakeKube();
    const other = fakeKube();
    const first = sharedMeshObjects(kube, { nowMs: 0, freshMs });
    state.names = ['cart-v2'];
    expect(await names(sharedMeshObjects(kube, { nowMs: 9_999, freshMs }))).toEqual(['cart-v1']);
    expect(await first).toBe(await sharedMeshObjects(kube, { nowMs: 5_000, freshMs }));
    expect(state.deploymentLists).toBe(1);
    // Another identity reads for itself: it may see other objects.
    await sharedMeshObjects(other.kube, { nowMs: 1, freshMs });
    expect(other.state.deploymentLists).toBe(1);
  });

  it('waits for a new reading once the kept one is no longer fresh', async () => {
    const { kube, state } = fakeKube();
    await sharedMeshObjects(kube, { nowMs: 0, freshMs });
    state.names = ['cart-v2'];
    expect(await names(sharedMeshObjects(kube, { nowMs: 10_000, freshMs }))).toEqual(['cart-v2']);
    expect(state.deploymentLists).toBe(2);
  });

  it('lets the live graph draw with the kept reading while one newer is read, once', async () => {
    const { kube, state } = fakeKube();
    await sharedMeshObjects(kube, { nowMs: 0, freshMs });
    state.names = ['cart-v2'];
    let open = () => {};
    state.gate = new Promise((resolve) => (open = resolve));
    // Stale: answered at once from the kept reading, however slow the API is now.
    const stale = { nowMs: 30_000, freshMs, stale: true };
    expect(await names(sharedMeshObjects(kube, stale))).toEqual(['cart-v1']);
    expect(await names(sharedMeshObjects(kube, { ...stale, nowMs: 31_000 }))).toEqual(['cart-v1']);
    expect(state.deploymentLists).toBe(2);
    open();
    await state.gate;
    await new Promise((resolve) => setImmediate(resolve));
    // The newer reading is in: fresh from when it started, for graph and pages alike.
    expect(await names(sharedMeshObjects(kube, { nowMs: 39_000, freshMs }))).toEqual(['cart-v2']);
    expect(state.deploymentLists).toBe(2);
  });

  it('has a page that needs a fresh reading wait for the one the graph started', async () => {
    const { kube, state } = fakeKube();
    await sharedMeshObjects(kube, { nowMs: 0, freshMs });
    state.names = ['cart-v2'];
    let open = () => {};
    state.gate = new Promise((resolve) => (open = resolve));
    expect(await names(sharedMeshObjects(kube, { nowMs: 20_000, freshMs, stale: true }))).toEqual([
      'cart-v1',
    ]);
    const page = sharedMeshObjects(kube, { nowMs: 21_000, freshMs });
    open();
    expect(await names(page)).toEqual(['cart-v2']);
    expect(state.deploymentLists).toBe(2);
  });

  it('never draws with a reading more than six times as old as a fresh one', async () => {
    const { kube, state } = fakeKube();
    await sharedMeshObjects(kube, { nowMs: 0, freshMs });
    state.names = ['cart-v2'];
    const late = { nowMs: 60_000, freshMs, stale: true };
    expect(await names(sharedMeshObjects(kube, late))).toEqual(['cart-v2']);
  });

  it('reads again after a write through Meshlens, and for every request with no cache', async () => {
    const { kube, state } = fakeKube();
    await sharedMeshObjects(kube, { nowMs: 0, freshMs });
    state.names = ['cart-v2'];
    forgetMeshObjects(kube);
    expect(await names(sharedMeshObjects(kube, { nowMs: 1, freshMs, stale: true }))).toEqual([
      'cart-v2',
    ]);
    await sharedMeshObjects(kube, { nowMs: 2, freshMs: 0, stale: true });
    await sharedMeshObjects(kube, { nowMs: 2, freshMs: 0, stale: true });
    expect(state.deploymentLists).toBe(4);
  });

  it('stops waiting when the request is cancelled, leaving the reading to finish', async () => {
    const { kube, state } = fakeKube();
    let open = () => {};
    state.gate = new Promise((resolve) => (open = resolve));
    const controller = new AbortController();
    const waiting = sharedMeshObjects(kube, { nowMs: 0, freshMs, signal: controller.signal });
    controller.abort(new Error('viewer left'));
    await expect(waiting).rejects.toThrow('viewer left');
    open();
    expect(await names(sharedMeshObjects(kube, { nowMs: 1, freshMs }))).toEqual(['cart-v1']);
    expect(state.deploymentLists).toBe(1);
  });
});
