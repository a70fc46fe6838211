import { describe, expect, it } from 'vitest';
import type { GraphResponse } from '../contracts/graph';
import { entityGraphHref, entityPath, tabOf, tabsOf } from './entity-links';
import { entityView } from './entity-view';
import { filterLines, parseAccessLog, parseLogLine, splitLines } from './logs';
import { pageOf, trafficRows } from './traffic';

describe('entity links', () => {
  it('builds every path to a page, tab and settings in its query', () => {
    expect(entityPath('workload', 'bookinfo', 'reviews-v2')).toBe(
      '/namespaces/bookinfo/workloads/reviews-v2',
    );
    expect(entityPath('service', 'bookinfo', 'reviews', { tab: 'routing', q: '' })).toBe(
      '/namespaces/bookinfo/services/reviews?tab=routing',
    );
  });

  it('gives each kind its tabs, and the overview for a tab it lacks', () => {
    expect(tabsOf('service')).toEqual(['overview', 'traffic', 'inbound', 'traces', 'routing']);
    expect(tabsOf('workload')).toContain('logs');
    expect(tabOf('service', 'logs')).toBe('overview');
    expect(tabOf('workload', 'logs')).toBe('logs');
    expect(tabOf('app', null)).toBe('overview');
  });

  it("links to the entity on its graph with the page's window, or to its neighbourhood", () => {
    const href = new URL(
      entityGraphHref(
        'workload',
        'bookinfo',
        'reviews-v2',
        { duration: '10m', time: 1700000000 },
        true,
      ),
      'http://x',
    );
    expect(Object.fromEntries(href.searchParams)).toMatchObject({
      namespaces: 'bookinfo',
      graphType: 'workload',
      selected: 'workload/bookinfo/reviews-v2',
      focus: 'workload/bookinfo/reviews-v2',
      hops: '1',
      duration: '10m',
      time: '1700000000',
    });
  });

  it("reads the page's window from its URL, ten minutes by default", () => {
    expect(entityView(new URLSearchParams('')).duration).toBe('10m');
    expect(entityView(new URLSearchParams('duration=1h&time=1700000000'))).toMatchObject({
      duration: '1h',
      time: 1700000000,
    });
  });
});

const ACCESS =
  '[2026-12-05T20:11:58.825Z] "GET /reviews/0 HTTP/1.1" 503 UO overflow - "-" 0 81 3 - "-" "curl/8" "6d0f988e-1acf-4671-a11a-7a7c6d163c8d" "reviews.bookinfo:9080" "-" outbound|9080|v2|reviews.bookinfo.svc.cluster.local - 10.96.0.24:9080 10.244.0.11:0 - default';

describe('log lines', () => {
  it("reads Istio's default access-log format", () => {
    expect(parseAccessLog(ACCESS)).toEqual({
      method: 'GET',
      path: '/reviews/0',
      protocol: 'HTTP/1.1',
      code: 503,
      flags: 'UO',
      durationMs: 3,
      requestId: '6d0f988e-1acf-4671-a11a-7a7c6d163c8d',
      authority: 'reviews.bookinfo:9080',
      upstreamCluster: 'outbound|9080|v2|reviews.bookinfo.svc.cluster.local',
    });
    expect(parseAccessLog('2026-12-05 INFO started')).toBeUndefined();
  });

  it("takes the kubelet's timestamp off, and finds an application line's request id", () => {
    const line = parseLogLine(`2026-12-05T20:11:58.825000000Z ${ACCESS}`);
    expect(line.atMs).toBe(Date.parse('2026-12-05T20:11:58.825Z'));
    expect(line.text).toBe(ACCESS);
    expect(line.requestId).toBe('6d0f988e-1acf-4671-a11a-7a7c6d163c8d');
    const app = parseLogLine('2026-12-05T20:11:58Z INFO GET /x 200 3ms request_id=abcdef12-3456');
    expect([app.access, app.requestId]).toEqual([undefined, 'abcdef12-3456']);
    expect(parseLogLine('no stamp').atMs).toBeUndefined();
  });

  it('splits streamed chunks into whole lines, and filters them by text in any case', () => {
    const first = splitLines('', 'a\nb');
    expect(first).toEqual({ lines: ['a'], carry: 'b' });
    expect(splitLines(first.carry, 'c\n\nd\n')).toEqual({ lines: ['bc', 'd'], carry: '' });
    const lines = ['GET /a', 'POST /b'].map(parseLogLine);
    expect(filterLines(lines, 'post').map((l) => l.text)).toEqual(['POST /b']);
    expect(filterLines(lines, ' ')).toBe(lines);
  });
});

describe('traffic rows', () => {
  const node = (id: string, extra: object) => ({
    data: {
      id,
      namespace: 'bookinfo',
      isRoot: false,
      isOutside: false,
      isInjectedService: false,
      traffic: [],
      health: { status: 'na' },
      ...extra,
    },
  });
  const edge = (source: string, target: string, rate: number) => ({
    data: {
      id: `${source}->${target}:http`,
      source,
      target,
      protocol: 'http',
      rate,
      rateByClass: {},
      rateByCode: [],
      rateByFlags: {},
      rateByHost: {},
      errorPercent: 0,
      percentOfSource: 100,
      health: { status: 'healthy' },
    },
  });
  const graph = {
    elements: {
      nodes: [
        node('workload/bookinfo/productpage-v1', {
          nodeType: 'workload',
          workload: 'productpage-v1',
        }),
        node('workload/bookinfo/reviews-v2', { nodeType: 'workload', workload: 'reviews-v2' }),
        node('workload/bookinfo/ratings-v1', { nodeType: 'workload', workload: 'ratings-v1' }),
        node('unknown', { nodeType: 'unknown', namespace: 'unknown' }),
      ],
      edges: [
        edge('unknown', 'workload/bookinfo/reviews-v2', 1),
        edge('workload/bookinfo/productpage-v1', 'workload/bookinfo/reviews-v2', 3),
        edge('workload/bookinfo/reviews-v2', 'workload/bookinfo/ratings-v1', 2),
      ],
    },
  } as unknown as GraphResponse;

  it('lists who calls a node and whom it calls, busiest first, each peer with its page', () => {
    const inbound = trafficRows(graph, 'workload/bookinfo/reviews-v2', 'inbound');
    expect(inbound.map((r) => [r.peer.id, r.peerPage?.name])).toEqual([
      ['workload/bookinfo/productpage-v1', 'productpage-v1'],
      ['unknown', undefined],
    ]);
    expect(
      trafficRows(graph, 'workload/bookinfo/reviews-v2', 'outbound').map((r) => r.edge.rate),
    ).toEqual([2]);
  });

  it("opens a version of an app on its workload's page", () => {
    const data = {
      nodeType: 'app',
      app: 'reviews',
      version: 'v2',
      workload: 'reviews-v2',
      namespace: 'bookinfo',
    } as Parameters<typeof pageOf>[0];
    expect(pageOf(data)).toEqual({ kind: 'workload', name: 'reviews-v2' });
    expect(pageOf({ ...data, version: undefined })).toEqual({ kind: 'app', name: 'reviews' });
    expect(pageOf({ ...data, egress: 'PassthroughCluster' })).toBeUndefined();
  });
});
