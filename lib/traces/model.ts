/**
 * Meshlens' own trace model. Every tracing backend (Jaeger api_v3, Jaeger v1, Tempo) is
 * mapped to these types at the client edge; nothing past `lib/tracing/` sees a wire format.
 * Times are unix microseconds and durations microseconds (`startUs`, `durationUs`), like
 * Jaeger: a µs timestamp of today fits a double exactly (< 2^53).
 */

/** A typed attribute (tag) value. int64 values beyond 2^53 stay strings; binary stays base64. */
export type AttributeValue = string | number | boolean;

export interface Attribute {
  key: string;
  value: AttributeValue;
  /** The wire type when it carries meaning beyond the JS type (`int64`, `binary`, `array`, …). */
  type?: 'string' | 'bool' | 'int64' | 'float64' | 'binary' | 'array' | 'map' | 'bytes';
}

export type SpanKind = 'client' | 'server' | 'producer' | 'consumer' | 'internal' | 'unspecified';

/** A link from one span to another, possibly in another trace. */
export interface SpanReference {
  type: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceId: string;
  spanId: string;
}

/** A timestamped annotation on a span: a Jaeger log or an OTLP event. */
export interface SpanEvent {
  timeUs: number;
  name: string;
  attributes: Attribute[];
}

export interface Span {
  traceId: string;
  /** Lower-case hex, 16 digits. */
  spanId: string;
  /** The CHILD_OF parent (or first reference) in the same trace, if any. */
  parentSpanId?: string;
  references: SpanReference[];
  /** The tracing service (`service.name`), e.g. `reviews.bookinfo` for an Istio sidecar. */
  service: string;
  operation: string;
  startUs: number;
  durationUs: number;
  kind: SpanKind;
  /** Error status (OTLP status ERROR, or a tag `error=true`). */
  error: boolean;
  statusMessage?: string;
  attributes: Attribute[];
  events: SpanEvent[];
  /** Process (Jaeger) or resource (OTLP) attributes, `service.name` excluded. */
  resource: Attribute[];
  /** Problems the backend itself reported on this span. */
  warnings: string[];
}

export interface Trace {
  /** Lower-case hex, 32 digits (a 64-bit id is left-padded). */
  traceId: string;
  spans: Span[];
  /** Problems the backend reported on the trace as a whole. */
  warnings: string[];
}

/** The search-result view of one trace. */
export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorSpanCount: number;
  services: { name: string; spanCount: number; errorSpanCount: number }[];
}

/** A trace search, in our units; each client maps it to its backend's parameters. */
export interface TraceQuery {
  /** The tracing service name, e.g. `productpage.bookinfo`. */
  service: string;
  startUs: number;
  endUs: number;
  limit: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  errorsOnly?: boolean;
  /** Exact tag/attribute matches. */
  tags?: Record<string, string>;
}

/** Attribute lookup by key, in span attributes. */
export function attribute(span: Pick<Span, 'attributes'>, key: string): AttributeValue | undefined {
  return span.attributes.find((a) => a.key === key)?.value;
}
