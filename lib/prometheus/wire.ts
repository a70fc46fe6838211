import { z } from 'zod';

/**
 * Wire shapes of the Prometheus HTTP API.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview
 */

/** `[<unix seconds, float>, "<value as string>"]` */
export const wireSample = z.tuple([z.number(), z.string()]);

/** A label set: an object whose every value is a string (the keys of a JSON object are). */
const isLabelSet = (value: unknown): value is Record<string, string> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value)
    if (typeof (value as Record<string, unknown>)[key] !== 'string') return false;
  return true;
};

/**
 * A series' labels. Checked in one loop rather than as `z.record(z.string(), z.string())`,
 * which runs two schemas per label: at a thousand services a graph's answers hold 20,000
 * series of twenty labels, and the record took ten times as long (docs/PERFORMANCE.md).
 */
const labels = z.custom<Record<string, string>>(isLabelSet, {
  message: 'expected labels: an object of strings',
});

export const wireVector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels, value: wireSample })),
});

export const wireMatrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(wireSample) })),
});

export const wireScalar = z.object({ resultType: z.literal('scalar'), result: wireSample });

export const wireString = z.object({ resultType: z.literal('string'), result: wireSample });

export const wireQueryData = z.discriminatedUnion('resultType', [
  wireVector,
  wireMatrix,
  wireScalar,
  wireString,
]);

/** The envelope every endpoint answers with, success or error. */
export const wireEnvelope = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.unknown(),
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  }),
  z.object({
    status: z.literal('error'),
    errorType: z.string(),
    error: z.string(),
    warnings: z.array(z.string()).optional(),
  }),
]);

export const wireLabelValues = z.array(z.string());

/** `/api/v1/status/runtimeinfo`, the part we read. */
export const wireRuntimeInfo = z.object({ storageRetention: z.string().optional() });

/** VictoriaMetrics answers `{}`: a Prometheus-compatible store need not say its version. */
export const wireBuildInfo = z.object({
  version: z.string().optional(),
  revision: z.string().optional(),
  branch: z.string().optional(),
});
