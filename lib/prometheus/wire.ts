import { z } from 'zod';

/**
 * Wire shapes of the Prometheus HTTP API.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview
 */

/** `[<unix seconds, float>, "<value as string>"]` */
export const wireSample = z.tuple([z.number(), z.string()]);

const labels = z.record(z.string(), z.string());

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
