import { z } from 'zod';
import { graphDurationSchema, graphParamsSchema, queryTimeSchema } from './graph-params';

/** Graph types whose nodes have their own time to attribute (the service graph has none). */
export const LATENCY_GRAPH_TYPES = ['workload', 'app', 'versionedApp'] as const;

/** What a ranking is computed from. */
export const LATENCY_SOURCES = ['metrics', 'traces'] as const;

/** The characters of a graph node id as `/api/graph` answers them (`app/bookinfo/reviews/v2`). */
export const NODE_ID = /^[A-Za-z0-9._:/-]+$/;

const nodeId = z
  .string()
  .max(512, 'a node id has at most 512 characters')
  .regex(NODE_ID, 'expected a graph node id such as app/bookinfo/reviews/v2');

/**
 * Query parameters of `GET /api/latency`: where the delay of requests entering at `entry`
 * comes from, over the graph's window, optionally against the same window `compareTo` ago.
 */
export const latencyParamsSchema = z.object({
  namespaces: graphParamsSchema.shape.namespaces,
  graphType: z
    .enum(LATENCY_GRAPH_TYPES, { message: `expected one of ${LATENCY_GRAPH_TYPES.join(', ')}` })
    .default('versionedApp'),
  duration: graphDurationSchema,
  queryTime: queryTimeSchema,
  /** Default: the busiest root (a node nobody in the window calls). */
  entry: nodeId.optional(),
  /** The baseline: the same window this long before (1 minute to 30 days). */
  compareTo: graphParamsSchema.shape.compareTo,
  /** `metrics`: both proxies' duration means; `traces`: sampled traces' critical paths. */
  source: z
    .enum(LATENCY_SOURCES, { message: `expected one of ${LATENCY_SOURCES.join(', ')}` })
    .default('metrics'),
  /** With `source=traces`: at most this many traces of the window are read. */
  traces: z.coerce
    .number({ message: 'expected a number of traces' })
    .int('expected a whole number of traces')
    .min(10, 'at least 10 traces')
    .max(500, 'at most 500 traces')
    .default(200),
});

export type LatencyParams = z.infer<typeof latencyParamsSchema>;

export const contributorSchema = z.object({
  node: z.string(),
  /** `service`: the node's own time; `callerProxy`: the call's time in the caller's proxy
   * and on the network (fault delays, retries' back-off, connection-pool queueing). */
  part: z.enum(['service', 'callerProxy']),
  caller: z.string().optional(),
  /** Milliseconds of the entry's mean request spent here, and its share of that mean. */
  ms: z.number(),
  share: z.number(),
  /** How often an entry request reaches this node or makes this call, on average (traces:
   * the share of traced requests whose critical path passes through it). */
  visits: z.number(),
  /** The node's own time per request it answers, from its calls in sequence to the longest
   * alone (how parallel they were is not in the metrics). */
  ownMs: z.object({ min: z.number(), max: z.number() }).optional(),
  evidence: z.array(z.string()),
  /** With `compareTo`: the change in ms since the baseline, and its share of the latency the
   * entry gained (absent when it gained none). */
  deltaMs: z.number().optional(),
  shareOfAdded: z.number().optional(),
  /** Traces: this part's critical-path time per traced request, and traces where it took
   * the largest share (most first). */
  p50Ms: z.number().optional(),
  p95Ms: z.number().optional(),
  exampleTraces: z.array(z.string()).optional(),
});

export type Contributor = z.infer<typeof contributorSchema>;

export const latencyResponseSchema = z.object({
  timestamp: z.number(),
  duration: z.number(),
  graphType: z.enum(LATENCY_GRAPH_TYPES),
  /** What the ranking was computed from. */
  source: z.enum(LATENCY_SOURCES),
  /** Traces: how many passed through the entry, of how many asked for. */
  sampled: z.object({ traces: z.number(), limit: z.number() }).optional(),
  /** The entry and its mean (destination-reported; a root's: its calls' mean). Absent when
   * the entry had no requests in the window. */
  entry: z
    .object({
      node: z.string(),
      meanMs: z.number(),
      /** Requests/s entering there, from the metrics (absent when they have none). */
      ratePerSecond: z.number().optional(),
    })
    .optional(),
  /** Other entries to choose from: the roots of the window, busiest first. */
  entries: z.array(z.string()),
  contributors: z.array(contributorSchema),
  baseline: z.object({ timestamp: z.number(), meanMs: z.number().optional() }).optional(),
  warnings: z.array(z.string()),
});

export type LatencyResponse = z.infer<typeof latencyResponseSchema>;
