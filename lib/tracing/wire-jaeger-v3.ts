/**
 * Jaeger's api_v3 HTTP gateway: `/api/v3/services`, `/api/v3/trace-summaries` (Jaeger ≥ 2.19)
 * and `/api/v3/traces[/{id}]`, whose traces are OTLP/JSON wrapped in `{result}`.
 * @see https://github.com/jaegertracing/jaeger-idl/blob/main/proto/api_v3/query_service.proto
 */
import { z } from 'zod';
import { normaliseTraceId } from '../traces/ids';
import type { TraceSummary } from '../traces/model';
import { otlpTracesSchema } from './wire-otlp';

// A search without hits is a 404, so a 200 always lists something: the arrays are required.
export const jaegerV3ServicesSchema = z.object({ services: z.array(z.string()) });

export const jaegerV3OperationsSchema = z.object({
  operations: z.array(z.object({ name: z.string(), spanKind: z.string().optional() })),
});

const decimalNanos = z.string().regex(/^\d+$/, 'expected a decimal nanosecond count');

const wireSummary = z
  .object({
    // The IDL says traceId; early servers said traceID.
    traceId: z.string().optional(),
    traceID: z.string().optional(),
    rootServiceName: z.string().default(''),
    rootOperationName: z.string().default(''),
    minStartTimeUnixNano: decimalNanos,
    maxEndTimeUnixNano: decimalNanos,
    spanCount: z.number().int().nonnegative(),
    errorSpanCount: z.number().int().nonnegative().default(0),
    services: z
      .array(
        z.object({
          name: z.string(),
          spanCount: z.number().int().nonnegative(),
          errorSpanCount: z.number().int().nonnegative().default(0),
        }),
      )
      .default([]),
  })
  .refine((s) => s.traceId ?? s.traceID, { message: 'expected traceId' });

export const jaegerV3SummariesSchema = z.object({ summaries: z.array(wireSummary) });

/** One trace, or a search's traces: OTLP in `result` (the gRPC stream's message). */
export const jaegerV3TracesSchema = z.object({ result: otlpTracesSchema });

/** A gRPC-gateway error body, e.g. 404 "No traces found". */
export const jaegerV3ErrorSchema = z.object({
  error: z.object({ httpCode: z.number().optional(), message: z.string().optional() }),
});

/** Maps api_v3 trace summaries to ours; ones whose id cannot be read are left out. */
export function mapJaegerV3Summaries(
  data: z.infer<typeof jaegerV3SummariesSchema>,
): TraceSummary[] {
  return data.summaries.flatMap((s) => {
    const traceId = normaliseTraceId(s.traceId ?? s.traceID ?? '');
    if (!traceId) return [];
    const start = BigInt(s.minStartTimeUnixNano) / 1000n;
    const end = BigInt(s.maxEndTimeUnixNano) / 1000n;
    return [
      {
        traceId,
        rootService: s.rootServiceName,
        rootOperation: s.rootOperationName,
        startUs: Number(start),
        durationUs: Number(end - start),
        spanCount: s.spanCount,
        errorSpanCount: s.errorSpanCount,
        services: s.services,
      },
    ];
  });
}
