import { beforeEach, describe, expect, it } from 'vitest';
import { RESOURCE_TYPES, type ResourceType } from './resources';
import { KubeStatusError } from './status';
import { ObjectStore, type StoreEvent } from './store';

const type = (kind: string): ResourceType =>
  RESOURCE_TYPES.find((t) => t.kind === kind) as ResourceType;
const VS = type('VirtualService');
const NS = type('Namespace');

const virtualService = (weights: [number, number], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', ...extra },
  spec: {
    hosts: ['reviews'],
    http: [
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: weights[0] },
          { destination: { host: 'reviews', subset: 'v2' }, weight: weights[1] },
        ],
      },
    ],
  },
});

function statusOf(work: () => unknown): { code: number; reason: string; message: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof KubeStatusError)
      return { code: error.code, reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error('expected a KubeStatusError');
}

describe('ObjectStore', () => {
  let store: ObjectStore;
  let events: StoreEvent[];
  let uid = 0;

  beforeEach(() => {
    store = new ObjectStore({
      now: () => new Date('2026-11-24T10:00:00.123Z'),
      newUid: () => `uid-${++uid}`,
    });
    store.seed(NS, { metadata: { name: 'bookinfo' } });
    events = [];
    store.subscribe((event) => events.push(event));
  });

  it('records each manager’s last write in managedFields, dry runs not at all', () => {
    store.create(VS, 'bookinfo', virtualService([50, 50]), { fieldManager: 'kubectl' });
    store.update(VS, 'bookinfo', 'reviews', virtualService([20, 80]), {
      fieldManager: 'meshlens',
      dryRun: true,
    });
    const updated = store.update(VS, 'bookinfo', 'reviews', virtualService([20, 80]), {
      fieldManager: 'meshlens',
    });
    const entry = (manager: string) => ({
      manager,
      operation: 'Update',
      apiVersion: 'networking.istio.io/v1',
      time: '2026-11-24T10:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': {} },
    });
    expect(updated.metadata.managedFields).toEqual([entry('kubectl'), entry('meshlens')]);
    const again = store.update(VS, 'bookinfo', 'reviews', virtualService([30, 70]), {
      fieldManager: 'kubectl',
    });
    expect(again.metadata.managedFields).toEqual([entry('meshlens'), entry('kubectl')]);
  });

  it('records which fields each manager set: labels alone are not the spec', () => {
    store.create(VS, 'bookinfo', virtualService([50, 50]), { fieldManager: 'kubectl' });
    const labelled = store.patch(
      VS,
      'bookinfo',
      'reviews',
      'application/merge-patch+json',
      { metadata: { labels: { team: 'books' } } },
      { fieldManager: 'argocd' },
    );
    const owned = (manager: string) =>
      (labelled.metadata.managedFields as { manager: string; fieldsV1: unknown }[]).find(
        (e) => e.manager === manager,
      )?.fieldsV1;
    expect(owned('kubectl')).toEqual({ 'f:spec': {} });
    expect(owned('argocd')).toEqual({ 'f:metadata': { 'f:labels': {} } });
  });

  it('creates with server-owned metadata and a new resourceVersion', () => {
    const before = Number(store.currentRevision());
    const created = store.create(VS, 'bookinfo', virtualService([50, 50]));
    expect(created.metadata).toMatchObject({
      name: 'reviews',
      namespace: 'bookinfo',
      generation: 1,
      creationTimestamp: '2026-11-24T10:00:00Z',
      resourceVersion: String(before + 1),
    });
    expect(created.metadata.uid).toMatch(/^uid-/);
    expect(events.map((e) => e.type)).toEqual(['ADDED']);
  });

  it('refuses a second create of the same name with 409 AlreadyExists', () => {
    store.create(VS, 'bookinfo', virtualService([50, 50]));
    expect(statusOf(() => store.create(VS, 'bookinfo', virtualService([50, 50])))).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
    });
  });

  it('refuses a create into a namespace that does not exist', () => {
    expect(statusOf(() => store.create(VS, 'nowhere', virtualService([50, 50])))).toMatchObject({
      code: 404,
      message: 'namespaces "nowhere" not found',
    });
  });

  it('bumps resourceVersion on every write and generation only when spec changes', () => {
    const v1 = store.create(VS, 'bookinfo', virtualService([50, 50]));
    const v2 = store.update(
      VS,
      'bookinfo',
      'reviews',
      virtualService([20, 80], { resourceVersion: v1.metadata.resourceVersion }),
    );
    const v3 = store.update(
      VS,
      'bookinfo',
      'reviews',
      virtualService([20, 80], { labels: { team: 'a' } }),
    );
    expect(Number(v2.metadata.resourceVersion)).toBeGreaterThan(
      Number(v1.metadata.resourceVersion),
    );
    expect(Number(v3.metadata.resourceVersion)).toBeGreaterThan(
      Number(v2.metadata.resourceVersion),
    );
    expect([v1, v2, v3].map((v) => v.metadata.generation)).toEqual([1, 2, 2]);
    expect(v3.metadata.uid).toBe(v1.metadata.uid);
  });

  it('rejects an update carrying a stale resourceVersion with 409 Conflict and keeps the object', () => {
    const v1 = store.create(VS, 'bookinfo', virtualService([50, 50]));
    store.update(VS, 'bookinfo', 'reviews', virtualService([20, 80]));
    const stale = statusOf(() =>
      store.update(
        VS,
        'bookinfo',
        'reviews',
        virtualService([0, 100], { resourceVersion: v1.metadata.resourceVersion }),
      ),
    );
    expect(stale).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(stale.message).toContain('the object has been modified');
    expect(store.get(VS, 'bookinfo', 'reviews').spec).toMatchObject({
      http: [{ route: [{ weight: 20 }, { weight: 80 }] }],
    });
  });

  it('rejects a JSON patch whose test op fails, and applies one whose test passes', () => {
    const v1 = store.create(VS, 'bookinfo', virtualService([50, 50]));
    const rv = String(v1.metadata.resourceVersion);
    const replace = { op: 'replace', path: '/spec/http/0/route/0/weight', value: 0 };
    const test = (value: string) => ({ op: 'test', path: '/metadata/resourceVersion', value });
    expect(
      statusOf(() =>
        store.patch(VS, 'bookinfo', 'reviews', 'application/json-patch+json', [test('1'), replace]),
      ),
    ).toMatchObject({ code: 422 });
    const patched = store.patch(VS, 'bookinfo', 'reviews', 'application/json-patch+json', [
      test(rv),
      replace,
    ]);
    expect(patched.spec).toMatchObject({ http: [{ route: [{ weight: 0 }, { weight: 50 }] }] });
  });

  it('treats a resourceVersion inside a merge patch as a precondition', () => {
    store.create(VS, 'bookinfo', virtualService([50, 50]));
    expect(
      statusOf(() =>
        store.patch(VS, 'bookinfo', 'reviews', 'application/merge-patch+json', {
          metadata: { resourceVersion: '1' },
          spec: { hosts: ['x'] },
        }),
      ),
    ).toMatchObject({ code: 409, reason: 'Conflict' });
  });

  it('answers 415 for strategic merge patches, which custom resources do not support', () => {
    store.create(VS, 'bookinfo', virtualService([50, 50]));
    expect(
      statusOf(() =>
        store.patch(VS, 'bookinfo', 'reviews', 'application/strategic-merge-patch+json', {}),
      ),
    ).toMatchObject({ code: 415 });
  });

  it('validates writes as Istio would and persists nothing on 422', () => {
    expect(statusOf(() => store.create(VS, 'bookinfo', virtualService([-1, 50])))).toMatchObject({
      code: 422,
      reason: 'Invalid',
    });
    expect(store.list(VS, 'bookinfo')).toEqual([]);
    expect(events).toEqual([]);
  });

  it('persists nothing on a dry run but still validates', () => {
    const revision = store.currentRevision();
    const dry = store.create(VS, 'bookinfo', virtualService([50, 50]), { dryRun: true });
    expect(dry.metadata.name).toBe('reviews');
    expect(store.list(VS, 'bookinfo')).toEqual([]);
    expect(store.currentRevision()).toBe(revision);
    expect(
      statusOf(() => store.create(VS, 'bookinfo', virtualService([-5, 5]), { dryRun: true })),
    ).toMatchObject({ code: 422 });
  });

  it('deletes with resourceVersion preconditions', () => {
    const v1 = store.create(VS, 'bookinfo', virtualService([50, 50]));
    expect(
      statusOf(() => store.delete(VS, 'bookinfo', 'reviews', { resourceVersion: '1' })),
    ).toMatchObject({ code: 409 });
    store.delete(VS, 'bookinfo', 'reviews', {
      resourceVersion: String(v1.metadata.resourceVersion),
    });
    expect(statusOf(() => store.get(VS, 'bookinfo', 'reviews'))).toMatchObject({
      code: 404,
      message: 'virtualservices.networking.istio.io "reviews" not found',
    });
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });

  it('refuses a body whose kind, group or name disagree with the URL', () => {
    store.create(VS, 'bookinfo', virtualService([50, 50]));
    expect(
      statusOf(() =>
        store.create(VS, 'bookinfo', { ...virtualService([1, 1]), kind: 'DestinationRule' }),
      ),
    ).toMatchObject({ code: 400 });
    expect(
      statusOf(() =>
        store.create(VS, 'bookinfo', { ...virtualService([1, 1]), apiVersion: 'apps/v1' }),
      ),
    ).toMatchObject({ code: 400 });
    expect(
      statusOf(() => store.update(VS, 'bookinfo', 'other', virtualService([1, 1]))),
    ).toMatchObject({ code: 400 });
  });

  it('lists by namespace and label selector, sorted by name', () => {
    store.seed(NS, { metadata: { name: 'other' } });
    store.create(VS, 'bookinfo', {
      ...virtualService([1, 1]),
      metadata: { name: 'b', labels: { team: 'x' } },
    });
    store.create(VS, 'bookinfo', { ...virtualService([1, 1]), metadata: { name: 'a' } });
    store.create(VS, 'other', { ...virtualService([1, 1]), metadata: { name: 'c' } });
    expect(store.list(VS, 'bookinfo').map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(store.list(VS, undefined).map((o) => o.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(
      store.list(VS, undefined, { labelSelector: 'team=x' }).map((o) => o.metadata.name),
    ).toEqual(['b']);
  });
});
