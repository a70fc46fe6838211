import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_AUTH } from '../demo/kube/auth';
import { startDemoMesh, type DemoMesh } from '../demo/mesh';
import { createKubeClient, type KubeClient } from '../kube/client';
import { newSessionId } from '../security/session';
import { SharedSignOuts } from './shared-sign-outs';

/**
 * The sign-out record shared by replicas, against the demo's Kubernetes API with RBAC: each
 * "replica" has its own set of signed-out ids, as separate processes do, and learns the
 * other's sign-outs only through the ConfigMap.
 */
let mesh: DemoMesh;
let kube: KubeClient;
const AT = { namespace: 'istio-system', name: 'meshlens-sign-outs' };
const HOUR = 3_600_000;

beforeAll(async () => {
  mesh = await startDemoMesh({ rate: 1, auth: DEFAULT_DEMO_AUTH });
  kube = clientAs('demo-meshlens-token');
});

afterAll(async () => {
  await mesh?.stop();
});

const clientAs = (token: string): KubeClient =>
  createKubeClient({
    access: { mode: 'url', url: mesh.kubeUrl, skipTlsVerify: false },
    timeoutMs: 5000,
    token,
  });

/** A replica: its own signed-out set and its own view of the record. */
function replica(client: KubeClient = kube, now = () => Date.now()) {
  const signedOut = new Map<string, number>();
  const record = new SharedSignOuts({
    kube: client,
    ...AT,
    now,
    revoke: (sid, exp) => signedOut.set(sid, exp),
  });
  return { signedOut, record };
}

describe('shared sign-out record', () => {
  it('creates the ConfigMap on the first sign-out, and another replica reads it back', async () => {
    const a = replica();
    const b = replica();
    const sid = newSessionId();
    const exp = Date.now() + 8 * HOUR;
    expect(await b.record.refresh()).toBe(0);

    await a.record.record(sid, exp);
    expect(b.signedOut.has(sid)).toBe(false);
    expect(await b.record.refresh()).toBe(1);
    expect(b.signedOut.get(sid)).toBe(exp);

    const stored = await kube.getConfigMap(AT.namespace, AT.name);
    expect(stored.data).toEqual({ [sid]: String(exp) });
  });

  it('loses no sign-out when replicas write at once (resourceVersion retries)', async () => {
    const replicas = [replica(), replica(), replica()];
    const sids = Array.from({ length: 24 }, () => newSessionId());
    const exp = Date.now() + HOUR;
    await Promise.all(sids.map((sid, i) => replicas[i % 3]?.record.record(sid, exp)));

    const reader = replica();
    await reader.record.refresh();
    for (const sid of sids) expect(reader.signedOut.get(sid)).toBe(exp);
  });

  it('drops expired and malformed entries on the next write, and never reads them back', async () => {
    const current = await kube.getConfigMap(AT.namespace, AT.name);
    const expired = newSessionId();
    await kube.writeConfigMap({
      ...current,
      data: {
        ...current.data,
        [expired]: String(Date.now() - 1),
        'not-a-session-id': String(Date.now() + HOUR),
        [newSessionId()]: 'tomorrow',
      },
    });
    const reader = replica();
    await reader.record.refresh();
    expect(reader.signedOut.has(expired)).toBe(false);
    expect(reader.signedOut.has('not-a-session-id')).toBe(false);

    await reader.record.record(newSessionId(), Date.now() + HOUR);
    const pruned = await kube.getConfigMap(AT.namespace, AT.name);
    expect(Object.keys(pruned.data)).not.toContain(expired);
    expect(Object.keys(pruned.data)).not.toContain('not-a-session-id');
    expect(Object.keys(pruned.data).every((key) => /^[0-9a-f]{32}$/.test(key))).toBe(true);
  });

  it('reports what Kubernetes refuses, and changes nothing', async () => {
    const before = await kube.getConfigMap(AT.namespace, AT.name);
    const viewer = replica(clientAs('demo-viewer-token'));
    await expect(viewer.record.record(newSessionId(), Date.now() + HOUR)).rejects.toMatchObject({
      upstream: 'kubernetes',
      status: 403,
    });
    expect((await kube.getConfigMap(AT.namespace, AT.name)).resourceVersion).toBe(
      before.resourceVersion,
    );
  });
});
