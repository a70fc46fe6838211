/**
 * Encodes the demo's spans the way Jaeger's query service does: its v1 JSON model
 * (microseconds, `processes`, typed tags) and api_v3's OTLP/JSON (nanosecond strings, integer
 * kinds and status codes, hex ids), plus api_v3 trace summaries.
 */
import type { Attribute, Span } from '../../traces/model';
import { summariseTrace } from '../../traces/tree';

const OTLP_KINDS = {
  unspecified: 0,
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
} as const;

const v1Tag = (a: Attribute) => ({
  key: a.key,
  type:
    a.type === 'bool'
      ? 'bool'
      : a.type === 'int64'
        ? 'int64'
        : a.type === 'float64'
          ? 'float64'
          : 'string',
  value: a.value,
});

/** One trace in Jaeger's v1 JSON model. */
export function toJaegerV1Trace(spans: Span[]) {
  const processIds = new Map<string, string>();
  const processes: Record<string, { serviceName: string; tags: ReturnType<typeof v1Tag>[] }> = {};
  for (const span of spans) {
    const key = `${span.service}|${JSON.stringify(span.resource)}`;
    if (!processIds.has(key)) {
      const id = `p${processIds.size + 1}`;
      processIds.set(key, id);
      processes[id] = { serviceName: span.service, tags: span.resource.map(v1Tag) };
    }
  }
  return {
    traceID: spans[0]?.traceId ?? '',
    spans: spans.map((span) => ({
      traceID: span.traceId,
      spanID: span.spanId,
      flags: 1,
      operationName: span.operation,
      references: span.references.map((r) => ({
        refType: r.type,
        traceID: r.traceId,
        spanID: r.spanId,
      })),
      startTime: span.startUs,
      duration: span.durationUs,
      tags: [{ key: 'span.kind', type: 'string', value: span.kind }, ...span.attributes.map(v1Tag)],
      logs: span.events.map((e) => ({
        timestamp: e.timeUs,
        fields: [{ key: 'event', type: 'string', value: e.name }, ...e.attributes.map(v1Tag)],
      })),
      processID: processIds.get(`${span.service}|${JSON.stringify(span.resource)}`) as string,
      warnings: null,
    })),
    processes,
    warnings: null,
  };
}

const anyValue = (a: Attribute) =>
  typeof a.value === 'boolean'
    ? { boolValue: a.value }
    : typeof a.value === 'number'
      ? Number.isInteger(a.value)
        ? { intValue: String(a.value) }
        : { doubleValue: a.value }
      : { stringValue: a.value };

const otlpAttributes = (list: Attribute[]) => list.map((a) => ({ key: a.key, value: anyValue(a) }));
const nanos = (us: number): string => (BigInt(Math.round(us)) * 1000n).toString();

/** OTLP/JSON TracesData for any number of traces: one resource per service. */
export function toOtlp(traces: Span[][]) {
  const byResource = new Map<string, Span[]>();
  for (const span of traces.flat()) {
    const key = `${span.service}|${JSON.stringify(span.resource)}`;
    byResource.set(key, [...(byResource.get(key) ?? []), span]);
  }
  return {
    resourceSpans: [...byResource.values()].map((spans) => ({
      resource: {
        attributes: otlpAttributes([
          { key: 'service.name', value: spans[0]?.service ?? '' },
          ...(spans[0]?.resource ?? []),
        ]),
      },
      scopeSpans: [
        {
          scope: { name: 'envoy' },
          spans: spans.map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            flags: 1,
            name: span.operation,
            kind: OTLP_KINDS[span.kind],
            startTimeUnixNano: nanos(span.startUs),
            endTimeUnixNano: nanos(span.startUs + span.durationUs),
            attributes: otlpAttributes(span.attributes),
            events: span.events.map((e) => ({
              timeUnixNano: nanos(e.timeUs),
              name: e.name,
              attributes: otlpAttributes(e.attributes),
            })),
            links: [],
            status: span.error ? { code: 2 } : {},
          })),
        },
      ],
    })),
  };
}

/** An api_v3 trace summary (Jaeger ≥ 2.19, `/api/v3/trace-summaries`). */
export function toJaegerV3Summary(spans: Span[]) {
  const summary = summariseTrace({ traceId: spans[0]?.traceId ?? '', spans, warnings: [] });
  const ids = new Set(spans.map((s) => s.spanId));
  return {
    traceId: summary.traceId,
    rootServiceName: summary.rootService,
    rootOperationName: summary.rootOperation,
    minStartTimeUnixNano: nanos(summary.startUs),
    maxEndTimeUnixNano: nanos(summary.startUs + summary.durationUs),
    spanCount: summary.spanCount,
    errorSpanCount: summary.errorSpanCount,
    orphanSpanCount: spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId)).length,
    services: summary.services,
  };
}
