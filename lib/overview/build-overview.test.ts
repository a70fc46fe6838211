import { describe, expect, it } from 'vitest';
import type { KubeDeployment } from '../kube/types';
import type { VectorSample } from '../promql/types';
import { DEFAULT_TOLERANCES } from '../graph/health';
import { buildOverview } from './build-overview';

const sample = (
  ns: string,
  wl: string,
  code: string,
  value: number,
  extra: Record<string, string> = {},
): VectorSample => ({
  labels: {
    destination_workload_namespace: ns,
    destination_workload: wl,
    response_code: code,
    ...extra,
  },
  timestampSec: 100,
  value,
});

const deployment = (namespace: string, name: string, available = 1): KubeDeployment => ({
  namespace,
  name,
  labels: {},
  templateLabels: { app: name.split('-')[0] ?? name, version: 'v1' },
  desiredReplicas: 1,
  availableReplicas: available,
});

const input = { timestamp: 100, windowSeconds: 60, tcpSamples: [], warnings: [] };

describe('buildOverview', () => {
  it('joins Deployments with inbound traffic and computes error % from 5xx and no-response', () => {
    const overview = buildOverview({
      ...input,
      requestSamples: [
        sample('bookinfo', 'reviews-v1', '200', 9),
        sample('bookinfo', 'reviews-v1', '503', 0.5),
        sample('bookinfo', 'reviews-v1', '0', 0.5),
        sample('bookinfo', 'reviews-v1', '404', 1),
      ],
      deployments: [deployment('bookinfo', 'reviews-v1'), deployment('bookinfo', 'ratings-v1', 0)],
    });
    expect(overview.namespaces).toEqual([
      {
        name: 'bookinfo',
        workloads: [
          {
            namespace: 'bookinfo',
            name: 'ratings-v1',
            app: 'ratings',
            version: 'v1',
            replicas: { desired: 1, available: 0 },
            dataplane: 'sidecar',
            inboundRps: 0,
            errorPercent: 0,
            tcpBytesPerSecond: 0,
            health: { status: 'na' },
          },
          {
            namespace: 'bookinfo',
            name: 'reviews-v1',
            app: 'reviews',
            version: 'v1',
            replicas: { desired: 1, available: 1 },
            dataplane: 'sidecar',
            inboundRps: 11,
            errorPercent: (1 / 11) * 100,
            tcpBytesPerSecond: 0,
            // As the graph judges it: 5xx and no response 4.5 % each (any degrades).
            health: { status: 'degraded', reason: '5xx 4.5%' },
          },
        ],
      },
    ]);
  });

  it('says how each workload is in the mesh: a sidecar, ambient, or neither', () => {
    const withLabels = (name: string, labels: Record<string, string>, namespace = 'shop') => ({
      ...deployment(namespace, name),
      templateLabels: { app: name, ...labels },
    });
    const overview = buildOverview({
      ...input,
      requestSamples: [],
      deployments: [
        withLabels('cart', {}),
        withLabels('legacy', { 'sidecar.istio.io/inject': 'false' }),
        withLabels('pod-ambient', { 'istio.io/dataplane-mode': 'ambient' }),
        withLabels('frontend', {}, 'travel'),
        withLabels('opted-out', { 'istio.io/dataplane-mode': 'none' }, 'travel'),
      ],
      ambientNamespaces: new Set(['travel']),
    });
    const modes = Object.fromEntries(
      overview.namespaces.flatMap((n) => n.workloads.map((w) => [w.name, w.dataplane])),
    );
    expect(modes).toEqual({
      cart: 'sidecar',
      legacy: 'none',
      'pod-ambient': 'ambient',
      frontend: 'ambient',
      'opted-out': 'none',
    });
  });

  it('names the Services in front of each workload: those of its namespace whose selector picks it', () => {
    const service = (namespace: string, name: string, selector: Record<string, string>) => ({
      namespace,
      name,
      labels: {},
      selector,
      ports: [],
    });
    const overview = buildOverview({
      ...input,
      requestSamples: [],
      deployments: [deployment('bookinfo', 'reviews-v1'), deployment('bookinfo', 'ratings-v1')],
      services: [
        service('bookinfo', 'reviews', { app: 'reviews' }),
        service('bookinfo', 'reviews-v1', { app: 'reviews', version: 'v1' }),
        service('bookinfo', 'headless', {}),
        service('travel', 'reviews', { app: 'reviews' }),
      ],
    });
    const services = Object.fromEntries(
      overview.namespaces.flatMap((n) => n.workloads).map((w) => [w.name, w.services]),
    );
    expect(services).toEqual({ 'ratings-v1': [], 'reviews-v1': ['reviews', 'reviews-v1'] });
  });

  it('lists workloads seen only in metrics when Kubernetes could not be read', () => {
    const overview = buildOverview({
      ...input,
      requestSamples: [
        sample('shop', 'cart-v1', '200', 2, { destination_app: 'cart', destination_version: 'v1' }),
      ],
      deployments: undefined,
      warnings: ['Kubernetes API: down'],
    });
    expect(overview.namespaces[0]?.workloads[0]).toMatchObject({
      name: 'cart-v1',
      app: 'cart',
      version: 'v1',
      inboundRps: 2,
    });
    expect(overview.namespaces[0]?.workloads[0]?.replicas).toBeUndefined();
    expect(overview.warnings).toEqual(['Kubernetes API: down']);
  });

  it('ignores unknown peers and non-finite samples', () => {
    const overview = buildOverview({
      ...input,
      requestSamples: [
        sample('unknown', 'unknown', '200', 5),
        sample('a', 'w', '200', NaN),
        sample('a', 'w', '200', 1),
      ],
      tcpSamples: [sample('a', 'w', '', Infinity)],
      deployments: [],
    });
    expect(overview.namespaces).toEqual([
      {
        name: 'a',
        workloads: [
          {
            namespace: 'a',
            name: 'w',
            inboundRps: 1,
            errorPercent: 0,
            tcpBytesPerSecond: 0,
            health: { status: 'healthy' },
          },
        ],
      },
    ]);
  });

  it('sorts namespaces and workloads by name', () => {
    const overview = buildOverview({
      ...input,
      requestSamples: [
        sample('z', 'b', '200', 1),
        sample('a', 'y', '200', 1),
        sample('a', 'x', '200', 1),
      ],
      deployments: [],
    });
    expect(overview.namespaces.map((n) => [n.name, n.workloads.map((w) => w.name)])).toEqual([
      ['a', ['x', 'y']],
      ['z', ['b']],
    ]);
  });

  it('adds each workload’s inbound p95, leaving it out where there were no requests (NaN)', () => {
    const overview = buildOverview({
      timestamp: 100,
      windowSeconds: 60,
      requestSamples: [sample('shop', 'cart-v1', '200', 2)],
      tcpSamples: [],
      p95Samples: [sample('shop', 'cart-v1', '', 42.5), sample('shop', 'idle-v1', '', NaN)],
      deployments: [deployment('shop', 'cart-v1'), deployment('shop', 'idle-v1')],
      warnings: [],
    });
    const [cart, idle] = overview.namespaces[0]?.workloads ?? [];
    expect(cart?.p95Ms).toBe(42.5);
    expect(idle?.p95Ms).toBeUndefined();
  });

  it('judges health by the same rules as the graph, per workload', () => {
    const requestSamples = [
      sample('shop', 'cart-v1', '200', 95),
      sample('shop', 'cart-v1', '503', 5),
    ];
    const base = { ...input, requestSamples, deployments: [] };
    expect(buildOverview(base).namespaces[0]?.workloads[0]?.health).toEqual({
      status: 'degraded',
      reason: '5xx 5.0%',
    });
    // A rule that tolerates up to 10 % of 5xx for this workload: healthy, as on the graph.
    const lenient = buildOverview({
      ...base,
      tolerancesFor: (target) => ({
        ...DEFAULT_TOLERANCES,
        http5xx:
          target.kind === 'workload' && target.name === 'cart-v1'
            ? { degraded: 10, failure: 20 }
            : DEFAULT_TOLERANCES.http5xx,
      }),
    });
    expect(lenient.namespaces[0]?.workloads[0]?.health).toEqual({ status: 'healthy' });
  });
});
