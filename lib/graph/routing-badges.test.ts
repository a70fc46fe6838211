import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraphResponse, NodeData } from '../contracts/graph';
import { applyBadges, routingBadges, type RoutingObjectLike } from './routing-badges';

const kiali = (name: string): RoutingObjectLike =>
  JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/kiali', name), 'utf8'));

const ratingsVs: RoutingObjectLike = {
  metadata: { name: 'ratings', namespace: 'bookinfo' },
  spec: {
    hosts: ['ratings'],
    http: [
      {
        fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } },
        route: [{ destination: { host: 'ratings' } }],
        mirror: { host: 'ratings', subset: 'v2' },
        timeout: '1s',
        retries: { attempts: 2 },
      },
    ],
  },
};
const ratingsDr: RoutingObjectLike = {
  metadata: { name: 'ratings', namespace: 'bookinfo' },
  spec: {
    host: 'ratings.bookinfo.svc.cluster.local',
    trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } },
  },
};

describe('routingBadges', () => {
  const badges = routingBadges(
    [
      { namespace: kiali('reviews-virtualservice.json').metadata.namespace, service: 'reviews' },
      { namespace: 'bookinfo', service: 'ratings' },
      { namespace: 'bookinfo', service: 'details' },
    ],
    [kiali('reviews-virtualservice.json'), ratingsVs],
    [kiali('reviews-destinationrule.json'), ratingsDr],
  );

  it('marks Kiali’s 33/33/34 reviews split as routed and shifted', () => {
    const ns = kiali('reviews-virtualservice.json').metadata.namespace;
    expect(badges.get(`${ns}/reviews`)).toEqual(['virtualService', 'trafficShifting']);
  });

  it('names every kind of routing a service has, in a fixed order', () => {
    expect(badges.get('bookinfo/ratings')).toEqual([
      'virtualService',
      'faultInjection',
      'circuitBreaker',
      'mirroring',
      'timeout',
      'retries',
    ]);
    expect(badges.has('bookinfo/details')).toBe(false);
  });
});

describe('applyBadges', () => {
  const node = (data: Partial<NodeData>): { data: NodeData } => ({
    data: {
      id: String(data.id),
      nodeType: 'app',
      namespace: 'bookinfo',
      isRoot: false,
      isOutside: false,
      isInjectedService: false,
      traffic: [],
      health: { status: 'healthy' },
      ...data,
    } as NodeData,
  });
  const byService = new Map([['bookinfo/ratings', ['circuitBreaker' as const]]]);
  const deployments = [
    {
      namespace: 'bookinfo',
      name: 'legacy-v1',
      templateLabels: { app: 'legacy', version: 'v1', 'sidecar.istio.io/inject': 'false' },
    },
  ];

  it('puts routing on the service node when there is one, else on the app nodes', () => {
    const withService: GraphResponse['elements'] = {
      nodes: [
        node({ id: 'service/bookinfo/ratings', nodeType: 'service', service: 'ratings' }),
        node({ id: 'app/bookinfo/ratings/v1', app: 'ratings', version: 'v1' }),
      ],
      edges: [],
    };
    const out = applyBadges(withService, byService, deployments).nodes.map((n) => n.data.badges);
    expect(out).toEqual([['circuitBreaker'], undefined]);
    const appsOnly = { nodes: [withService.nodes[1] as { data: NodeData }], edges: [] };
    expect(applyBadges(appsOnly, byService, deployments).nodes[0]?.data.badges).toEqual([
      'circuitBreaker',
    ]);
  });

  it('marks workloads deployed without a sidecar', () => {
    const elements: GraphResponse['elements'] = {
      nodes: [
        node({
          id: 'workload/bookinfo/legacy-v1',
          nodeType: 'workload',
          workload: 'legacy-v1',
          app: 'legacy',
        }),
        node({ id: 'app/bookinfo/legacy/v1', app: 'legacy', version: 'v1' }),
      ],
      edges: [],
    };
    expect(applyBadges(elements, new Map(), deployments).nodes.map((n) => n.data.badges)).toEqual([
      ['missingSidecar'],
      ['missingSidecar'],
    ]);
  });
});

describe('routingBadges for Gateway API HTTPRoutes', () => {
  it('marks a service with an attached HTTPRoute, and reads what its rules do', () => {
    const route: RoutingObjectLike = {
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
        rules: [
          {
            backendRefs: [
              { name: 'reviews-v1', port: 9080, weight: 90 },
              { name: 'reviews-v2', port: 9080, weight: 10 },
            ],
            timeouts: { request: '2s' },
          },
        ],
      },
    };
    // A route attached to a Gateway is not the service's own.
    const north: RoutingObjectLike = {
      metadata: { name: 'details', namespace: 'bookinfo' },
      spec: { parentRefs: [{ name: 'gateway' }], rules: [{ backendRefs: [{ name: 'details' }] }] },
    };
    const badges = routingBadges(
      [
        { namespace: 'bookinfo', service: 'reviews' },
        { namespace: 'bookinfo', service: 'details' },
      ],
      [],
      [],
      [route, north],
    );
    expect(badges.get('bookinfo/reviews')).toEqual(['httpRoute', 'trafficShifting', 'timeout']);
    expect(badges.has('bookinfo/details')).toBe(false);
  });
});
