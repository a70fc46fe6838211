import { describe, expect, it } from 'vitest';
import type { Overview, OverviewWorkload } from '../contracts/overview';
import type { KubeDeployment, KubeService } from '../kube/types';
import { appRows } from './app-list';
import { buildServiceRows, serviceRows } from './service-list';

const workload = (name: string, figures: Partial<OverviewWorkload> = {}): OverviewWorkload => ({
  namespace: 'bookinfo',
  name,
  app: name.split('-')[0],
  version: name.split('-')[1],
  inboundRps: 0,
  errorPercent: 0,
  tcpBytesPerSecond: 0,
  health: { status: 'healthy' },
  replicas: { desired: 1, available: 1 },
  dataplane: 'sidecar',
  ...figures,
});

const overview: Overview = {
  timestamp: 0,
  windowSeconds: 60,
  warnings: [],
  namespaces: [
    {
      name: 'bookinfo',
      workloads: [
        workload('reviews-v1', { inboundRps: 3, errorPercent: 0, p95Ms: 10 }),
        workload('reviews-v2', {
          inboundRps: 1,
          errorPercent: 20,
          p95Ms: 40,
          health: { status: 'failure', reason: '5xx 20.0%' },
          replicas: { desired: 2, available: 1 },
        }),
        workload('ratings-v1', { inboundRps: 2, p95Ms: 5 }),
        workload('legacy', { app: undefined, version: undefined }),
      ],
    },
  ],
};

describe('appRows', () => {
  it("groups versions into their app: summed rates, errors over all requests, the slowest version's p95, the worst health", () => {
    const [ratings, reviews] = appRows(overview, {});
    expect(ratings?.app).toBe('ratings');
    expect(reviews).toMatchObject({
      app: 'reviews',
      versions: ['v1', 'v2'],
      inboundRps: 4,
      errorPercent: 5, // 0.2 of 1 request/s, over 4
      p95Ms: 40,
      health: { status: 'failure' },
      replicas: { desired: 3, available: 2 },
      dataplanes: ['sidecar'],
    });
    // A workload without an app label is no app.
    expect(appRows(overview, {}).map((a) => a.app)).toEqual(['ratings', 'reviews']);
  });

  it('sorts by a figure, largest first, and searches app and version', () => {
    expect(appRows(overview, { sort: 'rps' }).map((a) => a.app)).toEqual(['reviews', 'ratings']);
    expect(appRows(overview, { sort: 'rps', descending: false })[0]?.app).toBe('ratings');
    expect(appRows(overview, { text: 'V2' }).map((a) => a.app)).toEqual(['reviews']);
    expect(appRows(overview, { namespaces: ['travel'] })).toEqual([]);
  });
});

const service = (name: string, selector: Record<string, string>): KubeService => ({
  namespace: 'bookinfo',
  name,
  labels: {},
  selector,
  ports: [{ name: 'http', port: 9080, protocol: 'TCP', appProtocol: undefined }],
});
const deployment = (name: string, labels: Record<string, string>): KubeDeployment => ({
  namespace: 'bookinfo',
  name,
  labels,
  templateLabels: labels,
  desiredReplicas: 1,
  availableReplicas: 1,
});
const sample = (name: string, code: string, value: number) => ({
  labels: {
    destination_service_namespace: 'bookinfo',
    destination_service_name: name,
    response_code: code,
  },
  value,
  timestampSec: 0,
});

describe('buildServiceRows', () => {
  const rows = buildServiceRows({
    services: [service('reviews', { app: 'reviews' }), service('orphan', { app: 'gone' })],
    deployments: [
      deployment('reviews-v1', { app: 'reviews', version: 'v1' }),
      deployment('reviews-v2', { app: 'reviews', version: 'v2' }),
      deployment('ratings-v1', { app: 'ratings', version: 'v1' }),
    ],
    requestSamples: [sample('reviews', '200', 9), sample('reviews', '503', 1)],
    p95Samples: [{ ...sample('reviews', '', 0), value: 25 }],
    routing: new Map([['bookinfo/reviews', ['VirtualService', 'DestinationRule'] as const]]),
    configErrors: new Map([['bookinfo/reviews', 1]]),
  });

  it('joins each Service with what it selects, its traffic, its routing and their errors', () => {
    expect(rows.map((r) => r.name)).toEqual(['orphan', 'reviews']);
    expect(rows[1]).toMatchObject({
      workloads: ['reviews-v1', 'reviews-v2'],
      versions: ['v1', 'v2'],
      inboundRps: 10,
      errorPercent: 10,
      p95Ms: 25,
      health: { status: 'failure' },
      routing: ['VirtualService', 'DestinationRule'],
      configErrors: 1,
      dataplanes: ['sidecar'],
    });
    expect(rows[0]).toMatchObject({
      workloads: [],
      dataplanes: [],
      inboundRps: 0,
      health: { status: 'na' },
    });
  });

  it('sorts and searches by name or workload', () => {
    expect(serviceRows(rows, { text: 'reviews-v2' }).map((r) => r.name)).toEqual(['reviews']);
    expect(serviceRows(rows, { sort: 'rps' }).map((r) => r.name)).toEqual(['reviews', 'orphan']);
  });
});
