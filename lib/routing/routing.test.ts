import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs, readRouting, writeRouting } from './convert';
import type { GraphResponse } from '../contracts/graph';
import { REVIEWS_GRAPH } from './__fixtures__/reviews-graph';
import { diffLines } from './diff';
import { hostRefersTo } from './hosts';
import {
  routingSpecSchema,
  routingWriteSchema,
  type RoutingSpec,
} from '../contracts/routing-model';
import { labelsText, parseLabels, tidyPolicy } from './edit';
import { inverseStep, planWrites, type PlanStep } from './plan';
import { validateRouting, type ValidationContext } from './validate';
import { distributeEvenly, effectivePercents, normaliseTo, setWeight } from './weights';

type Obj = Record<string, unknown>;
const kiali = (name: string): { spec: Obj } =>
  JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/kiali', name), 'utf8'));
const vs = kiali('reviews-virtualservice.json').spec;
const dr = kiali('reviews-destinationrule.json').spec;
const HOST = 'reviews.bookinfo.svc.cluster.local';

describe('reading Istio objects (Kiali fixtures)', () => {
  const spec = readRouting(vs, dr);

  it('normalises routes, weights and subsets', () => {
    expect(spec.http).toEqual([
      {
        source: 0,
        match: [],
        destinations: [
          { host: HOST, subset: 'v1', weight: 33 },
          { host: HOST, subset: 'v2', weight: 33 },
          { host: HOST, subset: 'v3', weight: 34 },
        ],
      },
    ]);
    expect(spec.subsets.map((s) => [s.name, s.labels])).toEqual([
      ['v1', { version: 'v1' }],
      ['v2', { version: 'v2' }],
      ['v3', { version: 'v3' }],
    ]);
    expect(routingSpecSchema.safeParse(spec).success).toBe(true);
  });

  it('writes back exactly what it read when nothing changed', () => {
    expect(writeRouting(spec, { virtualService: vs, destinationRule: dr }, 'reviews')).toEqual({
      virtualService: vs,
      destinationRule: dr,
    });
  });

  it('reads every field the editor covers, in each of Istio’s spellings', () => {
    const read = readRouting(
      {
        http: [
          {
            name: 'jason',
            match: [
              {
                headers: { 'end-user': { exact: 'jason' } },
                uri: { prefix: '/api' },
                queryParams: { a: { exact: 'b' } },
              },
            ],
            route: [{ destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } } }],
            fault: {
              delay: { fixedDelay: '7s', percent: 50 },
              abort: { httpStatus: 503, percentage: { value: 12.5 } },
            },
            timeout: '1.5s',
            retries: { attempts: 3, perTryTimeout: '500ms', retryOn: '5xx,reset' },
            mirror: { host: 'reviews', subset: 'v3' },
            mirrorPercentage: { value: 10 },
          },
        ],
      },
      {
        trafficPolicy: {
          loadBalancer: { consistentHash: { httpCookie: { name: 'user', ttl: '60s' } } },
          connectionPool: {
            tcp: { maxConnections: 100 },
            http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 1 },
          },
          outlierDetection: {
            consecutive5xxErrors: 5,
            interval: '10s',
            baseEjectionTime: '30s',
            maxEjectionPercent: 50,
          },
          tls: { mode: 'ISTIO_MUTUAL' },
        },
      },
    );
    expect(read.http[0]).toEqual({
      name: 'jason',
      source: 0,
      match: [
        {
          headers: [{ name: 'end-user', type: 'exact', value: 'jason' }],
          uri: { type: 'prefix', value: '/api' },
        },
      ],
      destinations: [{ host: 'reviews', subset: 'v2', port: 9080, weight: 100 }],
      fault: {
        delay: { fixedDelayMs: 7000, percent: 50 },
        abort: { httpStatus: 503, percent: 12.5 },
      },
      timeoutMs: 1500,
      retries: { attempts: 3, perTryTimeoutMs: 500, retryOn: '5xx,reset' },
      mirror: { host: 'reviews', subset: 'v3', percent: 10 },
    });
    expect(read.trafficPolicy).toEqual({
      loadBalancer: { consistentHash: { httpCookie: { name: 'user', ttlMs: 60_000 } } },
      connectionPool: {
        maxConnections: 100,
        http1MaxPendingRequests: 10,
        maxRequestsPerConnection: 1,
      },
      outlierDetection: {
        consecutive5xxErrors: 5,
        intervalMs: 10_000,
        baseEjectionTimeMs: 30_000,
        maxEjectionPercent: 50,
      },
      tls: { mode: 'ISTIO_MUTUAL' },
    });
  });
});

describe('writing edits', () => {
  const original: Obj = {
    hosts: ['reviews'],
    gateways: ['mesh'],
    http: [
      {
        match: [
          { headers: { 'end-user': { exact: 'jason' } }, queryParams: { debug: { exact: '1' } } },
        ],
        route: [{ destination: { host: 'reviews', subset: 'v2' } }],
        corsPolicy: { allowOrigins: [{ exact: 'https://example.com' }] },
      },
      { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }] },
    ],
  };

  it('changes only what was edited and keeps fields it does not model', () => {
    const spec = readRouting(original, dr);
    const edited: RoutingSpec = {
      ...spec,
      http: [
        spec.http[0] as RoutingSpec['http'][number],
        {
          ...(spec.http[1] as RoutingSpec['http'][number]),
          destinations: [
            { host: 'reviews', subset: 'v1', weight: 90 },
            { host: 'reviews', subset: 'v3', weight: 10 },
          ],
          fault: { abort: { httpStatus: 500, percent: 5 } },
          timeoutMs: 2500,
          retries: { attempts: 2, retryOn: '5xx' },
        },
      ],
    };
    const { virtualService } = writeRouting(
      edited,
      { virtualService: original, destinationRule: dr },
      'reviews',
    );
    expect(virtualService).toEqual({
      hosts: ['reviews'],
      gateways: ['mesh'],
      http: [
        original.http && (original.http as Obj[])[0],
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
            { destination: { host: 'reviews', subset: 'v3' }, weight: 10 },
          ],
          fault: { abort: { httpStatus: 500, percentage: { value: 5 } } },
          timeout: '2.5s',
          retries: { attempts: 2, retryOn: '5xx' },
        },
      ],
    });
  });

  it('adds a hidden release before the default route and removes fields set back to nothing', () => {
    const spec = readRouting(
      {
        hosts: ['reviews'],
        http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], timeout: '3s' }],
      },
      dr,
    );
    const edited: RoutingSpec = {
      ...spec,
      http: [
        {
          match: [{ headers: [{ name: 'end-user', type: 'exact', value: 'jason' }] }],
          destinations: [{ host: 'reviews', subset: 'v3', weight: 100 }],
        },
        { ...(spec.http[0] as RoutingSpec['http'][number]), timeoutMs: undefined },
      ],
    };
    const { virtualService } = writeRouting(
      edited,
      {
        virtualService: {
          hosts: ['reviews'],
          http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], timeout: '3s' }],
        },
      },
      'reviews',
    );
    expect(virtualService?.http).toEqual([
      {
        match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        route: [{ destination: { host: 'reviews', subset: 'v3' } }],
      },
      { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
    ]);
  });

  it('creates objects for a service without routing, and drops an object with nothing left', () => {
    const created = writeRouting(
      {
        http: [{ match: [], destinations: [{ host: 'ratings', subset: 'v1', weight: 100 }] }],
        tcp: [],
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
      },
      {},
      'ratings',
    );
    expect(created).toEqual({
      virtualService: {
        hosts: ['ratings'],
        http: [{ route: [{ destination: { host: 'ratings', subset: 'v1' } }] }],
      },
      destinationRule: {
        host: 'ratings',
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
      },
    });
    expect(
      writeRouting(
        { http: [], tcp: [], subsets: [] },
        { virtualService: vs, destinationRule: dr },
        'reviews',
      ),
    ).toEqual({
      virtualService: undefined,
      destinationRule: undefined,
    });
  });

  it('round-trips durations', () => {
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('soon')).toBeUndefined();
    expect([formatDurationMs(2000), formatDurationMs(1500), formatDurationMs(250)]).toEqual([
      '2s',
      '1.5s',
      '250ms',
    ]);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 86_400_000 }),
        (ms) => parseDurationMs(formatDurationMs(ms)) === ms,
      ),
    );
  });
});

describe('weights', () => {
  it('shows effective percentages for any valid sum', () => {
    expect(effectivePercents([1, 3])).toEqual([25, 75]);
    expect(effectivePercents([0, 0])).toEqual([0, 0]);
    expect(distributeEvenly(3)).toEqual([34, 33, 33]);
  });

  it('keeps the total at 100 while moving one weight, honouring locks', () => {
    expect(setWeight([34, 33, 33], 2, 100)).toEqual([0, 0, 100]);
    expect(setWeight([50, 30, 20], 0, 80)).toEqual([80, 12, 8]);
    expect(setWeight([50, 30, 20], 0, 90, new Set([1]))).toEqual([70, 30, 0]);
    expect(setWeight([100, 0, 0], 0, 40)).toEqual([40, 30, 30]);
  });

  it('always sums to 100 with non-negative integers (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: -50, max: 150 }),
        fc.array(fc.nat(7)),
        (weights, at, value, locks) => {
          const index = at % weights.length;
          const next = setWeight(weights, index, value, new Set(locks));
          const normalised = normaliseTo(weights);
          return (
            next.reduce((s, w) => s + w, 0) === 100 &&
            next.every((w) => Number.isInteger(w) && w >= 0) &&
            normalised.reduce((s, w) => s + w, 0) === 100 &&
            // Locked weights never move.
            [...new Set(locks)]
              .filter((l) => l < weights.length && l !== index)
              .every((l) => next[l] === normalised[l])
          );
        },
      ),
    );
  });
});

describe('validateRouting', () => {
  const ctx: ValidationContext = {
    namespace: 'bookinfo',
    service: 'reviews',
    services: ['reviews', 'ratings'],
    workloadLabels: [
      { app: 'reviews', version: 'v1' },
      { app: 'reviews', version: 'v2' },
    ],
    virtualServices: ['reviews'],
  };
  const base = readRouting(vs, dr);

  it('accepts the Kiali fixtures, warning about the subset that selects no workload here', () => {
    expect(validateRouting(base, ctx)).toEqual([
      {
        severity: 'warning',
        path: 'subsets[2]',
        message: 'subset v3 selects no workload of reviews',
      },
    ]);
  });

  it('reports Kiali’s cases', () => {
    const spec: RoutingSpec = {
      http: [
        {
          match: [],
          destinations: [
            { host: 'reviews', subset: 'v9', weight: 0 },
            { host: 'reviews', subset: 'v1', weight: 0 },
          ],
        },
        {
          match: [{ headers: [{ name: 'end-user', type: 'exact', value: 'jason' }] }],
          destinations: [{ host: 'nowhere', weight: 50 }],
          mirror: { host: 'reviews', subset: 'v8', percent: 5 },
        },
      ],
      tcp: [],
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v1', labels: {} },
      ],
    };
    expect(
      validateRouting(spec, { ...ctx, virtualServices: ['reviews', 'reviews-canary'] }).map(
        (v) => `${v.severity} ${v.path}: ${v.message}`,
      ),
    ).toEqual([
      'warning virtualServices: 2 VirtualServices route reviews (reviews, reviews-canary): Istio merges only those bound to gateways; sidecars use one of them. Keep one.',
      'error http[0].destinations: the weights add up to 0: no destination would get traffic',
      'error http[0].destinations[0]: subset v9 is not defined in the DestinationRule: requests would fail with 503 (NR)',
      'warning http[1]: unreachable: route 1 has no match and takes every request before this one',
      'warning http[1].destinations[0]: a weight on a single destination has no effect: it gets all the traffic',
      'warning http[1].destinations[0]: host nowhere not found in namespace bookinfo',
      'error http[1].mirror: mirror subset v8 is not defined in the DestinationRule',
      'error subsets[1]: subset v1 is defined twice',
      'warning subsets[1]: subset v1 has no labels: it selects every pod of the service',
    ]);
  });

  it('rejects malformed input at the schema', () => {
    const bad = (patch: Obj) =>
      routingWriteSchema.safeParse({ base: {}, spec: { http: [], subsets: [], ...patch } }).success;
    expect(bad({ http: [{ destinations: [{ host: 'reviews', weight: -1 }] }] })).toBe(false);
    expect(bad({ http: [{ destinations: [] }] })).toBe(false);
    expect(bad({ subsets: [{ name: 'V1!', labels: {} }] })).toBe(false);
    expect(bad({ http: [{ destinations: [{ host: 'reviews"; rm -rf', weight: 1 }] }] })).toBe(
      false,
    );
    expect(
      bad({
        http: [
          {
            destinations: [{ host: 'reviews', weight: 1 }],
            fault: { abort: { httpStatus: 700, percent: 5 } },
          },
        ],
      }),
    ).toBe(false);
    expect(bad({ http: [{ destinations: [{ host: 'reviews', weight: 1 }] }] })).toBe(true);
  });

  it('resolves hosts like Istio', () => {
    expect(hostRefersTo('reviews', 'bookinfo', 'reviews', 'bookinfo')).toBe(true);
    expect(hostRefersTo('reviews', 'other', 'reviews', 'bookinfo')).toBe(false);
    expect(hostRefersTo('reviews.bookinfo.svc.cluster.local', 'other', 'reviews', 'bookinfo')).toBe(
      true,
    );
    expect(hostRefersTo('*.bookinfo.svc.cluster.local', 'bookinfo', 'reviews', 'bookinfo')).toBe(
      true,
    );
    expect(hostRefersTo('reviews.shop', 'bookinfo', 'reviews', 'bookinfo')).toBe(false);
  });
});

describe('planWrites', () => {
  const drWith = (...names: string[]) => ({
    host: 'reviews',
    subsets: names.map((name) => ({ name, labels: { version: name } })),
  });
  const vsTo = (subset: string) => ({
    hosts: ['reviews'],
    http: [{ route: [{ destination: { host: 'reviews', subset } }] }],
  });
  const names = { route: 'reviews', destinationRule: 'reviews' };

  it('adds subsets before routing to them and removes them after', () => {
    const plan = planWrites({
      current: {
        route: { name: 'reviews', spec: vsTo('v1') },
        destinationRule: { name: 'reviews', spec: drWith('v1') },
      },
      desired: { route: vsTo('v3'), destinationRule: drWith('v3') },
      names,
    });
    expect(plan.map((s) => `${s.action} ${s.kind}`)).toEqual([
      'replace DestinationRule',
      'replace VirtualService',
      'replace DestinationRule',
    ]);
    expect(plan[0]?.action === 'replace' && plan[0].after).toEqual(drWith('v3', 'v1'));
  });

  it('creates the DestinationRule first, deletes it last, and skips what does not change', () => {
    expect(
      planWrites({
        current: {},
        desired: { route: vsTo('v1'), destinationRule: drWith('v1') },
        names,
      }).map((s) => `${s.action} ${s.kind}`),
    ).toEqual(['create DestinationRule', 'create VirtualService']);
    expect(
      planWrites({
        current: {
          route: { name: 'r', spec: vsTo('v1') },
          destinationRule: { name: 'r', spec: drWith('v1') },
        },
        desired: {},
        names,
      }).map((s) => `${s.action} ${s.kind} ${s.name}`),
    ).toEqual(['delete VirtualService r', 'delete DestinationRule r']);
    expect(
      planWrites({
        current: { route: { name: 'r', spec: vsTo('v1') } },
        desired: { route: vsTo('v1') },
        names,
      }),
    ).toEqual([]);
  });

  it('undoes each step by its inverse: a plan rolled back newest first is the current objects', () => {
    const current = {
      route: { name: 'reviews', spec: vsTo('v1') },
      destinationRule: { name: 'reviews', spec: drWith('v1') },
    };
    const apply = (objects: Record<string, unknown>, step: PlanStep) => {
      const key = `${step.kind}/${step.name}`;
      const next = { ...objects };
      if (step.action === 'delete') delete next[key];
      else next[key] = step.after;
      return next;
    };
    const before = {
      'VirtualService/reviews': vsTo('v1'),
      'DestinationRule/reviews': drWith('v1'),
    };
    for (const desired of [
      { route: vsTo('v3'), destinationRule: drWith('v3') },
      { destinationRule: drWith('v1', 'v2') },
      {},
    ]) {
      const plan = planWrites({ current, desired, names });
      const written = plan.reduce(apply, before);
      const undone = [...plan].reverse().map(inverseStep).reduce(apply, written);
      expect(undone).toEqual(before);
    }
    expect(
      inverseStep({ action: 'create', kind: 'VirtualService', name: 'r', after: vsTo('v1') }),
    ).toEqual({ action: 'delete', kind: 'VirtualService', name: 'r', before: vsTo('v1') });
  });
});

describe('diffLines', () => {
  it('marks added and removed lines', () => {
    expect(diffLines('a\nb\nc\n', 'a\nc\nd\n')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    expect(diffLines('', 'x')).toEqual([{ kind: 'added', text: 'x' }]);
    expect(diffLines('x', 'x\n')).toEqual([{ kind: 'same', text: 'x' }]);
  });

  it('stays minimal on large objects, and rebuilds both texts', () => {
    const before = Array.from({ length: 10_000 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[5_000] = 'changed';
    after.push('appended');
    const diff = diffLines(before.join('\n'), after.join('\n'));
    expect(diff.filter((l) => l.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'line 5000' },
      { kind: 'added', text: 'changed' },
      { kind: 'added', text: 'appended' },
    ]);
    expect(diff.filter((l) => l.kind !== 'added').map((l) => l.text)).toEqual(before);
    expect(diff.filter((l) => l.kind !== 'removed').map((l) => l.text)).toEqual(after);
  });
});

describe('editing helpers', () => {
  it('creates routing that keeps today’s balancing: weights by ready pods', async () => {
    const { initialRouting } = await import('./edit');
    const spec = initialRouting('reviews', [
      { labels: { version: 'v1' }, readyReplicas: 3 },
      { labels: { version: 'v2' }, readyReplicas: 1 },
      { labels: { version: 'v3' }, readyReplicas: 0 },
    ]);
    expect(spec.http[0]?.destinations.map((d) => [d.subset, d.weight])).toEqual([
      ['v1', 75],
      ['v2', 25],
      ['v3', 0],
    ]);
  });

  it('creates routing from the versions of the workloads', async () => {
    const { initialRouting, addDefaultRoute, addHiddenRelease, routeLabel, splitAcrossSubsets } =
      await import('./edit');
    const spec = initialRouting('reviews', [
      { labels: { version: 'v2' } },
      { labels: { version: 'v1' } },
      { labels: { app: 'x' } },
      { labels: { version: 'v2' } },
    ]);
    // Today's balancing: v2 runs two workloads (a pod each, sizes unknown) to v1's one.
    expect(spec).toEqual({
      http: [
        {
          match: [],
          destinations: [
            { host: 'reviews', subset: 'v1', weight: 33 },
            { host: 'reviews', subset: 'v2', weight: 67 },
          ],
        },
      ],
      tcp: [],
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    });
    const hidden = addHiddenRelease(
      spec,
      { name: 'end-user', type: 'exact', value: 'jason' },
      { host: 'reviews', subset: 'v2' },
    );
    expect(hidden.http.map(routeLabel)).toEqual(['end-user = jason', 'default (every request)']);
    // A default route goes last, after the hidden release's and the first default route.
    const withDefault = addDefaultRoute(hidden, { host: 'reviews', subset: 'v1' });
    expect(withDefault.http.map(routeLabel)).toEqual([
      'end-user = jason',
      'default (every request)',
      'default (every request)',
    ]);
    expect(withDefault.http[2]?.destinations).toEqual([
      { host: 'reviews', subset: 'v1', weight: 100 },
    ]);
    expect(addDefaultRoute(spec, { host: 'reviews' }).http[1]?.destinations).toEqual([
      { host: 'reviews', weight: 100 },
    ]);
    expect(
      validateRouting(hidden, {
        namespace: 'bookinfo',
        service: 'reviews',
        services: ['reviews'],
        workloadLabels: [{ version: 'v1' }, { version: 'v2' }],
        virtualServices: [],
      }),
    ).toEqual([]);
    expect(
      splitAcrossSubsets(spec.http[0] as RoutingSpec['http'][number], 'reviews', [
        'v1',
        'v2',
        'v3',
      ]).destinations.map((d) => d.weight),
    ).toEqual([34, 33, 33]);
  });
});

describe('subset and policy editing', () => {
  it('reads labels as typed, leaving out what is not a key=value pair', () => {
    expect(parseLabels('version=v2, track = canary,oops,=x')).toEqual({
      version: 'v2',
      track: 'canary',
    });
    expect(labelsText({ version: 'v2', track: 'canary' })).toBe('version=v2,track=canary');
    expect(parseLabels(labelsText({ a: '1', b: '2' }))).toEqual({ a: '1', b: '2' });
  });

  it('drops a policy’s empty parts, and an empty policy altogether', () => {
    expect(
      tidyPolicy({ connectionPool: { maxConnections: undefined }, loadBalancer: undefined }),
    ).toBeUndefined();
    expect(
      tidyPolicy({
        connectionPool: { maxConnections: 10 },
        outlierDetection: { consecutive5xxErrors: undefined },
      }),
    ).toEqual({ connectionPool: { maxConnections: 10 } });
  });
});

describe('canaryFigures', () => {
  it('reads each subset’s figures from the graph and projects the edited weights', async () => {
    const { canaryFigures } = await import('./canary');
    const graph = REVIEWS_GRAPH;
    const spec: RoutingSpec = {
      http: [
        {
          match: [{ headers: [{ name: 'end-user', type: 'exact', value: 'jason' }] }],
          destinations: [{ host: 'reviews', subset: 'v2', weight: 100 }],
        },
        {
          match: [],
          destinations: [
            { host: 'reviews', subset: 'v1', weight: 90 },
            { host: 'reviews', subset: 'v3', weight: 10 },
          ],
        },
      ],
      tcp: [],
      subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
    };
    expect(canaryFigures(graph, { namespace: 'bookinfo', service: 'reviews' }, spec)).toEqual([
      { subset: 'v1', version: 'v1', rate: 6, errorPercent: 0, p95Ms: 12, projectedRate: 9 },
      { subset: 'v2', version: 'v2', rate: 4, errorPercent: 25, p95Ms: 30, projectedRate: 0 },
      {
        subset: 'v3',
        version: 'v3',
        rate: undefined,
        errorPercent: undefined,
        p95Ms: undefined,
        projectedRate: 1,
      },
    ]);
  });
});

describe('canaryFigures in a graph of several clusters', () => {
  it('reads the subsets of the cluster whose routing is edited', async () => {
    const { canaryFigures } = await import('./canary');
    // The reviews graph in two clusters, east's with twice the traffic.
    const inCluster = (cluster: string, times: number) => ({
      nodes: REVIEWS_GRAPH.elements.nodes.map(({ data }) => ({
        data: { ...data, id: `${data.id}@${cluster}`, cluster },
      })),
      edges: REVIEWS_GRAPH.elements.edges.map(({ data }) => ({
        data: {
          ...data,
          id: `${data.id}@${cluster}`,
          source: `${data.source}@${cluster}`,
          target: `${data.target}@${cluster}`,
          rate: data.rate * times,
        },
      })),
    });
    const [east, west] = [inCluster('east', 2), inCluster('west', 1)];
    const graph = {
      ...REVIEWS_GRAPH,
      elements: { nodes: [...east.nodes, ...west.nodes], edges: [...east.edges, ...west.edges] },
    };
    const spec: RoutingSpec = {
      http: [],
      tcp: [],
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    };
    const rateIn = (cluster: string) =>
      canaryFigures(graph, { namespace: 'bookinfo', service: 'reviews', cluster }, spec)[0]?.rate;
    expect(rateIn('west')).toBe(6);
    expect(rateIn('east')).toBe(12);
  });
});

describe('serviceFigures', () => {
  it('counts the requests the callers’ proxies answered themselves (an injected abort)', async () => {
    const { serviceFigures } = await import('./canary');
    const edge = (
      id: string,
      source: string,
      rate: number,
      errorPercent: number,
      flags: Record<string, number>,
    ) => ({
      data: {
        id,
        source,
        target: 'service/bookinfo/ratings',
        protocol: 'http',
        rate,
        errorPercent,
        rateByFlags: flags,
      },
    });
    const graph = {
      elements: {
        nodes: [
          {
            data: {
              id: 'service/bookinfo/ratings',
              nodeType: 'service',
              namespace: 'bookinfo',
              service: 'ratings',
            },
          },
        ],
        edges: [
          // Half of reviews-v2's calls aborted by its own proxy (FI), reported by it alone.
          edge('x', 'app/bookinfo/reviews/v2', 4, 50, { '-': 2, FI: 2 }),
          edge('y', 'app/bookinfo/reviews/v3', 4, 50, { '-': 2, FI: 2 }),
          {
            data: {
              id: 'm',
              source: 'app/bookinfo/x/v1',
              target: 'service/bookinfo/ratings',
              protocol: 'http',
              rate: 9,
              errorPercent: 0,
              rateByFlags: { '-': 9 },
              mirrored: true,
            },
          },
        ],
      },
    } as unknown as GraphResponse;
    expect(serviceFigures(graph, { namespace: 'bookinfo', service: 'ratings' })).toEqual({
      rate: 8,
      errorPercent: 50,
      answeredByCallers: 4,
      answeredByFlags: { FI: 4 },
    });
    expect(serviceFigures(graph, { namespace: 'bookinfo', service: 'reviews' })).toBeUndefined();
  });
});

describe('effectiveMtls', () => {
  it('takes the most specific PeerAuthentication that sets a mode', async () => {
    const { effectiveMtls } = await import('./mtls');
    const mesh = { namespace: 'istio-system', name: 'default', mode: 'STRICT', selector: {} };
    const ns = { namespace: 'bookinfo', name: 'default', mode: 'PERMISSIVE', selector: {} };
    const workloads = [{ app: 'reviews', version: 'v1' }];
    expect(effectiveMtls([mesh], 'bookinfo', workloads)).toEqual({
      mode: 'STRICT',
      source: 'PeerAuthentication istio-system/default (mesh)',
    });
    expect(effectiveMtls([mesh, ns], 'bookinfo', workloads).mode).toBe('PERMISSIVE');
    expect(effectiveMtls([mesh, { ...ns, mode: 'UNSET' }], 'bookinfo', workloads).mode).toBe(
      'STRICT',
    );
    expect(
      effectiveMtls(
        [
          mesh,
          ns,
          { namespace: 'bookinfo', name: 'r', mode: 'DISABLE', selector: { app: 'reviews' } },
        ],
        'bookinfo',
        workloads,
      ),
    ).toEqual({
      mode: 'DISABLE',
      source: 'PeerAuthentication bookinfo/r (workloads)',
    });
    expect(effectiveMtls([], 'bookinfo', workloads)).toEqual({
      mode: 'PERMISSIVE',
      source: 'Istio default (no PeerAuthentication)',
    });
  });
});

describe('subset labels', () => {
  const spec = (labels: Record<string, string>) =>
    routingSpecSchema.safeParse({ http: [], tcp: [], subsets: [{ name: 'v1', labels }] }).success;

  it('accept what Kubernetes accepts', () => {
    expect(spec({ version: 'v1', 'app.kubernetes.io/version': '1.2.3', empty: '' })).toBe(true);
  });

  it.each([
    [{ 'bad key': 'v1' }],
    [{ version: 'v1 beta' }],
    [{ version: '-v1' }],
    [{ 'Example.com/x': 'v1' }],
    [{ version: 'x'.repeat(64) }],
  ])('refuse %j before any dry run', (labels) => expect(spec(labels)).toBe(false));
});
