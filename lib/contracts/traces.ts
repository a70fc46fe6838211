import { z } from 'zod';
import { parseDuration, type DurationSyntax } from '../duration';
import { TRACE_ID_PATTERN } from '../traces/ids';
import type { Trace, TraceSummary } from '../traces/model';
import { TAG_KEY_PATTERN } from '../traces/traceql';
import { NAMESPACE_NAME } from './graph-params';

/** Result sizes the traces panel offers. */
export const TRACE_LIMITS = [20, 100, 500] as const;

const kubeName = (what: string) =>
  z
    .string()
    .max(253, `a ${what} name has at most 253 characters`)
    .regex(
      /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
      `must be a Kubernetes ${what} name (lowercase letters, digits, -, .)`,
    );

/** Path parameters of the trace search routes. */
export const traceTargetSchema = z.object({
  namespace: z.string().max(63).regex(NAMESPACE_NAME, 'must be a Kubernetes namespace name'),
  name: kubeName('service or workload'),
});

/** A trace search's minimum duration: one amount of µs, ms or s. */
const MIN_DURATION: DurationSyntax = {
  units: ['us', 'µs', 'ms', 's'],
  compound: false,
  fractions: true,
};

/** `100ms`, `1.5s`, `250us` → µs (at most an hour). */
export function parseMinDurationUs(text: string): number | undefined {
  const us = parseDuration(text.trim(), MIN_DURATION, 'us');
  if (us === undefined) return undefined;
  const rounded = Math.round(us);
  return rounded <= 3_600_000_000 ? rounded : undefined;
}

/**
 * Tags in Jaeger UI's logfmt: `error=true http.status_code=500 user="a b"`. Keys must be
 * attribute names; values are taken literally (never interpolated into a query language).
 */
export function parseTags(text: string): Record<string, string> | string {
  const tags: Record<string, string> = {};
  const pattern = /\s*([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/y;
  let rest = text.trim();
  while (rest) {
    pattern.lastIndex = 0;
    const match = pattern.exec(rest);
    if (!match) return `expected key=value pairs separated by spaces, got ${JSON.stringify(rest)}`;
    const [whole, key = '', quoted, bare] = match;
    if (!TAG_KEY_PATTERN.test(key)) return `invalid tag name ${JSON.stringify(key)}`;
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    if (value.length > 256 || /[\u0000-\u001f]/.test(value)) return `invalid value for tag ${key}`;
    tags[key] = value;
    rest = rest.slice(whole.length).trim();
  }
  return Object.keys(tags).length > 20 ? 'at most 20 tags' : tags;
}

/** Latest time a search may name: the end of year 9999 (tracing backends reject later ones). */
export const MAX_UNIX_SECONDS = 253_402_300_799;

const unixSeconds = z.coerce
  .number({ message: 'expected unix seconds' })
  .int('expected whole unix seconds')
  .positive('expected unix seconds')
  .max(MAX_UNIX_SECONDS, 'expected unix seconds before the year 10000');

/** Query parameters of the trace search routes. */
export const traceSearchParamsSchema = z
  .object({
    start: unixSeconds.optional(),
    end: unixSeconds.optional(),
    limit: z.coerce
      .number({ message: 'expected a number of traces' })
      .int('expected a whole number of traces')
      .min(1, 'expected 1 to 1000 traces')
      .max(1000, 'expected 1 to 1000 traces')
      .default(20),
    minDuration: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (!text) return undefined;
        const us = parseMinDurationUs(text);
        if (us === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `expected a duration such as 100ms, 1.5s or 250us, got ${JSON.stringify(text)}`,
          });
          return z.NEVER;
        }
        return us;
      }),
    errorsOnly: z
      .enum(['true', 'false'], { message: 'expected true or false' })
      .optional()
      .transform((v) => v === 'true'),
    tags: z
      .string()
      .max(2000, 'tags are at most 2000 characters')
      .optional()
      .transform((text, ctx) => {
        if (!text) return {};
        const tags = parseTags(text);
        if (typeof tags === 'string') {
          ctx.addIssue({ code: 'custom', message: tags });
          return z.NEVER;
        }
        return tags;
      }),
    /** Workloads: the canonical service (app label), when the caller knows it. */
    app: kubeName('app').optional(),
    /** Only traces with a call from this workload (`namespace/name`), for an edge. */
    from: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
        'expected namespace/workload',
      )
      .optional(),
  })
  .refine((p) => p.start === undefined || p.end === undefined || p.start < p.end, {
    message: 'start must be before end',
    path: ['start'],
  });

export type TraceSearchParams = z.infer<typeof traceSearchParamsSchema>;

const attributeSchema = z.object({
  key: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]),
  type: z
    .enum(['string', 'bool', 'int64', 'float64', 'binary', 'array', 'map', 'bytes'])
    .optional(),
});

export const traceSummarySchema = z.object({
  traceId: z.string(),
  rootService: z.string(),
  rootOperation: z.string(),
  startUs: z.number(),
  durationUs: z.number(),
  spanCount: z.number(),
  errorSpanCount: z.number(),
  services: z.array(
    z.object({ name: z.string(), spanCount: z.number(), errorSpanCount: z.number() }),
  ),
});

/** Answer of the trace search routes: the traces, and exactly what was searched. */
export const traceListSchema = z.object({
  traces: z.array(traceSummarySchema),
  searched: z.object({
    backend: z.string(),
    service: z.string(),
    workload: z.string().optional(),
    /** `namespace/name` of the ambient waypoint whose spans stand for the target. */
    waypoint: z.string().optional(),
    from: z.string().optional(),
    startUs: z.number(),
    endUs: z.number(),
    limit: z.number(),
    minDurationUs: z.number().optional(),
    errorsOnly: z.boolean(),
    tags: z.record(z.string(), z.string()),
  }),
  warnings: z.array(z.string()),
  /** The same search in the tracing backend's own UI, when TRACING_UI_URL is set. */
  uiUrl: z.string().optional(),
});

export const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  references: z.array(
    z.object({
      type: z.enum(['CHILD_OF', 'FOLLOWS_FROM']),
      traceId: z.string(),
      spanId: z.string(),
    }),
  ),
  service: z.string(),
  operation: z.string(),
  startUs: z.number(),
  durationUs: z.number(),
  kind: z.enum(['client', 'server', 'producer', 'consumer', 'internal', 'unspecified']),
  error: z.boolean(),
  statusMessage: z.string().optional(),
  attributes: z.array(attributeSchema),
  events: z.array(
    z.object({ timeUs: z.number(), name: z.string(), attributes: z.array(attributeSchema) }),
  ),
  resource: z.array(attributeSchema),
  warnings: z.array(z.string()),
});

/** Path parameters of `GET /api/traces/{traceId}`. */
export const traceParamsSchema = z.object({
  traceId: z.string().regex(TRACE_ID_PATTERN, 'a trace id is 16 or 32 hexadecimal digits'),
});

/** A whole trace in Meshlens' model (lib/traces/model.ts), as the API answers it. */
export const traceSchema = z.object({
  traceId: z.string(),
  spans: z.array(spanSchema),
  warnings: z.array(z.string()),
});

/** Answer of `GET /api/traces/{traceId}`. */
export const traceResponseSchema = z.object({
  trace: traceSchema,
  backend: z.string(),
  uiUrl: z.string().optional(),
});

// One model: the schema must describe exactly the trace type the rest of the code uses, so a
// field added to one and not the other fails to compile here (and no `as Trace` is needed).
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameTrace: Same<z.infer<typeof traceSchema>, Trace> = true;
const sameSummary: Same<z.infer<typeof traceSummarySchema>, TraceSummary> = true;
void sameTrace;
void sameSummary;

export type TraceList = z.infer<typeof traceListSchema>;
export type TraceResponse = z.infer<typeof traceResponseSchema>;
