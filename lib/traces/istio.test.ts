import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kialiTrace } from '../tracing/__fixtures__/kiali-trace';
import {
  entityOfSpan,
  isWaypointSpan,
  parseNodeId,
  parseUpstreamCluster,
  spanFromWorkload,
  traceHops,
  waypointSpanInto,
  workloadOfPod,
} from './istio';
import type { Span, SpanKind } from './model';

/** A span with only what these tests read. */
function span(
  spanId: string,
  kind: SpanKind,
  attributes: Record<string, string>,
  parentSpanId?: string,
): Span {
  return {
    traceId: 'a'.repeat(32),
    spanId,
    parentSpanId,
    references: [],
    service: 'waypoint.travel',
    operation: 'op',
    startUs: 0,
    durationUs: 1,
    kind,
    error: false,
    attributes: Object.entries(attributes).map(([key, value]) => ({ key, value })),
    events: [],
    resource: [],
    warnings: [],
  };
}

const WAYPOINT = 'waypoint~10.244.0.28~waypoint-5b7c754ccb-55jwk.travel~travel.svc.cluster.local';

/** What a waypoint of Istio 1.24+ says of one end of a request. */
const end = (which: 'source' | 'destination', workload: string, app: string) => ({
  [`istio.${which}_workload`]: workload,
  [`istio.${which}_namespace`]: 'travel',
  [`istio.${which}_canonical_service`]: app,
  [`istio.${which}_canonical_revision`]: 'v1',
});

describe('Envoy span attributes', () => {
  it('parses node ids, pod names and upstream clusters', () => {
    expect(
      parseNodeId(
        'sidecar~10.244.0.25~productpage-v1-6f89b6c557-sg2bc.bookinfo~bookinfo.svc.cluster.local',
      ),
    ).toEqual({
      type: 'sidecar',
      ip: '10.244.0.25',
      pod: 'productpage-v1-6f89b6c557-sg2bc',
      namespace: 'bookinfo',
    });
    expect(parseNodeId('garbage')).toBeUndefined();
    expect(workloadOfPod('reviews-v2-6f76498fc8-58wpn')).toBe('reviews-v2');
    expect(workloadOfPod('istio-ingressgateway-79788cd94-wgmsp')).toBe('istio-ingressgateway');
    expect(workloadOfPod('node-exporter-x7k2p')).toBe('node-exporter');
    expect(workloadOfPod('mongodb-0')).toBe('mongodb');
    expect(workloadOfPod('standalone')).toBe('standalone');
    expect(parseUpstreamCluster('outbound|9080||reviews.bookinfo.svc.cluster.local')).toEqual({
      namespace: 'bookinfo',
      name: 'reviews',
    });
    expect(parseUpstreamCluster('inbound|9080||')).toBeUndefined();
    expect(
      parseUpstreamCluster('inbound-vip|9080|http|reviews.bookinfo.svc.cluster.local'),
    ).toEqual({ namespace: 'bookinfo', name: 'reviews' });
  });

  it('reads the entity of each span of a real Istio trace', () => {
    const spans = kialiTrace().spans;
    const gateway = spans.find((s) => s.spanId === '49cd77d1f9dcd936');
    expect(entityOfSpan(gateway as never)).toEqual({
      namespace: 'istio-system',
      workload: 'istio-ingressgateway',
      app: 'istio-ingressgateway',
      version: 'latest',
    });
    const reviews = spans.find((s) => s.spanId === '77191048cb7dadc4');
    expect(entityOfSpan(reviews as never)).toEqual({
      namespace: 'bookinfo',
      workload: 'reviews-v2',
      app: 'reviews',
      version: 'v2',
    });
    expect(spanFromWorkload(reviews as never, 'bookinfo', 'reviews-v2')).toBe(true);
    expect(spanFromWorkload(reviews as never, 'bookinfo', 'reviews-v1')).toBe(false);
  });

  it('turns client spans into hops: gateway → productpage → details, reviews-v2 → ratings', () => {
    const hops = traceHops(kialiTrace()).map(
      (h) =>
        `${h.source.workload}(${h.source.service ?? '-'}) -[${h.service?.name}]-> ${h.destination?.workload}@${h.destination?.version}`,
    );
    expect(hops.sort()).toEqual([
      'istio-ingressgateway(-) -[productpage]-> productpage-v1@v1',
      'productpage-v1(productpage) -[details]-> details-v1@v1',
      'productpage-v1(productpage) -[reviews]-> reviews-v2@v2',
      'reviews-v2(reviews) -[ratings]-> ratings-v1@v1',
    ]);
  });

  it('keeps a call that no server answered, with the service it aimed at', () => {
    const trace = kialiTrace();
    const withoutRatings = {
      ...trace,
      spans: trace.spans.filter((s) => s.spanId !== 'e9d3d5f02056e0bc'),
    };
    const hop = traceHops(withoutRatings).find((h) => h.service?.name === 'ratings');
    expect(hop).toMatchObject({
      destination: undefined,
      service: { namespace: 'bookinfo', name: 'ratings' },
    });
  });
});

describe('ambient waypoint spans', () => {
  it("reads the waypoint spans of Kiali's ambient trace (Istio before 1.24: no peer attributes)", () => {
    const raw = JSON.parse(
      readFileSync(join(__dirname, '../../test/fixtures/kiali/responseAmbient.json'), 'utf8'),
    ) as {
      traces: {
        spanSet: { spans: { spanID: string; attributes: { key: string; value: unknown }[] }[] };
      }[];
    };
    const spans = (raw.traces[0]?.spanSet.spans ?? []).map((s) =>
      span(
        s.spanID,
        'server',
        Object.fromEntries(
          s.attributes.map((a) => [a.key, (a.value as { stringValue: string }).stringValue]),
        ),
      ),
    );
    // Three spans of its waypoint and one of the Gateway API gateway in front of it.
    expect(spans.filter(isWaypointSpan)).toHaveLength(3);
    const router = spans.find((s) => !isWaypointSpan(s)) as Span;
    expect(entityOfSpan(router)?.workload).toBe('bookinfo-gateway-istio');
    expect(waypointSpanInto(router, 'bookinfo', 'productpage')).toBe(false);
    // Without peer attributes a span stands for the waypoint itself, in its namespace.
    expect(entityOfSpan(spans[0] as Span)).toMatchObject({
      namespace: 'bookinfo',
      workload: 'waypoint',
    });
    const into = (name: string) => spans.filter((s) => waypointSpanInto(s, 'bookinfo', name));
    expect(into('reviews').map((s) => s.spanId)).toEqual(['9ac4466ca0202735']);
    expect(into('details').map((s) => s.spanId)).toEqual(['d28bff40fcb118c5']);
    expect(into('ratings')).toEqual([]);
  });

  it('stands a waypoint server span for the workload it served, a client span for its caller', () => {
    const attributes = {
      node_id: WAYPOINT,
      ...end('source', 'frontend-v1', 'frontend'),
      ...end('destination', 'bookings-v1', 'bookings'),
    };
    expect(entityOfSpan(span('1', 'server', attributes))).toEqual({
      namespace: 'travel',
      workload: 'bookings-v1',
      app: 'bookings',
      version: 'v1',
    });
    expect(entityOfSpan(span('1', 'client', attributes))?.workload).toBe('frontend-v1');
    // A workload's traces include the requests its waypoint carried, to or from it.
    for (const workload of ['frontend-v1', 'bookings-v1'])
      expect(spanFromWorkload(span('1', 'server', attributes), 'travel', workload)).toBe(true);
    expect(spanFromWorkload(span('1', 'server', attributes), 'travel', 'waypoint')).toBe(true);
    expect(spanFromWorkload(span('1', 'server', attributes), 'bookinfo', 'bookings-v1')).toBe(
      false,
    );
  });

  it('makes one hop per request: from a sidecar through a waypoint, and from an ambient workload', () => {
    const productpage = span('c1', 'client', {
      node_id:
        'sidecar~10.244.0.25~productpage-v1-6f89b6c557-sg2bc.bookinfo~bookinfo.svc.cluster.local',
      'istio.namespace': 'bookinfo',
      'istio.canonical_service': 'productpage',
      upstream_cluster: 'outbound|8080||frontend.travel.svc.cluster.local',
    });
    const intoFrontend = span(
      'w1',
      'server',
      {
        node_id: WAYPOINT,
        upstream_cluster: 'inbound-vip|8080|http|frontend.travel.svc.cluster.local',
        ...end('source', 'productpage-v1', 'productpage'),
        ...end('destination', 'frontend-v1', 'frontend'),
      },
      'c1',
    );
    // frontend-v1 is ambient: no span of its own; its call is the waypoint's next span.
    const intoBookings = span(
      'w2',
      'server',
      {
        node_id: WAYPOINT,
        upstream_cluster: 'inbound-vip|8080|http|bookings.travel.svc.cluster.local',
        ...end('destination', 'bookings-v1', 'bookings'),
      },
      'w1',
    );
    const hops = traceHops({
      traceId: 'a'.repeat(32),
      spans: [productpage, intoFrontend, intoBookings],
      warnings: [],
    }).map(
      (h) =>
        `${h.source.workload}(${h.source.service ?? '-'}) -[${h.service?.name}]-> ${h.destination?.workload}(${h.destination?.service})`,
    );
    expect(hops).toEqual([
      'productpage-v1(-) -[frontend]-> frontend-v1(frontend)',
      // No source attributes on w2: the caller is the workload w1 served, reached via frontend.
      'frontend-v1(frontend) -[bookings]-> bookings-v1(bookings)',
    ]);
  });
});
