/**
 * Jaeger's v1 query API (`/api/services`, `/api/traces`, `/api/traces/{id}`): an envelope
 * `{data, total, limit, offset, errors}` around traces in Jaeger's own JSON model, with
 * microsecond times, a `processes` map and typed tags.
 * @see https://github.com/jaegertracing/jaeger/blob/main/model/json/model.go
 */
import { z } from 'zod';
import { normaliseSpanId, normaliseTraceId } from '../traces/ids';
import type { Attribute, Span, SpanKind, SpanReference, Trace } from '../traces/model';

const wireTag = z.object({
  key: z.string(),
  type: z.string().optional(),
  // int64 beyond 2^53 arrives as a string; binary as base64.
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
});

const wireReference = z.object({
  refType: z.string(),
  traceID: z.string(),
  spanID: z.string(),
});

const wireSpan = z.object({
  traceID: z.string(),
  spanID: z.string(),
  operationName: z.string().default(''),
  references: z.array(wireReference).nullish(),
  startTime: z.number(),
  duration: z.number(),
  tags: z.array(wireTag).nullish(),
  logs: z.array(z.object({ timestamp: z.number(), fields: z.array(wireTag).nullish() })).nullish(),
  processID: z.string().optional(),
  process: z.object({ serviceName: z.string(), tags: z.array(wireTag).nullish() }).optional(),
  warnings: z.array(z.string()).nullish(),
});

const wireProcess = z.object({ serviceName: z.string(), tags: z.array(wireTag).nullish() });

export const jaegerV1TraceSchema = z.object({
  traceID: z.string(),
  spans: z.array(wireSpan),
  processes: z.record(z.string(), wireProcess).nullish(),
  warnings: z.array(z.string()).nullish(),
});

const wireError = z.object({
  code: z.number().optional(),
  msg: z.string().optional(),
  traceID: z.string().optional(),
});

/** The envelope of every v1 answer; `data` depends on the endpoint. */
export const jaegerV1EnvelopeSchema = <T extends z.ZodType>(data: T) =>
  z.object({
    data: data.nullish(),
    total: z.number().optional(),
    limit: z.number().optional(),
    offset: z.number().optional(),
    errors: z.array(wireError).nullish(),
  });

export const jaegerV1ServicesSchema = jaegerV1EnvelopeSchema(z.array(z.string()));
export const jaegerV1TracesSchema = jaegerV1EnvelopeSchema(z.array(jaegerV1TraceSchema));

export type JaegerV1Trace = z.infer<typeof jaegerV1TraceSchema>;
type WireTag = z.infer<typeof wireTag>;

const TAG_TYPES = new Set(['string', 'bool', 'int64', 'float64', 'binary']);

function toAttribute(tag: WireTag): Attribute {
  const type = TAG_TYPES.has(tag.type?.toLowerCase() ?? '')
    ? (tag.type?.toLowerCase() as Attribute['type'])
    : undefined;
  let value = tag.value ?? '';
  if (type === 'bool' && typeof value === 'string') value = value === 'true';
  // A numeric string within the safe range becomes a number; beyond it, it stays exact text.
  if (type === 'int64' && typeof value === 'string' && /^-?\d+$/.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) value = n;
  }
  return { key: tag.key, value, ...(type ? { type } : {}) };
}

const KINDS: Record<string, SpanKind> = {
  client: 'client',
  server: 'server',
  producer: 'producer',
  consumer: 'consumer',
  internal: 'internal',
};

/** Jaeger keeps OpenTracing's conventions as tags: `span.kind`, `error`, `otel.status_*`. */
function kindAndStatus(tags: Attribute[]): Pick<Span, 'kind' | 'error' | 'statusMessage'> {
  const get = (key: string) => tags.find((t) => t.key === key)?.value;
  const errorTag = get('error');
  const status = get('otel.status_code');
  const message = get('otel.status_description');
  return {
    kind: KINDS[String(get('span.kind') ?? '').toLowerCase()] ?? 'unspecified',
    error: errorTag === true || errorTag === 'true' || status === 'ERROR',
    statusMessage: typeof message === 'string' ? message : undefined,
  };
}

/** Maps one Jaeger v1 trace to our model. Spans whose ids cannot be read are dropped with a warning. */
export function mapJaegerV1Trace(wire: JaegerV1Trace): Trace {
  const traceId = normaliseTraceId(wire.traceID) ?? wire.traceID;
  const warnings = [...(wire.warnings ?? [])];
  const spans: Span[] = [];
  for (const s of wire.spans) {
    const spanId = normaliseSpanId(s.spanID);
    if (!spanId) {
      warnings.push(`span with unreadable id ${JSON.stringify(s.spanID)} left out`);
      continue;
    }
    const process = s.process ?? (s.processID ? wire.processes?.[s.processID] : undefined);
    const references: SpanReference[] = (s.references ?? []).flatMap((r) => {
      const refTrace = normaliseTraceId(r.traceID);
      const refSpan = normaliseSpanId(r.spanID);
      if (!refTrace || !refSpan) return [];
      return [
        {
          type: r.refType === 'FOLLOWS_FROM' ? ('FOLLOWS_FROM' as const) : ('CHILD_OF' as const),
          traceId: refTrace,
          spanId: refSpan,
        },
      ];
    });
    const parent =
      references.find((r) => r.type === 'CHILD_OF' && r.traceId === traceId) ??
      references.find((r) => r.traceId === traceId);
    const attributes = (s.tags ?? []).map(toAttribute);
    spans.push({
      traceId,
      spanId,
      parentSpanId: parent?.spanId,
      references,
      service: process?.serviceName ?? 'unknown',
      operation: s.operationName,
      startUs: s.startTime,
      durationUs: s.duration,
      ...kindAndStatus(attributes),
      attributes,
      events: (s.logs ?? []).map((log) => {
        const fields = (log.fields ?? []).map(toAttribute);
        const event = fields.find((f) => f.key === 'event')?.value;
        return {
          timeUs: log.timestamp,
          name: typeof event === 'string' ? event : '',
          attributes: fields.filter((f) => f.key !== 'event'),
        };
      }),
      resource: (process?.tags ?? []).map(toAttribute),
      warnings: s.warnings ?? [],
    });
  }
  return { traceId, spans, warnings };
}
