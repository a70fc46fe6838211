import { beforeEach, describe, expect, it } from 'vitest';
import { BOOKINFO_TOPOLOGY } from '../topology';
import { handleKubeRequest } from './api';
import { REVISION_ANNOTATION, runDeploymentController } from './rollouts';
import { seedTopology } from './seed';
import { ObjectStore } from './store';

interface Listed {
  items: {
    metadata: {
      name: string;
      creationTimestamp: string;
      annotations: Record<string, string>;
      labels: Record<string, string>;
      ownerReferences: { kind: string; name: string }[];
    };
    spec: { replicas: number };
  }[];
}

describe('the demo Deployment controller', () => {
  let store: ObjectStore;
  let clock = new Date('2026-11-24T10:00:00Z');
  const smp = { 'content-type': 'application/strategic-merge-patch+json' };
  const deployment = '/apis/apps/v1/namespaces/bookinfo/deployments/reviews-v2';
  const call = (method: string, url: string, body?: unknown) =>
    handleKubeRequest(
      store,
      {
        method,
        url,
        headers: { ...smp, 'user-agent': 'kubectl/v1.32.0 (linux/amd64)' },
        body: body === undefined ? '' : JSON.stringify(body),
      },
      clock,
      '127.0.0.1:6443',
    );
  const replicaSets = () =>
    (call('GET', '/apis/apps/v1/namespaces/bookinfo/replicasets').body as Listed).items.filter(
      (rs) => rs.metadata.ownerReferences[0]?.name === 'reviews-v2',
    );
  const revisions = () =>
    replicaSets().map((rs) => [rs.metadata.annotations[REVISION_ANNOTATION], rs.spec.replicas]);
  const restart = (at: string) =>
    call('PATCH', deployment, {
      spec: {
        template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } },
      },
    });

  beforeEach(() => {
    clock = new Date('2026-11-24T10:00:00Z');
    store = new ObjectStore({ now: () => clock, newUid: () => 'uid' });
    seedTopology(store, BOOKINFO_TOPOLOGY);
    runDeploymentController(store);
  });

  it('seeds each Deployment with its first ReplicaSet, labelled like its pods', () => {
    const [first] = replicaSets();
    expect(replicaSets()).toHaveLength(1);
    expect(first?.metadata).toMatchObject({
      annotations: { [REVISION_ANNOTATION]: '1' },
      labels: { app: 'reviews', version: 'v2' },
      ownerReferences: [{ kind: 'Deployment', name: 'reviews-v2' }],
    });
    const pods = call(
      'GET',
      '/api/v1/namespaces/bookinfo/pods?labelSelector=app%3Dreviews%2Cversion%3Dv2',
    ).body as Listed;
    expect(first?.metadata.name).toBe(pods.items[0]?.metadata.name.replace(/-[^-]+$/, ''));
  });

  it('rolls out a new ReplicaSet when the pod template changes (kubectl rollout restart)', () => {
    clock = new Date('2026-11-24T10:30:00Z');
    expect(restart('2026-11-24T10:30:00Z').status).toBe(200);
    expect(revisions()).toEqual(
      expect.arrayContaining([
        ['1', 0],
        ['2', 1],
      ]),
    );
    const rolledOut = replicaSets().find((rs) => rs.spec.replicas === 1);
    expect(rolledOut?.metadata.creationTimestamp).toBe('2026-11-24T10:30:00Z');
    const { metadata } = call('GET', deployment).body as Listed['items'][number];
    expect(metadata.annotations[REVISION_ANNOTATION]).toBe('2');
    // Annotating the Deployment itself is no rollout.
    call('PATCH', deployment, { metadata: { annotations: { team: 'books' } } });
    expect(replicaSets()).toHaveLength(2);
  });

  it('brings the old ReplicaSet back at the next revision on a rollback', () => {
    restart('a');
    restart('b');
    expect(replicaSets()).toHaveLength(3);
    // Back to template "a": its ReplicaSet is reused, as revision 4.
    restart('a');
    expect(replicaSets()).toHaveLength(3);
    expect(revisions().sort()).toEqual([
      ['1', 0],
      ['3', 0],
      ['4', 1],
    ]);
  });

  it('refuses a patch of anything but metadata and the pod template, and rolls nothing out', () => {
    const refused = call('PATCH', deployment, { spec: { replicas: 3 } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      message: expect.stringMatching(/metadata\.labels and spec\.template may change/),
    });
    expect(replicaSets()).toHaveLength(1);
    expect(call('POST', '/apis/apps/v1/namespaces/bookinfo/replicasets', {}).status).toBe(405);
  });
});
