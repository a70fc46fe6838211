import { z } from 'zod';

/** Graph types, as in Kiali: what a node stands for. */
export const GRAPH_TYPES = ['workload', 'app', 'versionedApp', 'service'] as const;
export type GraphType = (typeof GRAPH_TYPES)[number];

export const PROTOCOLS = ['http', 'grpc', 'tcp'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const HEALTH = ['healthy', 'degraded', 'failure', 'notReady', 'na'] as const;
export type HealthStatus = (typeof HEALTH)[number];

/** A rate for one response code. */
export const codeRateSchema = z.object({ code: z.string(), rate: z.number() });
export type CodeRate = z.infer<typeof codeRateSchema>;

export const healthSchema = z.object({ status: z.enum(HEALTH), reason: z.string().optional() });

/** Inbound or outbound rates of one protocol at a node. */
export const nodeTrafficSchema = z.object({
  protocol: z.enum(PROTOCOLS),
  /** Requests/s (http, grpc) or bytes/s (tcp). */
  rateIn: z.number(),
  rateOut: z.number(),
  /** Inbound rates by response class: `2xx`, `3xx`, `4xx`, `5xx`, `noResponse` (http), `ok`/`error` (grpc). */
  inByClass: z.record(z.string(), z.number()),
  /** Mirrored copies received (not in `rateIn`: no caller waits for them). */
  mirroredIn: z.number().optional(),
});

/**
 * With `compareTo`: how an element stood in the baseline window. `new`: not in the baseline;
 * `vanished`: only in the baseline (drawn ghosted, its figures zero now); `kept`: in both.
 */
export const COMPARED_STATUS = ['new', 'vanished', 'kept'] as const;

const comparedSchema = z.object({
  status: z.enum(COMPARED_STATUS),
  /** The baseline's figures (absent for `new`): requests/s (bytes/s for tcp), error %, ms. */
  rate: z.number().optional(),
  errorPercent: z.number().optional(),
  responseTimeMs: z.number().optional(),
});

/** What routing does to a node's service, and a workload without a sidecar (Kiali's badges). */
export const NODE_BADGES = [
  'virtualService',
  'httpRoute',
  'trafficShifting',
  'faultInjection',
  'circuitBreaker',
  'mirroring',
  'timeout',
  'retries',
  'configError',
  'missingSidecar',
  'gateway',
  'certificateExpiring',
] as const;
export type NodeBadge = (typeof NODE_BADGES)[number];

/** One listener of a gateway: where it listens, for which hosts, and its TLS certificate. */
export const gatewayListenerSchema = z.object({
  name: z.string().optional(),
  port: z.number(),
  protocol: z.string(),
  hostnames: z.array(z.string()),
  tls: z
    .object({
      /** `SIMPLE`, `MUTUAL`, `PASSTHROUGH`, … (Istio) or `Terminate`, `Passthrough` (Gateway API). */
      mode: z.string(),
      secret: z.object({ namespace: z.string(), name: z.string() }).optional(),
      /** When its certificate expires (unix seconds), when it could be read. */
      expiresAtSec: z.number().optional(),
      /** Why the expiry is unknown (the Secret could not be read, or holds no certificate). */
      problem: z.string().optional(),
    })
    .optional(),
});

/** An Istio Gateway or Gateway API Gateway that a workload serves. */
export const gatewayInfoSchema = z.object({
  api: z.enum(['istio', 'gateway-api']),
  namespace: z.string(),
  name: z.string(),
  listeners: z.array(gatewayListenerSchema),
});

export const nodeDataSchema = z.object({
  /** Stable: the same entity gets the same id across refreshes and replay. */
  id: z.string(),
  /** `namespace`: a folded namespace, made in the browser (lib/graph-view/fold.ts), never sent. */
  nodeType: z.enum(['workload', 'app', 'service', 'unknown', 'namespace']),
  /**
   * The Istio cluster (`source_cluster` / `destination_cluster`) the node belongs to: only in
   * a graph of several clusters, whose node ids then end in `@cluster`.
   */
  cluster: z.string().optional(),
  namespace: z.string(),
  workload: z.string().optional(),
  app: z.string().optional(),
  version: z.string().optional(),
  service: z.string().optional(),
  /** Traffic source with no inbound traffic (ingress gateway, unknown clients). */
  isRoot: z.boolean(),
  /** In a namespace that was not selected. */
  isOutside: z.boolean(),
  /** A workload Kubernetes knows that had no traffic in the window (with `includeIdle`). */
  isIdle: z.boolean().optional(),
  /** An Istio ambient waypoint proxy (shown only with `waypoints=true`). */
  isWaypoint: z.literal(true).optional(),
  /** `PassthroughCluster` or `BlackHoleCluster`. */
  egress: z.enum(['PassthroughCluster', 'BlackHoleCluster']).optional(),
  /** A service node placed between a caller and the workloads behind the service. */
  isInjectedService: z.boolean(),
  traffic: z.array(nodeTrafficSchema),
  health: healthSchema,
  /** Routing badges of the service it belongs to, and `missingSidecar`; absent when none. */
  badges: z.array(z.enum(NODE_BADGES)).optional(),
  /** The gateways this workload serves, with their listeners. */
  gateways: z.array(gatewayInfoSchema).optional(),
  /** A folded namespace: how many nodes it stands for. */
  folded: z.number().optional(),
  compared: comparedSchema.optional(),
});

export const edgeDataSchema = z.object({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  protocol: z.enum(PROTOCOLS),
  /** Requests/s (http, grpc) or bytes/s (tcp). */
  rate: z.number(),
  /** By response class (`2xx` … `5xx`, `noResponse`; grpc `ok`/`error`). */
  rateByClass: z.record(z.string(), z.number()),
  /**
   * By response code (`200`, `404`, `-` for no response; grpc status for grpc), ordered by
   * code. A list, not a record: keys such as `503` are array indices to JavaScript engines, so
   * a record of codes is an array hundreds of slots long in every parser and validator (a
   * thousand services: 40 times slower to build, 25 times slower to serialize).
   */
  rateByCode: z.array(codeRateSchema),
  /** By Envoy response flags (`-` when none). */
  rateByFlags: z.record(z.string(), z.number()),
  /** By destination service host, e.g. `reviews:9080`. */
  rateByHost: z.record(z.string(), z.number()),
  /** HTTP: 5xx and no response; gRPC: non-zero status. 0..100. */
  errorPercent: z.number(),
  /** Share of the source node's outbound traffic of this protocol, 0..100. */
  percentOfSource: z.number(),
  /** At the requested quantile (or average), ms; absent when unknown (tcp, no samples). */
  responseTimeMs: z.number().optional(),
  /**
   * The histogram bucket a quantile `responseTimeMs` was interpolated in, when that bucket is
   * wide for the value (`upperMs` null: +Inf): the label then reads "≈ 5–10 s".
   */
  responseTimeBucketMs: z
    .object({ lowerMs: z.number(), upperMs: z.number().nullable() })
    .optional(),
  /**
   * `responseTimeMs` is the highest quantile of the several series this edge adds up (a
   * caller to a service of several versions, a service to a workload of several callers):
   * the edge's own quantile is at most this. The label reads "≤ 120 ms"; the edge's details
   * compute the exact figure from its buckets.
   */
  responseTimeUpperBound: z.literal(true).optional(),
  /** Response bytes/s (http, grpc) or bytes/s (tcp). */
  throughputBytesPerSecond: z.number().optional(),
  /**
   * gRPC edges, when the graph was asked for messages (`grpcRate` sent, received or total):
   * gRPC messages per second. Streams send many per request; unary calls one each way.
   */
  messageRate: z.number().optional(),
  /** Share of destination-reported traffic with `connection_security_policy="mutual_tls"`, 0..100. */
  mtlsPercent: z.number().optional(),
  /**
   * Mirrored copies (Envoy's `-shadow` host): drawn apart, and left out of node totals and of
   * `percentOfSource` (which is 0 here), so a mirror never reads as real traffic.
   */
  mirrored: z.boolean().optional(),
  health: healthSchema,
  compared: comparedSchema.optional(),
});

export const graphResponseSchema = z.object({
  /** Unix seconds the graph was evaluated at. */
  timestamp: z.number(),
  /** Window, seconds. */
  duration: z.number(),
  graphType: z.enum(GRAPH_TYPES),
  elements: z.object({
    nodes: z.array(z.object({ data: nodeDataSchema })),
    edges: z.array(z.object({ data: edgeDataSchema })),
  }),
  warnings: z.array(z.string()),
  /** Asked with `latency=false`: no response times, and health from errors alone. */
  latencyOmitted: z.literal(true).optional(),
  /** With `compareTo`: the baseline's moment (unix seconds); elements carry `compared`. */
  comparedTo: z.number().optional(),
});

export type NodeData = z.infer<typeof nodeDataSchema>;
export type GatewayListener = z.infer<typeof gatewayListenerSchema>;
export type GatewayInfo = z.infer<typeof gatewayInfoSchema>;
export type EdgeData = z.infer<typeof edgeDataSchema>;
export type GraphResponse = z.infer<typeof graphResponseSchema>;
export type Compared = z.infer<typeof comparedSchema>;
