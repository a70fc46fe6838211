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
  rate: z.array(pointSchema),
  errorPercent: z.array(pointSchema),
  p95Ms: z.array(pointSchema),
});

export const edgeDetailsSchema = z.object({
  edge: z.string(),
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
