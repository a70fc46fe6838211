import { z } from 'zod';
import { parseDurationSeconds } from './duration';
import { GRAPH_TYPES } from './graph';

/** A Kubernetes namespace name (RFC 1123 label). */
export const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1')
    .optional()
    .transform((v) => v ?? fallback);

/** Longest window a graph may cover: 7 days, as in the toolbar. */
export const MAX_GRAPH_DURATION = 7 * 86400;

/** A graph window such as `60s`, `5m` or `7d`, as seconds. */
export const graphDurationSchema = z
  .string()
  .default('60s')
  .transform((text, ctx) => {
    const seconds = parseDurationSeconds(text);
    if (seconds === undefined || seconds < 10 || seconds > MAX_GRAPH_DURATION) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a duration like 60s, 5m, 1h or 7d (10s to 7d), got ${JSON.stringify(text)}`,
      });
      return z.NEVER;
    }
    return seconds;
  });

/** Evaluation time for replay, unix seconds; absent means now. */
export const queryTimeSchema = z.coerce
  .number({ message: 'expected unix seconds' })
  .int('expected whole unix seconds')
  .positive('expected unix seconds')
  .optional();

/** The longest a baseline may lie before the graph's moment: 30 days. */
export const MAX_COMPARE_AGO = 30 * 86400;

/**
 * What a graph is compared with: the same window `agoSec` before the graph's moment, or the
 * window ending at the moment `atSec` (a picked time, the moment before a change).
 */
export type Baseline = { agoSec: number } | { atSec: number };

/** `compareTo`: a duration such as `1h` (1 minute to 30 days), or unix seconds. */
export const compareToSchema = z.string().transform((text, ctx): Baseline => {
  if (/^[0-9]{9,11}$/.test(text)) return { atSec: Number(text) };
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds < 60 || seconds > MAX_COMPARE_AGO) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a duration like 5m, 1h or 1d (1 minute to 30 days) or a moment in unix seconds, got ${JSON.stringify(text)}`,
    });
    return z.NEVER;
  }
  return { agoSec: seconds };
});

/** The moment a baseline's window ends, seen from a graph at `timeSec`. */
export const baselineTimeSec = (baseline: Baseline, timeSec: number): number =>
  'atSec' in baseline ? baseline.atSec : timeSec - baseline.agoSec;

/** One namespace of a graph: a Kubernetes namespace name. */
export const namespaceNameSchema = z
  .string()
  .max(63, 'a namespace name has at most 63 characters')
  .regex(NAMESPACE_NAME, 'must be Kubernetes namespace names (lowercase letters, digits, -)');

/**
 * The most namespaces one graph covers: a mesh of 3,000 services in 150 namespaces fits, and
 * the API URL of 300 names of about 16 characters stays far under the 16 KB a server takes.
 */
export const MAX_GRAPH_NAMESPACES = 300;

/**
 * The namespaces of a comma-separated list that a graph takes, unique and sorted, leaving out
 * what is not a namespace name and those past the limit: the page's URL state, which corrects
 * a link rather than refusing it (the API refuses the same list with a 400).
 */
export function graphNamespaces(text: string): string[] {
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => namespaceNameSchema.safeParse(n).success);
  return [...new Set(names)].sort().slice(0, MAX_GRAPH_NAMESPACES);
}

/**
 * Istio ambient telemetry a graph counts (Kiali's choice): waypoint proxies' L7 reports and
 * ztunnel's L4 (TCP) reports (`total`), either one alone, or neither (sidecars only).
 */
export const AMBIENT_TRAFFIC = ['total', 'waypoint', 'ztunnel', 'none'] as const;
export type AmbientTraffic = (typeof AMBIENT_TRAFFIC)[number];

/** Kiali's gRPC traffic rates: requests, or messages sent, received or both. */
export const GRPC_RATES = ['requests', 'sent', 'received', 'total'] as const;
export type GrpcRate = (typeof GRPC_RATES)[number];

/**
 * Query parameters of `GET /api/graph`, shared by the route and the page's URL state.
 * Every value that reaches PromQL is checked here first.
 */
export const graphParamsSchema = z.object({
  namespaces: z
    .string({ message: 'is required: a comma-separated list of namespaces' })
    .transform((text) =>
      text
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(namespaceNameSchema)
        .min(1, 'needs at least one namespace')
        .max(MAX_GRAPH_NAMESPACES, `at most ${MAX_GRAPH_NAMESPACES} namespaces`),
    )
    .transform((list) => [...new Set(list)].sort()),
  graphType: z
    .enum(GRAPH_TYPES, { message: `expected one of ${GRAPH_TYPES.join(', ')}` })
    .default('versionedApp'),
  duration: graphDurationSchema,
  queryTime: queryTimeSchema,
  injectServiceNodes: flag(true),
  includeIdle: flag(false),
  responseTime: z
    .enum(['avg', '50', '95', '99'], { message: 'expected avg, 50, 95 or 99' })
    .default('95'),
  tcpRate: z
    .enum(['sent', 'received', 'total'], { message: 'expected sent, received or total' })
    .default('sent'),
  /**
   * What a gRPC edge's message rate counts besides its requests: the messages clients send,
   * servers send back, or both (`messageRate` on gRPC edges); `requests` for none.
   */
  grpcRate: z
    .enum(GRPC_RATES, { message: `expected one of ${GRPC_RATES.join(', ')}` })
    .default('requests'),
  ambientTraffic: z
    .enum(AMBIENT_TRAFFIC, { message: `expected one of ${AMBIENT_TRAFFIC.join(', ')}` })
    .default('total'),
  /** Waypoint proxies as nodes of their own; hidden by default, their traffic drawn through. */
  waypoints: flag(false),
  /**
   * `false`: the graph without response times (no duration histogram), health judged on
   * errors alone. The page asks for it first and for the whole graph beside it, so a large
   * mesh is drawn while Prometheus is still evaluating the histogram.
   */
  latency: flag(true),
  /** The baseline (see compareToSchema); elements then carry their baseline figures
   * (`compared`), and the baseline's own are added ghosted. */
  compareTo: compareToSchema.optional(),
});

export type GraphParams = z.infer<typeof graphParamsSchema>;
