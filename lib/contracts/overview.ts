import { z } from 'zod';
import { durationParam } from './duration';
import { healthSchema } from './graph';

/** Query parameters of `GET /api/overview`. */
export const overviewParamsSchema = z.object({
  /** Rate window. */
  window: durationParam(10, 86400).default(60),
  /** Evaluation time, unix seconds; default now. */
  time: z.coerce.number().int().positive().optional(),
});

/** One workload in the mesh overview: Kubernetes state joined with Istio traffic. */
export const overviewWorkloadSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  app: z.string().optional(),
  version: z.string().optional(),
  /** From Kubernetes; absent when the Kubernetes API could not be read. */
  replicas: z.object({ desired: z.number(), available: z.number() }).optional(),
  /**
   * How its traffic enters the mesh, from Kubernetes: an Istio sidecar, Istio ambient
   * (ztunnel, a waypoint), or neither (`sidecar.istio.io/inject: "false"`); absent when
   * Kubernetes could not be read.
   */
  dataplane: z.enum(['sidecar', 'ambient', 'none']).optional(),
  /** The Services of its namespace whose selector picks its pods; absent without Kubernetes. */
  services: z.array(z.string()).optional(),
  /** Inbound HTTP/gRPC requests per second, destination-reported. */
  inboundRps: z.number(),
  /** Share of inbound requests answered 5xx or not at all, 0..100. */
  errorPercent: z.number(),
  /** Inbound p95 response time, ms; absent without requests. */
  p95Ms: z.number().optional(),
  /** Inbound TCP bytes per second (sent + received). */
  tcpBytesPerSecond: z.number(),
  /** Judged as the graph judges the workload's node: the same health rules (HEALTH_CONFIG)
   * on its inbound requests and p95; `na` without requests. */
  health: healthSchema,
});

export const overviewNamespaceSchema = z.object({
  name: z.string(),
  workloads: z.array(overviewWorkloadSchema),
});

export const overviewSchema = z.object({
  /** Unix seconds the rates were evaluated at. */
  timestamp: z.number(),
  /** Rate window, seconds. */
  windowSeconds: z.number(),
  namespaces: z.array(overviewNamespaceSchema),
  /** Partial-data notices, each naming the backend that failed. */
  warnings: z.array(z.string()),
});

export type OverviewWorkload = z.infer<typeof overviewWorkloadSchema>;
export type Overview = z.infer<typeof overviewSchema>;
