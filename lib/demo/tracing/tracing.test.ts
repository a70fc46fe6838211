import { describe, expect, it } from 'vitest';
import { attribute, type Span } from '../../traces/model';
import { buildTraceTree } from '../../traces/tree';
import { traceHops } from '../../traces/istio';
import { jaegerV1TracesSchema, mapJaegerV1Trace } from '../../tracing/wire-jaeger-v1';
import {
  jaegerV3SummariesSchema,
  jaegerV3TracesSchema,
  mapJaegerV3Summaries,
} from '../../tracing/wire-jaeger-v3';
import { mapOtlpTraces } from '../../tracing/wire-otlp';
import { seededRandom } from '../random';
import { BOOKINFO_TOPOLOGY, withAmbientTravel, type DemoTopology } from '../topology';
import { simulateRequest } from '../traffic';
import { handleTracingRequest, parseGoDurationUs } from './api';
import { TraceRecorder } from './recorder';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

function recorder(
  requests: number,
  errorRate = 0,
  options: { sampling?: number; capacity?: number; topology?: DemoTopology } = {},
) {
  const traffic = seededRandom(7);
  const topology = options.topology ?? BOOKINFO_TOPOLOGY;
  const rec = new TraceRecorder({
    topology,
    random: seededRandom(8),
    samplingRate: options.sampling ?? 1,
    capacity: options.capacity ?? 1000,
  });
  for (let i = 0; i < requests; i += 1)
    rec.record(simulateRequest(topology, traffic, { errorRate }), T0 + i * 100);
  return rec;
}

const get = (rec: TraceRecorder, url: string) =>
  handleTracingRequest(rec, { method: 'GET', url }, T0 + 3_600_000);
const v3Window = `query.startTimeMin=${new Date(T0 - 1000).toISOString()}&query.startTimeMax=${new Date(T0 + 3_600_000).toISOString()}`;

/** Fields every backend format carries; `type` hints and tag order are format details. */
const essence = (s: Span) => ({
  spanId: s.spanId,
  parentSpanId: s.parentSpanId,
  service: s.service,
  operation: s.operation,
  startUs: s.startUs,
  durationUs: s.durationUs,
  kind: s.kind,
  error: s.error,
  attributes: Object.fromEntries(
    s.attributes.filter((a) => a.key !== 'span.kind').map((a) => [a.key, String(a.value)]),
  ),
});

describe('demo traces', () => {
  it('records the spans Envoy would: client and server per HTTP hop, linked parent to child', () => {
    const rec = recorder(50);
    expect(rec.size).toBe(50);
    const [summary] = mapJaegerV3Summaries(
      jaegerV3SummariesSchema.parse(
        get(rec, `/api/v3/trace-summaries?query.serviceName=ratings.bookinfo&${v3Window}`).body,
      ),
    );
    const spans = rec.get(summary?.traceId as string) as Span[];
    const tree = buildTraceTree({ traceId: summary?.traceId as string, spans, warnings: [] });
    expect(tree.warnings).toEqual([]);
    expect(tree.rows.every((r) => r.warnings.length === 0)).toBe(true);
    const path = tree.rows.map((r) => `${r.span.service}:${r.span.kind}@${r.depth}`);
    expect(path.slice(0, 2)).toEqual([
      'istio-ingressgateway.istio-system:client@0',
      'productpage.bookinfo:server@1',
    ]);
    expect(path).toContain('ratings.bookinfo:server@5');
    // mongodb is TCP: Envoy does not trace it.
    expect(spans.some((s) => s.service.startsWith('mongodb'))).toBe(false);
    const hops = traceHops({ traceId: summary?.traceId as string, spans, warnings: [] });
    expect(hops.map((h) => `${h.source.workload}->${h.destination?.workload}`)).toContain(
      'productpage-v1->details-v1',
    );
    const server = spans.find(
      (s) => s.service === 'reviews.bookinfo' && s.kind === 'server',
    ) as Span;
    expect(attribute(server, 'node_id')).toMatch(
      /^sidecar~10\.244\.0\.\d+~reviews-v[123]-[a-z0-9]+-[a-z0-9]{5}\.bookinfo~bookinfo\.svc\.cluster\.local$/,
    );
    expect(attribute(server, 'component')).toBe('proxy');
  });

  it('traces ambient hops at the waypoint only, naming both ends', () => {
    const rec = recorder(40, 0, { topology: withAmbientTravel(BOOKINFO_TOPOLOGY) });
    // frontend and bookings are ambient: no proxy of their own traces them.
    const search = (service: string) =>
      rec.search({ service, startUs: 0, endUs: Infinity, limit: 1 });
    expect(search('frontend.travel')).toEqual([]);
    const [spans = []] = search('waypoint.travel');
    const trace = { traceId: spans[0]?.traceId as string, spans, warnings: [] };
    expect(buildTraceTree(trace).warnings).toEqual([]);
    const waypoint = spans.filter((s) => s.service === 'waypoint.travel');
    expect(waypoint.map((s) => [s.kind, attribute(s, 'upstream_cluster')])).toEqual([
      ['server', 'inbound-vip|8080|http|frontend.travel.svc.cluster.local'],
      ['server', 'inbound-vip|8080|http|bookings.travel.svc.cluster.local'],
    ]);
    expect(attribute(waypoint[0] as Span, 'node_id')).toMatch(/^waypoint~[\d.]+~waypoint-/);
    expect(attribute(waypoint[1] as Span, 'istio.source_workload')).toBe('frontend-v1');
    expect(attribute(waypoint[1] as Span, 'istio.destination_workload')).toBe('bookings-v1');
    // The call into bookings continues the request the waypoint carried into frontend.
    expect(waypoint[1]?.parentSpanId).toBe(waypoint[0]?.spanId);
    expect(
      traceHops(trace)
        .filter((h) => h.service?.namespace === 'travel')
        .map((h) => `${h.source.workload} -[${h.service?.name}]-> ${h.destination?.workload}`),
    ).toEqual([
      'istio-ingressgateway -[frontend]-> frontend-v1',
      'frontend-v1 -[bookings]-> bookings-v1',
    ]);
  });

  it('marks failed hops with error=true and their status code on both sides', () => {
    const rec = recorder(20, 1);
    const [spans] = rec.search({
      service: 'productpage.bookinfo',
      startUs: 0,
      endUs: Infinity,
      limit: 1,
    });
    const failed = (spans ?? []).filter((s) => s.error);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const s of failed) {
      expect(attribute(s, 'error')).toBe(true);
      expect(attribute(s, 'http.status_code')).toBe('500');
    }
  });

  it('samples at the configured rate and keeps only the newest traces', () => {
    expect(recorder(1000, 0, { sampling: 0.25 }).size).toBeGreaterThan(200);
    expect(recorder(1000, 0, { sampling: 0.25 }).size).toBeLessThan(300);
    expect(recorder(1000, 0, { sampling: 0 }).size).toBe(0);
    const small = recorder(30, 0, { capacity: 10 });
    expect(small.size).toBe(10);
    const found = small.search({
      service: 'productpage.bookinfo',
      startUs: 0,
      endUs: Infinity,
      limit: 100,
    });
    expect(found).toHaveLength(10);
    // Newest first: requests 20..29 remain, the last one entered at T0 + 2.9 s.
    const firstStart = (trace: Span[] | undefined) =>
      Math.min(...(trace ?? []).map((s) => s.startUs));
    expect(firstStart(found[0])).toBeGreaterThanOrEqual((T0 + 2900) * 1000);
    expect(firstStart(found[0])).toBeLessThan((T0 + 2950) * 1000);
    expect(firstStart(found[9])).toBeGreaterThanOrEqual((T0 + 2000) * 1000);
    expect(firstStart(found[9])).toBeLessThan((T0 + 2050) * 1000);
  });

  it('serves the same spans through api_v3 OTLP and v1 JSON', () => {
    const rec = recorder(10);
    const [any] = rec.search({
      service: 'reviews.bookinfo',
      startUs: 0,
      endUs: Infinity,
      limit: 1,
    });
    const traceId = any?.[0]?.traceId as string;
    const expected = (rec.get(traceId) as Span[]).map(essence);

    const v3 = get(rec, `/api/v3/traces/${traceId}`);
    expect(v3.status).toBe(200);
    const [fromV3] = mapOtlpTraces(jaegerV3TracesSchema.parse(v3.body).result);
    expect(fromV3?.spans.map(essence)).toEqual(expect.arrayContaining(expected));
    expect(fromV3?.spans).toHaveLength(expected.length);

    const v1 = get(rec, `/api/traces/${traceId}`);
    expect(v1.status).toBe(200);
    const fromV1 = mapJaegerV1Trace(jaegerV1TracesSchema.parse(v1.body).data?.[0] as never);
    expect(fromV1.spans.map(essence)).toEqual(expected);
    expect(fromV1.spans[0]?.resource.map((a) => a.key)).toEqual(['hostname', 'ip']);
  });

  it('filters searches by service, tags, duration and limit, as Jaeger does', () => {
    const rec = recorder(200, 0.2);
    const v1 = (query: string) =>
      jaegerV1TracesSchema.parse(
        get(rec, `/api/traces?service=reviews.bookinfo&start=0&${query}`).body,
      ).data ?? [];
    expect(v1('limit=5')).toHaveLength(5);
    const errors = v1(`limit=500&tags=${encodeURIComponent('{"error":"true"}')}`).map(
      mapJaegerV1Trace,
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const t of errors)
      expect(t.spans.some((s) => s.service === 'reviews.bookinfo' && s.error)).toBe(true);
    const slow = v1('limit=500&minDuration=20ms').map(mapJaegerV1Trace);
    for (const t of slow)
      expect(t.spans.some((s) => s.service === 'reviews.bookinfo' && s.durationUs >= 20_000)).toBe(
        true,
      );
    expect(slow.length).toBeLessThan(v1('limit=500').length);

    const summaries = jaegerV3SummariesSchema.parse(
      get(
        rec,
        `/api/v3/trace-summaries?query.serviceName=reviews.bookinfo&query.searchDepth=7&${v3Window}`,
      ).body,
    );
    expect(summaries.summaries).toHaveLength(7);
  });

  it('answers like Jaeger: 404 for no hits and unknown traces, 400 for bad parameters', () => {
    const rec = recorder(5);
    expect(get(rec, `/api/v3/trace-summaries?query.serviceName=nobody&${v3Window}`)).toEqual({
      status: 404,
      body: { error: { httpCode: 404, message: 'No traces found' } },
    });
    expect(get(rec, '/api/v3/traces/0123456789abcdef0123456789abcdef').status).toBe(404);
    expect(get(rec, '/api/traces/0123456789abcdef').body).toMatchObject({
      data: null,
      errors: [{ code: 404, msg: 'trace not found' }],
    });
    expect(get(rec, `/api/v3/trace-summaries?${v3Window}`)).toMatchObject({
      status: 400,
      body: { error: { message: 'query.serviceName is required' } },
    });
    expect(
      get(
        rec,
        '/api/v3/trace-summaries?query.serviceName=x&query.startTimeMin=yesterday&query.startTimeMax=now',
      ).status,
    ).toBe(400);
    expect(get(rec, '/api/traces').status).toBe(400);
    expect(get(rec, '/api/traces?service=x&minDuration=fast').body).toMatchObject({
      errors: [{ code: 400 }],
    });
    expect(get(rec, '/api/traces/zz-not-hex').status).toBe(400);
    expect(get(rec, '/api/v3/services').body).toEqual({
      services: [
        'details.bookinfo',
        'istio-ingressgateway.istio-system',
        'productpage.bookinfo',
        'ratings.bookinfo',
        'reviews.bookinfo',
      ],
    });
  });

  it('parses Go durations', () => {
    expect(parseGoDurationUs('1.5ms')).toBe(1500);
    expect(parseGoDurationUs('1m30s')).toBe(90_000_000);
    expect(parseGoDurationUs('250us')).toBe(250);
    expect(parseGoDurationUs('10')).toBeUndefined();
  });
});
