/**
 * OTLP/JSON traces, as Jaeger api_v3 (`{result: {resourceSpans}}`) and Tempo (`{batches}` or
 * `{resourceSpans}`) send them. Times are nanosecond int64s, usually as decimal strings, read
 * with BigInt so no precision is lost; kinds and status codes come as integers (Jaeger) or
 * enum names (Tempo); ids as hex (Jaeger) or base64 (Tempo).
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
import { z } from 'zod';
import { normaliseSpanId, normaliseTraceId } from '../traces/ids';
import type { Attribute, AttributeValue, SpanKind, Trace } from '../traces/model';

const nanos = z.union([
  z.string().regex(/^\d+$/, 'expected a decimal nanosecond count'),
  z.number(),
]);

type WireAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: WireAnyValue[] };
  kvlistValue?: { values?: { key: string; value?: WireAnyValue }[] };
};

const anyValue: z.ZodType<WireAnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z
      .object({
        values: z.array(z.object({ key: z.string(), value: anyValue.optional() })).optional(),
      })
      .optional(),
  }),
);

const keyValue = z.object({ key: z.string(), value: anyValue.optional() });

const wireSpan = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string().default(''),
  kind: z.union([z.number(), z.string()]).optional(),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes: z.array(keyValue).nullish(),
  events: z
    .array(
      z.object({
        timeUnixNano: nanos,
        name: z.string().default(''),
        attributes: z.array(keyValue).nullish(),
      }),
    )
    .nullish(),
  links: z
    .array(
      z.object({
        traceId: z.string(),
        spanId: z.string(),
        attributes: z.array(keyValue).nullish(),
      }),
    )
    .nullish(),
  status: z
    .object({ code: z.union([z.number(), z.string()]).optional(), message: z.string().optional() })
    .nullish(),
});

const scopeSpans = z.object({ spans: z.array(wireSpan).nullish() });

const resourceSpans = z.object({
  resource: z.object({ attributes: z.array(keyValue).nullish() }).nullish(),
  scopeSpans: z.array(scopeSpans).nullish(),
  // OTLP before 0.15 (older Tempo) called them instrumentation library spans.
  instrumentationLibrarySpans: z.array(scopeSpans).nullish(),
});

/** TracesData in either spelling: `resourceSpans` (OTLP) or `batches` (Tempo v1 API). */
export const otlpTracesSchema = z
  .object({
    resourceSpans: z.array(resourceSpans).nullish(),
    batches: z.array(resourceSpans).nullish(),
  })
  .refine((d) => d.resourceSpans || d.batches, {
    message: 'expected resourceSpans or batches',
  });

export type OtlpTraces = z.infer<typeof otlpTracesSchema>;
type WireKeyValue = z.infer<typeof keyValue>;

function toValue(value: WireAnyValue | undefined): {
  value: AttributeValue;
  type?: Attribute['type'];
} {
  if (!value) return { value: '' };
  if (value.stringValue !== undefined) return { value: value.stringValue };
  if (value.boolValue !== undefined) return { value: value.boolValue, type: 'bool' };
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    // proto3 JSON sends int64 as a string: keep it exact when a double cannot hold it.
    return { value: Number.isSafeInteger(n) ? n : String(value.intValue), type: 'int64' };
  }
  if (value.doubleValue !== undefined) return { value: Number(value.doubleValue), type: 'float64' };
  if (value.bytesValue !== undefined) return { value: value.bytesValue, type: 'bytes' };
  if (value.arrayValue)
    return {
      value: JSON.stringify((value.arrayValue.values ?? []).map((v) => toValue(v).value)),
      type: 'array',
    };
  if (value.kvlistValue)
    return {
      value: JSON.stringify(
        Object.fromEntries(
          (value.kvlistValue.values ?? []).map((kv) => [kv.key, toValue(kv.value).value]),
        ),
      ),
      type: 'map',
    };
  return { value: '' };
}

const toAttributes = (list: WireKeyValue[] | null | undefined): Attribute[] =>
  (list ?? []).map((kv) => ({ key: kv.key, ...toValue(kv.value) }));

const KINDS: SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function toKind(kind: number | string | undefined): SpanKind {
  if (typeof kind === 'number') return KINDS[kind] ?? 'unspecified';
  const name = (kind ?? '').replace(/^SPAN_KIND_/, '').toLowerCase();
  return KINDS.find((k) => k === name) ?? 'unspecified';
}

/** OTLP status code 2 (`STATUS_CODE_ERROR`) marks an error; Envoy also sets `error=true`. */
function isError(
  status: { code?: number | string } | null | undefined,
  attributes: Attribute[],
): boolean {
  const code = status?.code;
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR') return true;
  const tag = attributes.find((a) => a.key === 'error')?.value;
  return tag === true || tag === 'true';
}

/** ns → µs, exactly (BigInt division truncates toward zero). */
const micros = (value: string | number): bigint =>
  typeof value === 'number' ? BigInt(Math.trunc(value)) / 1000n : BigInt(value) / 1000n;

/**
 * Maps OTLP TracesData to traces, grouped by trace id (a search answer holds many). Spans
 * with unreadable ids are left out with a warning on their trace.
 */
export function mapOtlpTraces(data: OtlpTraces): Trace[] {
  const traces = new Map<string, Trace>();
  const traceOf = (id: string): Trace => {
    let trace = traces.get(id);
    if (!trace) {
      trace = { traceId: id, spans: [], warnings: [] };
      traces.set(id, trace);
    }
    return trace;
  };
  for (const batch of [...(data.resourceSpans ?? []), ...(data.batches ?? [])]) {
    const resourceAttributes = toAttributes(batch.resource?.attributes);
    const serviceName = resourceAttributes.find((a) => a.key === 'service.name')?.value;
    const resource = resourceAttributes.filter((a) => a.key !== 'service.name');
    for (const scope of [
      ...(batch.scopeSpans ?? []),
      ...(batch.instrumentationLibrarySpans ?? []),
    ]) {
      for (const s of scope.spans ?? []) {
        const traceId = normaliseTraceId(s.traceId);
        const spanId = normaliseSpanId(s.spanId);
        if (!traceId) continue;
        const trace = traceOf(traceId);
        if (!spanId) {
          trace.warnings.push(`span with unreadable id ${JSON.stringify(s.spanId)} left out`);
          continue;
        }
        const parentSpanId = s.parentSpanId ? normaliseSpanId(s.parentSpanId) : undefined;
        const attributes = toAttributes(s.attributes);
        const start = micros(s.startTimeUnixNano);
        const end = micros(s.endTimeUnixNano);
        const references = [
          ...(parentSpanId ? [{ type: 'CHILD_OF' as const, traceId, spanId: parentSpanId }] : []),
          ...(s.links ?? []).flatMap((link) => {
            const linkTrace = normaliseTraceId(link.traceId);
            const linkSpan = normaliseSpanId(link.spanId);
            return linkTrace && linkSpan
              ? [{ type: 'FOLLOWS_FROM' as const, traceId: linkTrace, spanId: linkSpan }]
              : [];
          }),
        ];
        trace.spans.push({
          traceId,
          spanId,
          parentSpanId,
          references,
          service: typeof serviceName === 'string' ? serviceName : 'unknown',
          operation: s.name,
          startUs: Number(start),
          durationUs: Number(end - start),
          kind: toKind(s.kind),
          error: isError(s.status, attributes),
          statusMessage: s.status?.message || undefined,
          attributes,
          events: (s.events ?? []).map((e) => ({
            timeUs: Number(micros(e.timeUnixNano)),
            name: e.name,
            attributes: toAttributes(e.attributes),
          })),
          resource,
          warnings: [],
        });
      }
    }
  }
  return [...traces.values()];
}
