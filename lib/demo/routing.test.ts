import { describe, expect, it } from 'vitest';
import { IstioMetrics, peerLabels } from './istio-metrics';
import { seededRandom } from './random';
import { compileRouter, type RoutingObject } from './routing';
import { BOOKINFO_TOPOLOGY } from './topology';
import { simulateRequest, type Hop } from './traffic';
import { spanBuilder } from './tracing/spans';
import { buildTraceTree } from '../traces/tree';

const vs = (http: unknown[], name = 'reviews'): RoutingObject => ({
  metadata: { name, namespace: 'bookinfo' },
  spec: { hosts: ['reviews'], http },
});
const dr: RoutingObject = {
  metadata: { name: 'reviews', namespace: 'bookinfo' },
  spec: {
    host: 'reviews.bookinfo.svc.cluster.local',
    subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
  },
};
const to = (subset: string, weight?: number) => ({
  destination: { host: 'reviews', subset },
  ...(weight !== undefined ? { weight } : {}),
});

function run(
  http: unknown[],
  options: {
    count?: number;
    errorRate?: number;
    headers?: Record<string, string>;
    rules?: RoutingObject[];
  } = {},
): Hop[] {
  const router = compileRouter(BOOKINFO_TOPOLOGY, [vs(http)], options.rules ?? [dr]);
  const random = seededRandom(5);
  return Array.from({ length: options.count ?? 300 }, () =>
    simulateRequest(BOOKINFO_TOPOLOGY, random, {
      errorRate: options.errorRate ?? 0,
      router,
      headers: options.headers,
    }),
  ).flat();
}

const spanIdOf = (n: number) => n.toString(16).padStart(16, '0');

/** The spans of one simulated request: hop i has client span i and server span i + 1000. */
const spansOf = (hops: Hop[], traceId: string) =>
  spanBuilder(BOOKINFO_TOPOLOGY)({
    traceId,
    startMs: 0,
    hops,
    spanIds: hops.flatMap((_, i) => [spanIdOf(i), spanIdOf(i + 1000)]),
    requestId: 'r',
  });

const reviewsHops = (hops: Hop[]) => hops.filter((h) => h.destination.service === 'reviews');
const count = (hops: Hop[], key: (h: Hop) => string) =>
  hops.reduce<Record<string, number>>(
    (acc, h) => ({ ...acc, [key(h)]: (acc[key(h)] ?? 0) + 1 }),
    {},
  );

describe('the demo obeys routing', () => {
  it('sends everything to one subset, or splits by weight', () => {
    expect(count(reviewsHops(run([{ route: [to('v3')] }])), (h) => h.destination.name)).toEqual({
      'reviews-v3': 300,
    });
    const split = count(
      reviewsHops(run([{ route: [to('v1', 80), to('v2', 20)] }], { count: 2000 })),
      (h) => h.destination.name,
    );
    expect(Object.keys(split).sort()).toEqual(['reviews-v1', 'reviews-v2']);
    expect((split['reviews-v2'] ?? 0) / 2000).toBeGreaterThan(0.17);
    expect((split['reviews-v2'] ?? 0) / 2000).toBeLessThan(0.23);
  });

  it('matches headers before the default route (hidden release for jason)', () => {
    const http = [
      { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [to('v2')] },
      { route: [to('v1')] },
    ];
    expect(
      count(
        reviewsHops(run(http, { headers: { 'end-user': 'jason' } })),
        (h) => h.destination.name,
      ),
    ).toEqual({ 'reviews-v2': 300 });
    expect(
      count(
        reviewsHops(run(http, { headers: { 'end-user': 'alice' } })),
        (h) => h.destination.name,
      ),
    ).toEqual({ 'reviews-v1': 300 });
  });

  it('injects aborts, reported only by the source, with FI and no destination workload', () => {
    const hops = reviewsHops(
      run(
        [{ route: [to('v1')], fault: { abort: { httpStatus: 503, percentage: { value: 100 } } } }],
        { count: 50 },
      ),
    );
    expect(
      hops.every(
        (h) =>
          h.responseCode === 503 && h.responseFlags === 'FI' && h.destination.name === 'unknown',
      ),
    ).toBe(true);
    const metrics = new IstioMetrics();
    for (const h of hops) metrics.record(h);
    return metrics.expose().then(({ body }) => {
      const lines = body.split('\n').filter((l) => l.startsWith('istio_requests_total{'));
      expect(lines).toHaveLength(1);
      for (const label of [
        'reporter="source"',
        'destination_workload="unknown"',
        'destination_service_name="reviews"',
        'response_code="503"',
        'response_flags="FI"',
      ])
        expect(lines[0]).toContain(label);
      expect(lines[0]).toMatch(/ 50$/);
    });
  });

  it('delays and times out: 504 UT to the caller, the destination reports its own answer', () => {
    const hops = reviewsHops(
      run(
        [
          {
            route: [to('v1')],
            fault: { delay: { fixedDelay: '2s', percentage: { value: 100 } } },
            timeout: '1s',
          },
        ],
        { count: 20 },
      ),
    );
    for (const h of hops) {
      expect(h).toMatchObject({
        responseCode: 504,
        responseFlags: 'DI,UT',
        sourceDurationMs: 1000,
        destinationResponse: { code: 200 },
      });
    }
  });

  it('delays in the caller’s proxy: DI and the wait on the client side only', () => {
    const random = seededRandom(9);
    const router = compileRouter(
      BOOKINFO_TOPOLOGY,
      [
        vs([
          { route: [to('v1')], fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } } },
        ]),
      ],
      [dr],
    );
    const hops = simulateRequest(BOOKINFO_TOPOLOGY, random, { errorRate: 0, router });
    const index = hops.findIndex((h) => h.destination.service === 'reviews');
    const hop = hops[index] as Hop;
    expect(hop.responseFlags).toBe('DI');
    expect(hop.destinationResponse).toEqual({ code: 200, flags: '-' });
    expect(hop.serverStartMs).toBeGreaterThanOrEqual(hop.startMs + 7000);

    const spans = spansOf(hops, 'b'.repeat(32));
    const client = spans.find((s) => s.spanId === spanIdOf(index));
    const server = spans.find((s) => s.spanId === spanIdOf(index + 1000));
    const flags = (s: typeof client) =>
      s?.attributes.find((a) => a.key === 'response_flags')?.value;
    expect(flags(client)).toBe('DI');
    expect(flags(server)).toBe('-');
    // The server span starts after the delay and ends inside the client span.
    expect(server?.startUs).toBeGreaterThanOrEqual((client?.startUs ?? 0) + 7_000_000);
    expect((server?.startUs ?? 0) + (server?.durationUs ?? 0)).toBeLessThanOrEqual(
      (client?.startUs ?? 0) + (client?.durationUs ?? 0),
    );
    // The destination's metrics report no flags either.
    const metrics = new IstioMetrics();
    metrics.record(hop);
    return metrics.expose().then(({ body }) => {
      const destination = body
        .split('\n')
        .filter(
          (l) => l.startsWith('istio_requests_total{') && l.includes('reporter="destination"'),
        );
      expect(destination.every((l) => l.includes('response_flags="-"'))).toBe(true);
      expect(destination.length).toBeGreaterThan(0);
    });
  });

  it('answers 503 NR for a subset the DestinationRule does not define', () => {
    const hops = reviewsHops(run([{ route: [to('v9')] }], { count: 10 }));
    expect(hops.map((h) => `${h.responseCode} ${h.responseFlags}`)).toEqual(
      new Array(10).fill('503 NR'),
    );
  });

  it('retries 5xx on another pick; failed attempts are seen only by their destination', () => {
    const hops = reviewsHops(
      run([{ route: [to('v1', 50), to('v2', 50)], retries: { attempts: 2 } }], {
        count: 200,
        errorRate: 0.5,
      }),
    );
    const attempts = hops.filter(
      (h) => h.reporters?.length === 1 && h.reporters[0] === 'destination',
    );
    expect(attempts.length).toBeGreaterThan(50);
    expect(attempts.every((h) => h.responseCode === 500 && h.clientHop !== undefined)).toBe(true);
    // What the callers saw: 200 unless all 3 tries failed (≈ 1/8).
    const finals = hops.filter((h) => !h.reporters);
    const failures = finals.filter((h) => h.responseCode === 500).length / finals.length;
    expect(failures).toBeGreaterThan(0.05);
    expect(failures).toBeLessThan(0.2);
  });

  it('mirrors a share of requests to another subset, fire and forget, and traces stay well formed', () => {
    const router = compileRouter(
      BOOKINFO_TOPOLOGY,
      [
        vs([
          {
            route: [to('v1')],
            mirror: { host: 'reviews', subset: 'v3' },
            mirrorPercentage: { value: 100 },
          },
        ]),
      ],
      [dr],
    );
    const hops = simulateRequest(BOOKINFO_TOPOLOGY, seededRandom(9), { errorRate: 0, router });
    const mirrored = hops.filter((h) => h.destination.name === 'reviews-v3');
    expect(mirrored).toHaveLength(1);
    expect(mirrored[0]?.reporters).toEqual(['destination']);
    // Envoy sends the copy with `-shadow` appended to the host, and Istio reports that host.
    expect(mirrored[0]?.mirrored).toBe(true);
    expect(peerLabels(mirrored[0] as Hop, 'destination').destination_service).toBe(
      'reviews.bookinfo.svc.cluster.local-shadow',
    );
    expect(
      hops.some((h) => h.source.name === 'reviews-v3' && h.destination.name === 'ratings-v1'),
    ).toBe(true);
    const spans = spansOf(hops, 'a'.repeat(32));
    const tree = buildTraceTree({ traceId: 'a'.repeat(32), spans, warnings: [] });
    expect(tree.warnings).toEqual([]);
  });

  it('keeps plain balancing for services without a VirtualService', () => {
    const router = compileRouter(BOOKINFO_TOPOLOGY, [], []);
    const plain = simulateRequest(BOOKINFO_TOPOLOGY, seededRandom(3), { errorRate: 0.1 });
    const routed = simulateRequest(BOOKINFO_TOPOLOGY, seededRandom(3), { errorRate: 0.1, router });
    expect(routed).toEqual(plain);
  });
});

describe('the demo obeys Gateway API HTTPRoutes attached to a Service (GAMMA)', () => {
  /** Istio's recipe: one Service per version, selecting its pods by `version`. */
  const versionService = (version: string): RoutingObject => ({
    metadata: { name: `reviews-${version}`, namespace: 'bookinfo' },
    spec: { ports: [{ port: 9080 }], selector: { app: 'reviews', version } },
  });
  const services = ['v1', 'v2', 'v3'].map(versionService);
  const httpRoute = (
    rules: unknown[],
    creationTimestamp = '2026-12-05T10:00:00Z',
  ): RoutingObject => ({
    metadata: { name: 'reviews', namespace: 'bookinfo', creationTimestamp },
    spec: { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }], rules },
  });
  const backend = (version: string, weight?: number) => ({
    name: `reviews-${version}`,
    port: 9080,
    ...(weight !== undefined ? { weight } : {}),
  });
  const runRoutes = (
    routes: RoutingObject[],
    virtualServices: RoutingObject[] = [],
    headers?: Record<string, string>,
  ) => {
    const router = compileRouter(BOOKINFO_TOPOLOGY, virtualServices, [], {
      httpRoutes: routes,
      services,
    });
    const random = seededRandom(5);
    const hops = Array.from({ length: 300 }, () =>
      simulateRequest(BOOKINFO_TOPOLOGY, random, { errorRate: 0, router, headers }),
    ).flat();
    return count(reviewsHops(hops), (h) => h.destination.name);
  };

  it('splits by the backends’ weights, and follows a header match to a hidden release', () => {
    const canary = runRoutes([
      httpRoute([{ backendRefs: [backend('v1', 90), backend('v3', 10)] }]),
    ]);
    expect(Object.keys(canary).sort()).toEqual(['reviews-v1', 'reviews-v3']);
    expect(canary['reviews-v1']).toBeGreaterThan(240);
    expect(canary['reviews-v3']).toBeGreaterThan(10);
    const hidden = [
      {
        matches: [{ headers: [{ name: 'end-user', value: 'jason' }] }],
        backendRefs: [backend('v2')],
      },
      { backendRefs: [backend('v1')] },
    ];
    expect(runRoutes([httpRoute(hidden)], [], { 'end-user': 'jason' })).toEqual({
      'reviews-v2': 300,
    });
    expect(runRoutes([httpRoute(hidden)])).toEqual({ 'reviews-v1': 300 });
  });

  it('comes before a VirtualService for callers in its namespace, as in Istio', () => {
    // The VirtualService is older, so only callers elsewhere would use it; productpage is in
    // bookinfo, with the HTTPRoute.
    const older = {
      ...vs([{ route: [to('v3')] }]),
      metadata: {
        name: 'reviews',
        namespace: 'bookinfo',
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
    };
    expect(runRoutes([httpRoute([{ backendRefs: [backend('v2')] }])], [older])).toEqual({
      'reviews-v2': 300,
    });
  });
});

describe('the demo’s ingress gateway obeys HTTPRoutes attached to its Gateway (north–south)', () => {
  /** Istio's manual deployment: a Gateway API Gateway served by the existing ingress gateway. */
  const gateway = (from: 'Same' | 'All' = 'Same'): RoutingObject => ({
    metadata: { name: 'bookinfo-gateway', namespace: 'bookinfo' },
    spec: {
      gatewayClassName: 'istio',
      addresses: [
        { type: 'Hostname', value: 'istio-ingressgateway.istio-system.svc.cluster.local' },
      ],
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from } } },
      ],
    },
  });
  const route = (rules: unknown[], namespace = 'bookinfo'): RoutingObject => ({
    metadata: { name: 'bookinfo', namespace, creationTimestamp: '2026-12-05T10:00:00Z' },
    spec: { parentRefs: [{ name: 'bookinfo-gateway', namespace: 'bookinfo' }], rules },
  });
  /** Where the gateway's requests went, by destination workload and response code. */
  const entered = (routes: RoutingObject[], gateways = [gateway()]) => {
    const router = compileRouter(BOOKINFO_TOPOLOGY, [], [], {
      httpRoutes: routes,
      services: [],
      gateways,
    });
    const random = seededRandom(5);
    const hops = Array.from({ length: 100 }, () =>
      simulateRequest(BOOKINFO_TOPOLOGY, random, { errorRate: 0, router }),
    ).flat();
    return count(
      hops.filter((h) => h.source.name === 'istio-ingressgateway'),
      (h) =>
        `${h.destination.name} ${h.responseCode}${h.responseFlags === '-' ? '' : ` ${h.responseFlags}`}`,
    );
  };

  it('sends the gateway’s requests (/productpage) where the first matching rule says', () => {
    const rules = [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        backendRefs: [{ name: 'details', port: 9080 }],
      },
      {
        matches: [{ path: { type: 'Exact', value: '/productpage' } }],
        backendRefs: [{ name: 'productpage', port: 9080 }],
      },
    ];
    expect(entered([route(rules)])).toEqual({ 'productpage-v1 200': 100 });
    // The same request routed elsewhere by a rule of the route: the gateway follows it.
    const moved = [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/product' } }],
        backendRefs: [{ name: 'details', port: 9080 }],
      },
    ];
    expect(entered([route(moved)])).toEqual({ 'details-v1 200': 100 });
  });

  it('answers 404 (NR) itself when no rule matches, as Envoy does', () => {
    const rules = [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        backendRefs: [{ name: 'details', port: 9080 }],
      },
    ];
    expect(entered([route(rules)])).toEqual({ 'unknown 404 NR': 100 });
  });

  it('ignores routes its listeners do not allow, and keeps its own routing without any', () => {
    const elsewhere = route([{ backendRefs: [{ name: 'details', port: 9080 }] }], 'other');
    expect(entered([elsewhere])).toEqual({ 'productpage-v1 200': 100 });
    // Allowed from every namespace, it applies; its backend is a Service of its own namespace,
    // and `other` has no details: no healthy upstream.
    expect(entered([elsewhere], [gateway('All')])).toEqual({ 'unknown 503 UH': 100 });
    expect(entered([], [])).toEqual({ 'productpage-v1 200': 100 });
  });
});
