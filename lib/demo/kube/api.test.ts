import { beforeEach, describe, expect, it } from 'vitest';
import { BOOKINFO_TOPOLOGY } from '../topology';
import { handleKubeRequest, type KubeRequest } from './api';
import { seedTopology } from './seed';
import { ObjectStore } from './store';

const NOW = new Date('2026-11-24T10:05:00Z');

describe('handleKubeRequest', () => {
  let store: ObjectStore;
  const call = (
    method: string,
    url: string,
    body?: unknown,
    headers: KubeRequest['headers'] = {},
  ) =>
    handleKubeRequest(
      store,
      { method, url, headers, body: body === undefined ? '' : JSON.stringify(body) },
      NOW,
      '127.0.0.1:6443',
    );

  beforeEach(() => {
    store = new ObjectStore({ now: () => new Date('2026-11-24T10:00:00Z'), newUid: () => 'uid' });
    seedTopology(store, BOOKINFO_TOPOLOGY);
  });

  it('serves discovery for the core group and networking.istio.io at three versions', () => {
    expect(call('GET', '/api').body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = call('GET', '/apis').body as {
      groups: { name: string; preferredVersion: { version: string } }[];
    };
    expect(
      groups.groups.find((g) => g.name === 'networking.istio.io')?.preferredVersion.version,
    ).toBe('v1');
    for (const version of ['v1', 'v1beta1', 'v1alpha3']) {
      const list = call('GET', `/apis/networking.istio.io/${version}`);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({
        kind: 'APIResourceList',
        groupVersion: `networking.istio.io/${version}`,
      });
    }
    expect(call('GET', '/apis/networking.istio.io/v2').status).toBe(404);
    expect(call('GET', '/version').body).toMatchObject({
      gitVersion: expect.stringMatching(/^v1\./),
    });
  });

  it('lists Bookinfo namespaces, services, deployments and pods', () => {
    const names = (url: string) =>
      (call('GET', url).body as { items: { metadata: { name: string } }[] }).items.map(
        (i) => i.metadata.name,
      );
    expect(names('/api/v1/namespaces')).toEqual([
      'bookinfo',
      'default',
      'istio-system',
      'kube-system',
    ]);
    expect(names('/api/v1/namespaces/bookinfo/services')).toEqual([
      'details',
      'mongodb',
      'productpage',
      'ratings',
      'reviews',
    ]);
    expect(names('/apis/apps/v1/namespaces/bookinfo/deployments')).toEqual([
      'details-v1',
      'mongodb-v1',
      'productpage-v1',
      'ratings-v1',
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
    ]);
    expect(names('/api/v1/pods?labelSelector=app%3Dreviews')).toHaveLength(3);
    expect(names('/apis/apps/v1/deployments')).toContain('istio-ingressgateway');
  });

  it('gets a cluster-scoped object by name and answers a Status for unknown names', () => {
    expect(call('GET', '/api/v1/namespaces/bookinfo').body).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
    });
    expect(call('GET', '/api/v1/namespaces/nope')).toMatchObject({
      status: 404,
      body: {
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: 'namespaces "nope" not found',
      },
    });
  });

  it('serves one stored VirtualService at every version', () => {
    const created = call(
      'POST',
      '/apis/networking.istio.io/v1alpha3/namespaces/bookinfo/virtualservices',
      {
        apiVersion: 'networking.istio.io/v1alpha3',
        kind: 'VirtualService',
        metadata: { name: 'reviews' },
        spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] },
      },
    );
    expect(created.status).toBe(201);
    for (const version of ['v1', 'v1beta1', 'v1alpha3']) {
      expect(
        call(
          'GET',
          `/apis/networking.istio.io/${version}/namespaces/bookinfo/virtualservices/reviews`,
        ).body,
      ).toMatchObject({
        apiVersion: `networking.istio.io/${version}`,
        kind: 'VirtualService',
        metadata: { name: 'reviews', namespace: 'bookinfo' },
      });
    }
  });

  it('answers kubectl’s Table requests with Istio’s printer columns', () => {
    call('POST', '/apis/networking.istio.io/v1/namespaces/bookinfo/destinationrules', {
      metadata: { name: 'reviews' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    });
    const table = call(
      'GET',
      '/apis/networking.istio.io/v1/namespaces/bookinfo/destinationrules',
      undefined,
      {
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
      },
    ).body as { kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(table.kind).toBe('Table');
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Host', 'Age']);
    expect(table.rows[0]?.cells).toEqual(['reviews', 'reviews', '5m']);
  });

  it('lets a Deployment’s annotations and labels be patched (kubectl annotate), nothing else', () => {
    const path = '/apis/apps/v1/namespaces/bookinfo/deployments/ratings-v1';
    const smp = { 'content-type': 'application/strategic-merge-patch+json' };
    const annotate = call(
      'PATCH',
      path,
      { metadata: { annotations: { 'demo.meshlens.dev/latency': '7s' } } },
      smp,
    );
    expect(annotate.status).toBe(200);
    expect(annotate.body).toMatchObject({
      metadata: { annotations: { 'demo.meshlens.dev/latency': '7s' } },
    });
    const replicas = call('PATCH', path, { spec: { replicas: 3 } }, smp);
    expect(replicas.status).toBe(422);
    expect(replicas.body).toMatchObject({
      message: expect.stringMatching(/only metadata\.annotations and metadata\.labels/),
    });
    expect(call('PUT', path, {}).status).toBe(405);
    // Custom resources take no strategic merge patch, as on a real API server.
    call('POST', '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices', {
      metadata: { name: 'r' },
      spec: { hosts: ['ratings'] },
    });
    expect(
      call(
        'PATCH',
        '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/r',
        { metadata: { labels: { a: 'b' } } },
        smp,
      ).status,
    ).toBe(415);
  });

  it('refuses writes to the demo’s fixed workloads with 405', () => {
    expect(call('DELETE', '/api/v1/namespaces/bookinfo/pods/x').status).toBe(405);
    expect(
      call('POST', '/apis/apps/v1/namespaces/bookinfo/deployments', { metadata: { name: 'x' } })
        .status,
    ).toBe(405);
  });

  it('answers 400 for a body that is not JSON and for unsupported dry-run values', () => {
    const url = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices';
    expect(
      handleKubeRequest(
        store,
        { method: 'POST', url, headers: {}, body: 'kind: VirtualService' },
        NOW,
        '',
      ).status,
    ).toBe(400);
    expect(
      call('POST', `${url}?dryRun=Maybe`, { metadata: { name: 'x' }, spec: { hosts: ['x'] } })
        .status,
    ).toBe(400);
  });

  it('serves Gateway API HTTPRoutes at v1 and v1beta1, one object at both', () => {
    const groups = call('GET', '/apis').body as {
      groups: { name: string; preferredVersion: { version: string }; versions: unknown[] }[];
    };
    const gatewayApi = groups.groups.find((g) => g.name === 'gateway.networking.k8s.io');
    expect(gatewayApi?.preferredVersion.version).toBe('v1');
    expect(gatewayApi?.versions).toHaveLength(2);
    const created = call(
      'POST',
      '/apis/gateway.networking.k8s.io/v1beta1/namespaces/bookinfo/httproutes?fieldManager=kubectl',
      {
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'HTTPRoute',
        metadata: { name: 'reviews' },
        spec: { parentRefs: [{ name: 'reviews', kind: 'Service', group: '' }] },
      },
    );
    expect(created.status).toBe(201);
    const read = call('GET', '/apis/gateway.networking.k8s.io/v1/namespaces/bookinfo/httproutes');
    expect(read.body).toMatchObject({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRouteList',
      items: [
        {
          apiVersion: 'gateway.networking.k8s.io/v1',
          metadata: { name: 'reviews', managedFields: [{ manager: 'kubectl' }] },
        },
      ],
    });
  });

  it('answers 404 for paths it does not serve', () => {
    expect(call('GET', '/apis/apps/v1/namespaces/bookinfo/statefulsets').status).toBe(404);
    expect(call('GET', '/healthz/extra/path').status).toBe(404);
  });
});
