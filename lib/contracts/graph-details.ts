import { z } from 'zod';
import { graphDurationSchema, queryTimeSchema } from './graph-params';

const id = (what: string) =>
  z
    .string({ message: `is required: a ${what} id from the graph` })
    .min(1)
    .max(600);

export const nodeSeriesParamsSchema = z.object({
  node: id('node'),
  /** Inbound (destination-reported) or outbound (source-reported, for traffic sources). */
  direction: z
    .enum(['inbound', 'outbound'], { message: 'expected inbound or outbound' })
    .default('inbound'),
  duration: graphDurationSchema,
  queryTime: queryTimeSchema,
});

export const edgeDetailsParamsSchema = z.object({
  edge: id('edge'),
  duration: graphDurationSchema,
  queryTime: queryTimeSchema,
});

/** One point of a series; `v` is null where Prometheus had no value (NaN, gaps). */
const pointSchema = z.object({ t: z.number(), v: z.number().nullable() });

export const nodeSeriesSchema = z.object({
  node: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  stepSec: z.number(),
  /** Each point's rate window: short, so the lines show change; not the graph's window. */
  rateWindowSec: z.number(),
  rate: z.array(pointSchema),
  errorPercent: z.array(pointSchema),
  p95Ms: z.array(pointSchema),
});

/** A quantile and the histogram bucket it was interpolated in (`upperMs` null: +Inf). */
const bucketedQuantileSchema = z.object({
  ms: z.number(),
  lowerMs: z.number(),
  upperMs: z.number().nullable(),
});

/** An edge's latency as one reporter saw it over the graph's window. */
export const edgeLatencySchema = z.object({
  /**
   * Whose histogram: the destination's proxy when it reported, else its waypoint (ambient),
   * else the source's.
   */
  reporter: z.enum(['destination', 'waypoint', 'source']).optional(),
  /** `_sum / _count`: exact, where quantiles are interpolated inside buckets. */
  meanMs: z.number().optional(),
  quantiles: z.object({
    p50: bucketedQuantileSchema.optional(),
    p95: bucketedQuantileSchema.optional(),
    p99: bucketedQuantileSchema.optional(),
  }),
});

export const edgeDetailsSchema = z.object({
  edge: z.string(),
  /** Evaluation time (unix seconds) and window: the graph's, so both show the same figures. */
  timeSec: z.number(),
  durationSec: z.number(),
  latency: edgeLatencySchema,
  /** The quantiles' values alone (`latency.quantiles[q].ms`). */
  quantilesMs: z.object({
    p50: z.number().optional(),
    p95: z.number().optional(),
    p99: z.number().optional(),
  }),
  principals: z.array(
    z.object({
      source: z.string(),
      destination: z.string(),
      security: z.string(),
      rate: z.number(),
    }),
  ),
});

export type SeriesPoint = z.infer<typeof pointSchema>;
export type NodeSeries = z.infer<typeof nodeSeriesSchema>;
export type EdgeDetails = z.infer<typeof edgeDetailsSchema>;
export type EdgeLatency = z.infer<typeof edgeLatencySchema>;
