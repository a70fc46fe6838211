import { describe, expect, it } from 'vitest';
import type { HttpRoute, RoutingSpec } from '../contracts/routing-model';
import {
  choiceOf,
  choiceOptions,
  destinationChoices,
  initialHttpRoute,
  nthTarget,
  targetOf,
} from './edit';
import {
  attachedToService,
  gatewayApiProblems,
  readHttpRouteRules,
  routeInEffect,
  writeHttpRouteSpec,
} from './gateway-api';

/**
 * Istio's Gateway API recipes for Bookinfo (istio.io, tasks/traffic-management: request
 * routing and traffic shifting), as `kubectl get httproute -o json` shows them.
 */
const requestRouting = {
  parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
  rules: [
    {
      matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }],
      backendRefs: [{ name: 'reviews-v2', port: 9080 }],
    },
    { backendRefs: [{ name: 'reviews-v1', port: 9080 }] },
  ],
};
const trafficShifting = {
  parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
  rules: [
    {
      backendRefs: [
        { name: 'reviews-v1', port: 9080, weight: 50 },
        { name: 'reviews-v3', port: 9080, weight: 50 },
      ],
    },
  ],
};
const reviews = { name: 'reviews', namespace: 'bookinfo', port: 9080 };

describe('HTTPRoute ↔ routing model', () => {
  it("reads Istio's recipes: a header match for a hidden release, then a 50/50 canary", () => {
    expect(readHttpRouteRules(requestRouting, 'bookinfo')).toEqual([
      {
        source: 0,
        match: [{ headers: [{ name: 'end-user', type: 'exact', value: 'jason' }] }],
        // A lone backend takes all of the traffic: 100, as a VirtualService's lone route.
        destinations: [{ host: 'reviews-v2', port: 9080, weight: 100 }],
      },
      { source: 1, match: [], destinations: [{ host: 'reviews-v1', port: 9080, weight: 100 }] },
    ]);
    expect(readHttpRouteRules(trafficShifting, 'bookinfo')[0]?.destinations).toEqual([
      { host: 'reviews-v1', port: 9080, weight: 50 },
      { host: 'reviews-v3', port: 9080, weight: 50 },
    ]);
  });

  it('writes back what it read, unchanged', () => {
    for (const spec of [requestRouting, trafficShifting])
      expect(writeHttpRouteSpec(readHttpRouteRules(spec, 'bookinfo'), spec, reviews)).toEqual(spec);
  });

  it('edits weights, paths, timeouts and mirroring, keeping what it does not model', () => {
    const original = {
      ...trafficShifting,
      hostnames: ['reviews.example'],
      rules: [
        {
          name: 'canary',
          filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { add: [] } }],
          backendRefs: [
            { name: 'reviews-v1', port: 9080, weight: 50, filters: [{ type: 'X' }] },
            { name: 'reviews-v3', port: 9080, weight: 50 },
          ],
        },
      ],
    };
    const [rule] = readHttpRouteRules(original, 'bookinfo') as [HttpRoute];
    const edited: HttpRoute = {
      ...rule,
      match: [{ headers: [], uri: { type: 'prefix', value: '/api' } }],
      destinations: [
        { host: 'reviews-v1', port: 9080, weight: 90 },
        { host: 'reviews-v3', weight: 10 },
      ],
      timeoutMs: 1500,
      mirror: { host: 'reviews-v2', percent: 20 },
    };
    expect(writeHttpRouteSpec([edited], original, reviews)).toEqual({
      ...original,
      rules: [
        {
          name: 'canary',
          matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
          filters: [
            { type: 'RequestHeaderModifier', requestHeaderModifier: { add: [] } },
            {
              type: 'RequestMirror',
              requestMirror: { backendRef: { name: 'reviews-v2', port: 9080 }, percent: 20 },
            },
          ],
          backendRefs: [
            { name: 'reviews-v1', port: 9080, weight: 90, filters: [{ type: 'X' }] },
            { name: 'reviews-v3', port: 9080, weight: 10 },
          ],
          timeouts: { request: '1.5s' },
        },
      ],
    });
    // And reads back as edited.
    expect(readHttpRouteRules(writeHttpRouteSpec([edited], original, reviews), 'bookinfo')).toEqual(
      [
        {
          ...edited,
          name: 'canary',
          destinations: [edited.destinations[0], { ...edited.destinations[1], port: 9080 }],
        },
      ],
    );
  });

  it('creates a route attached to the service (GAMMA) when there was none', () => {
    const spec = writeHttpRouteSpec(
      [{ match: [], destinations: [{ host: 'reviews-v1', weight: 100 }] }],
      undefined,
      reviews,
    );
    expect(spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 100 }] }],
    });
    const route = { metadata: { namespace: 'bookinfo' }, spec };
    expect(attachedToService(route, 'reviews', 'bookinfo')).toBe(true);
    expect(attachedToService(route, 'ratings', 'bookinfo')).toBe(false);
    expect(attachedToService(route, 'reviews', 'other')).toBe(false);
    // A route attached to a Gateway (north–south) is not the service's own.
    const north = {
      metadata: { namespace: 'bookinfo' },
      spec: { parentRefs: [{ name: 'reviews' }] },
    };
    expect(attachedToService(north, 'reviews', 'bookinfo')).toBe(false);
  });

  it('reads a mirror’s fraction, a regex header and a path match', () => {
    const [rule] = readHttpRouteRules(
      {
        rules: [
          {
            matches: [
              {
                path: { type: 'Exact', value: '/reviews/0' },
                headers: [{ name: 'User-Agent', type: 'RegularExpression', value: '.*Firefox.*' }],
              },
            ],
            filters: [
              {
                type: 'RequestMirror',
                requestMirror: {
                  backendRef: { name: 'reviews', namespace: 'shadow', port: 9080 },
                  fraction: { numerator: 1, denominator: 4 },
                },
              },
            ],
            backendRefs: [{ name: 'reviews-v1', port: 9080 }],
          },
        ],
      },
      'bookinfo',
    );
    expect(rule?.match).toEqual([
      {
        headers: [{ name: 'user-agent', type: 'regex', value: '.*Firefox.*' }],
        uri: { type: 'exact', value: '/reviews/0' },
      },
    ]);
    expect(rule?.mirror).toEqual({ host: 'reviews.shadow', percent: 25 });
  });
});

describe('what an HTTPRoute cannot say', () => {
  const spec = (route: Partial<HttpRoute>): RoutingSpec => ({
    http: [{ match: [], destinations: [{ host: 'reviews-v1', weight: 100 }], ...route }],
    tcp: [],
    subsets: [],
  });

  it('accepts weights, exact and regex headers, paths, timeouts and mirrors', () => {
    expect(
      gatewayApiProblems(
        spec({
          match: [{ headers: [{ name: 'end-user', type: 'exact', value: 'jason' }] }],
          timeoutMs: 2000,
          mirror: { host: 'reviews-v2', percent: 10 },
        }),
      ),
    ).toEqual([]);
  });

  it('refuses subsets, header prefixes, faults, retries and TCP routes, saying what to do', () => {
    const problems = gatewayApiProblems({
      ...spec({
        destinations: [{ host: 'reviews', subset: 'v2', weight: 100 }],
        match: [{ headers: [{ name: 'end-user', type: 'prefix', value: 'ja' }] }],
        fault: { abort: { httpStatus: 503, percent: 10 } },
        retries: { attempts: 3 },
      }),
      tcp: [{ destinations: [{ host: 'mongodb', weight: 100 }] }],
    });
    expect(problems.map((p) => [p.path, p.severity])).toEqual([
      ['tcp', 'error'],
      ['http[0].destinations[0]', 'error'],
      ['http[0].match[0].headers[0]', 'error'],
      ['http[0].fault', 'error'],
      ['http[0].retries', 'error'],
    ]);
    expect(problems[1]?.message).toContain('reviews-v2');
    expect(problems[2]?.message).toContain('ja.*');
  });
});

describe('a VirtualService and an HTTPRoute for one service', () => {
  const vs = (createdSec: number) => ({
    kind: 'VirtualService' as const,
    name: 'reviews',
    createdSec,
  });
  const route = (createdSec: number) => ({
    kind: 'HTTPRoute' as const,
    name: 'reviews',
    createdSec,
  });

  it('says the HTTPRoute wins in its namespace, and the older one elsewhere', () => {
    expect(routeInEffect(vs(100), route(200), 'bookinfo')).toMatch(
      /proxies in bookinfo use the HTTPRoute .* other namespaces use the older VirtualService/,
    );
    expect(routeInEffect(vs(300), route(200), 'bookinfo')).toMatch(
      /proxies in bookinfo use the HTTPRoute .* and so do callers in other namespaces/,
    );
  });
});

describe('where an HTTPRoute’s destinations may go, in the editor', () => {
  const services = ['details', 'productpage', 'reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3'];

  it('offers the service’s own version Services first, and sends new routes to them', () => {
    const choices = destinationChoices('HTTPRoute', 'reviews', [], services);
    expect(choiceOptions(choices).map((o) => o.value)).toEqual([
      'reviews-v1',
      'reviews-v2',
      'reviews-v3',
      'details',
      'productpage',
      'reviews',
    ]);
    // A default route to the first version, a hidden release to the newest.
    expect(nthTarget(choices, 0)).toEqual({ host: 'reviews-v1' });
    expect(nthTarget(choices, Infinity)).toEqual({ host: 'reviews-v3' });
    expect(targetOf(choices, 'reviews-v2')).toEqual({ host: 'reviews-v2' });
    expect(choiceOf(choices, { host: 'reviews-v2' })).toBe('reviews-v2');
  });

  it('drafts an HTTPRoute only when every version has its own Service', () => {
    const workloads = ['v1', 'v2', 'v3'].map((version) => ({
      labels: { app: 'reviews', version },
      readyReplicas: 1,
    }));
    expect(initialHttpRoute('reviews', workloads, services)?.http[0]?.destinations).toEqual([
      { host: 'reviews-v1', weight: 34 },
      { host: 'reviews-v2', weight: 33 },
      { host: 'reviews-v3', weight: 33 },
    ]);
    expect(initialHttpRoute('reviews', workloads, ['reviews', 'reviews-v1'])).toBeUndefined();
  });
});
