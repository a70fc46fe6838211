import { z } from 'zod';

/** What the graph can show: windows no longer than Prometheus keeps data (and 7 days). */
export const graphLimitsSchema = z.object({
  maxDurationSeconds: z.number(),
  /** Prometheus' retention as it reports it, when known. */
  retention: z.string().optional(),
});

export type GraphLimits = z.infer<typeof graphLimitsSchema>;
