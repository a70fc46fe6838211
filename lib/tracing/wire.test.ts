import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseSpanId, normaliseTraceId, wireTraceId } from '../traces/ids';
import { attribute } from '../traces/model';
import { jaegerV1TracesSchema, mapJaegerV1Trace } from './wire-jaeger-v1';
import {
  jaegerV3SummariesSchema,
  jaegerV3TracesSchema,
  mapJaegerV3Summaries,
} from './wire-jaeger-v3';
import { mapOtlpTraces, otlpTracesSchema } from './wire-otlp';
import { mapTempoSearch, tempoSearchSchema } from './wire-tempo';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));
const kiali = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/kiali', name), 'utf8'));

describe('ids', () => {
  it('pads hex ids and decodes base64 ones', () => {
    expect(normaliseTraceId('8D2B6B1F0C9E4A11')).toBe('00000000000000008d2b6b1f0c9e4a11');
    expect(normaliseTraceId('O6VWCcPN5JZJzXfR+dzZNg==')).toBe('3ba55609c3cde49649cd77d1f9dcd936');
    expect(normaliseSpanId('Sc130fnc2TY=')).toBe('49cd77d1f9dcd936');
    expect(normaliseSpanId('abc')).toBe('0000000000000abc');
    expect(normaliseTraceId('not an id!')).toBeUndefined();
    expect(normaliseSpanId('')).toBeUndefined();
    expect(wireTraceId('00000000000000008d2b6b1f0c9e4a11')).toBe('8d2b6b1f0c9e4a11');
  });
});

describe('Jaeger v1 → model', () => {
  const parsed = jaegerV1TracesSchema.parse(fixture('jaeger-v1-trace.json'));
  const trace = mapJaegerV1Trace(parsed.data?.[0] as never);
  const [gateway, productpage, audit] = trace.spans;

  it('resolves processes, microsecond times and kinds', () => {
    expect(trace.traceId).toBe('00000000000000008d2b6b1f0c9e4a11');
    expect(gateway).toMatchObject({
      spanId: '8d2b6b1f0c9e4a11',
      parentSpanId: undefined,
      service: 'istio-ingressgateway.istio-system',
      startUs: 1764000000000000,
      durationUs: 25000,
      kind: 'client',
      error: false,
    });
    expect(gateway?.resource).toEqual([
      { key: 'hostname', value: 'istio-ingressgateway-5d9c7b8f6d-x2k4p', type: 'string' },
    ]);
    expect(productpage).toMatchObject({
      parentSpanId: '8d2b6b1f0c9e4a11',
      service: 'productpage.bookinfo',
      kind: 'server',
      error: true,
      warnings: ['clock skew adjustment disabled'],
    });
  });

  it('keeps int64 beyond 2^53 exact as text, other typed tags as values', () => {
    expect(attribute(gateway as never, 'request_size')).toBe('9007199254740993');
    expect(attribute(gateway as never, 'sampled')).toBe(true);
    expect(gateway?.attributes.find((a) => a.key === 'blob')).toEqual({
      key: 'blob',
      value: 'AAEC',
      type: 'binary',
    });
    expect(attribute(productpage as never, 'retries')).toBe(2);
    expect(attribute(productpage as never, 'weight')).toBe(0.5);
  });

  it('maps logs to events and keeps references, including ones into other traces', () => {
    expect(productpage?.events).toEqual([
      {
        timeUs: 1764000000010000,
        name: 'upstream reset',
        attributes: [{ key: 'reason', value: 'connection termination', type: 'string' }],
      },
    ]);
    expect(audit?.parentSpanId).toBe('1a2b3c4d5e6f7081');
    expect(audit?.references).toEqual([
      { type: 'FOLLOWS_FROM', traceId: trace.traceId, spanId: '1a2b3c4d5e6f7081' },
      { type: 'CHILD_OF', traceId: 'ffffffffffffffffffffffffffffffff', spanId: '0000000000000001' },
    ]);
  });

  it('rejects a body that is not a v1 envelope', () => {
    expect(jaegerV1TracesSchema.safeParse({ data: [{ spans: 'x' }] }).success).toBe(false);
  });
});

describe('Jaeger api_v3 OTLP → model', () => {
  const [trace] = mapOtlpTraces(jaegerV3TracesSchema.parse(fixture('jaeger-v3-trace.json')).result);
  const [server, client] = trace?.spans ?? [];

  it('reads nanosecond strings exactly and integer kinds and status codes', () => {
    expect(server).toMatchObject({
      traceId: '5b8aa5a2d2c872e8321cf37308d69df2',
      spanId: '051581bf3cb55c13',
      parentSpanId: undefined,
      service: 'reviews.bookinfo',
      startUs: 1764000000123456,
      durationUs: 12000,
      kind: 'server',
      error: true,
      statusMessage: 'upstream connect error',
    });
    expect(client).toMatchObject({ kind: 'client', error: false, durationUs: 3000 });
    expect(server?.resource).toEqual([{ key: 'hostname', value: 'reviews-v2-6f76498fc8-58wpn' }]);
  });

  it('maps typed values, events and links', () => {
    expect(attribute(server as never, 'http.status_code')).toBe(503);
    expect(attribute(server as never, 'request_size')).toBe('18446744073709551615');
    expect(attribute(server as never, 'upstream_healthy')).toBe(false);
    expect(attribute(server as never, 'hosts')).toBe('["a","b"]');
    expect(server?.events).toEqual([
      {
        timeUs: 1764000000130000,
        name: 'retry',
        attributes: [{ key: 'attempt', value: 1, type: 'int64' }],
      },
    ]);
    expect(client?.references).toEqual([
      { type: 'CHILD_OF', traceId: trace?.traceId, spanId: '051581bf3cb55c13' },
      {
        type: 'FOLLOWS_FROM',
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
      },
    ]);
  });

  it('maps trace summaries with BigInt times, accepting traceId and traceID', () => {
    const summaries = mapJaegerV3Summaries(
      jaegerV3SummariesSchema.parse({
        summaries: [
          {
            traceID: '5B8AA5A2D2C872E8321CF37308D69DF2',
            rootServiceName: 'istio-ingressgateway.istio-system',
            rootOperationName: 'GET /productpage',
            minStartTimeUnixNano: '1764000000123456789',
            maxEndTimeUnixNano: '1764000000148456789',
            spanCount: 8,
            errorSpanCount: 1,
            orphanSpanCount: 0,
            services: [{ name: 'reviews.bookinfo', spanCount: 2, errorSpanCount: 1 }],
          },
        ],
      }),
    );
    expect(summaries).toEqual([
      {
        traceId: '5b8aa5a2d2c872e8321cf37308d69df2',
        rootService: 'istio-ingressgateway.istio-system',
        rootOperation: 'GET /productpage',
        startUs: 1764000000123456,
        durationUs: 25000,
        spanCount: 8,
        errorSpanCount: 1,
        services: [{ name: 'reviews.bookinfo', spanCount: 2, errorSpanCount: 1 }],
      },
    ]);
    expect(
      jaegerV3SummariesSchema.safeParse({
        summaries: [{ traceId: 'x', minStartTimeUnixNano: '1.5' }],
      }).success,
    ).toBe(false);
  });
});

describe('Tempo (Kiali fixtures) → model', () => {
  it('maps a trace-by-id in the batches spelling with base64 ids and enum kinds', () => {
    const traces = mapOtlpTraces(otlpTracesSchema.parse(kiali('responseTrace.json')));
    expect(traces).toHaveLength(1);
    const spans = traces[0]?.spans ?? [];
    expect(spans).toHaveLength(8);
    expect(traces[0]?.traceId).toBe('3ba55609c3cde49649cd77d1f9dcd936');
    const gateway = spans.find((s) => s.spanId === '49cd77d1f9dcd936');
    expect(gateway).toMatchObject({
      service: 'istio-ingressgateway.istio-system',
      kind: 'client',
      parentSpanId: undefined,
      durationUs: 11932,
    });
    const productpage = spans.find((s) => s.spanId === '84756b1dab0856fa');
    expect(productpage).toMatchObject({
      kind: 'server',
      parentSpanId: '49cd77d1f9dcd936',
      service: 'productpage.bookinfo',
    });
    expect(new Set(spans.map((s) => s.service))).toEqual(
      new Set([
        'istio-ingressgateway.istio-system',
        'productpage.bookinfo',
        'details.bookinfo',
        'reviews.bookinfo',
        'ratings.bookinfo',
      ]),
    );
    expect(spans.every((s) => !s.error)).toBe(true);
  });

  it('maps search results, counting matched spans', () => {
    const summaries = mapTempoSearch(tempoSearchSchema.parse(kiali('response.json')));
    expect(summaries[0]).toMatchObject({
      traceId: '100cb753c787ed5657c8d88dafc176ed',
      rootService: 'istio-ingressgateway.istio-system',
      rootOperation: 'productpage.bookinfo.svc.cluster.local:9080/productpage',
      startUs: 1701778055570888,
      durationUs: 9000,
    });
    expect(summaries[0]?.spanCount).toBeGreaterThan(0);
    const ambient = mapTempoSearch(tempoSearchSchema.parse(kiali('responseAmbient.json')));
    expect(ambient[0]).toMatchObject({
      traceId: '02e299711ce47710289dc6640727404f',
      rootService: 'waypoint.bookinfo',
    });
  });
});
