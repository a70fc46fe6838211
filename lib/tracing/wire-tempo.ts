/**
 * Tempo's search API: `/api/search` answers `{traces: [...]}` with one entry per trace and
 * the matching spans in `spanSet` (or `spanSets`). Trace bodies (`/api/traces/{id}`) are
 * OTLP/JSON, see wire-otlp.ts.
 * @see https://grafana.com/docs/tempo/latest/api_docs/#search
 */
import { z } from 'zod';
import { normaliseTraceId } from '../traces/ids';
import type { TraceSummary } from '../traces/model';

const wireSpanSet = z.object({
  spans: z
    .array(
      z.object({
        spanID: z.string(),
        startTimeUnixNano: z.string().optional(),
        durationNanos: z.string().optional(),
        attributes: z
          .array(z.object({ key: z.string(), value: z.record(z.string(), z.unknown()).optional() }))
          .nullish(),
      }),
    )
    .nullish(),
  matched: z.number().optional(),
});

const wireTrace = z.object({
  traceID: z.string(),
  rootServiceName: z.string().default(''),
  rootTraceName: z.string().default(''),
  startTimeUnixNano: z.string().regex(/^\d+$/, 'expected a decimal nanosecond count'),
  durationMs: z.number().optional(),
  spanSet: wireSpanSet.nullish(),
  spanSets: z.array(wireSpanSet).nullish(),
  serviceStats: z
    .record(z.string(), z.object({ spanCount: z.number(), errorCount: z.number().optional() }))
    .nullish(),
});

export const tempoSearchSchema = z.object({ traces: z.array(wireTrace).nullish() });

/** The error attribute of a TraceQL span set: `status` = `error`. */
const spanHasError = (attributes: { key: string; value?: Record<string, unknown> }[]): boolean =>
  attributes.some((a) => a.key === 'status' && a.value?.stringValue === 'error');

/**
 * Maps a Tempo search answer to summaries. Tempo reports only the spans that matched, so the
 * span count is the trace's service stats when present, else the matched span count.
 */
export function mapTempoSearch(data: z.infer<typeof tempoSearchSchema>): TraceSummary[] {
  return (data.traces ?? []).flatMap((t) => {
    const traceId = normaliseTraceId(t.traceID);
    if (!traceId) return [];
    const sets = [...(t.spanSet ? [t.spanSet] : []), ...(t.spanSets ?? [])];
    const spans = new Map(sets.flatMap((set) => set.spans ?? []).map((s) => [s.spanID, s]));
    const stats = Object.entries(t.serviceStats ?? {});
    const matched = Math.max(0, ...sets.map((set) => set.matched ?? 0));
    const errorSpans = [...spans.values()].filter((s) => spanHasError(s.attributes ?? [])).length;
    return [
      {
        traceId,
        rootService: t.rootServiceName,
        rootOperation: t.rootTraceName,
        startUs: Number(BigInt(t.startTimeUnixNano) / 1000n),
        durationUs: Math.round((t.durationMs ?? 0) * 1000),
        spanCount: stats.length
          ? stats.reduce((sum, [, s]) => sum + s.spanCount, 0)
          : Math.max(matched, spans.size),
        errorSpanCount: stats.length
          ? stats.reduce((sum, [, s]) => sum + (s.errorCount ?? 0), 0)
          : errorSpans,
        services: stats.map(([name, s]) => ({
          name,
          spanCount: s.spanCount,
          errorSpanCount: s.errorCount ?? 0,
        })),
      },
    ];
  });
}

/** `/api/search/tag/{tag}/values`: the values a tag has, e.g. every `service.name`. */
export const tempoTagValuesSchema = z.object({ tagValues: z.array(z.string()).default([]) });

/** `/api/status/buildinfo`: Tempo's version (Jaeger has no such path). */
export const tempoBuildInfoSchema = z.object({ version: z.string().min(1) });

/** `/api/v2/search/tag/{tag}/values`: typed values, e.g. `{type: "string", value: "GET /"}`. */
export const tempoTagValuesV2Schema = z.object({
  tagValues: z.array(z.object({ type: z.string().optional(), value: z.string() })).default([]),
});
