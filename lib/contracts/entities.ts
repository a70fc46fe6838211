import { z } from 'zod';
import { configItemSchema } from './istio-config';
import { healthSchema } from './graph';
import { overviewParamsSchema } from './overview';
import { graphDurationSchema, queryTimeSchema } from './graph-params';
import { traceTargetSchema } from './traces';
import { routingClusterSchema } from './routing';

/** What has a page of its own: an app (canonical service), a workload, a Service. */
export const ENTITY_KINDS = ['app', 'workload', 'service'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/**
 * `?cluster=west`: in a mesh of several clusters (KUBE_CLUSTERS), the cluster whose Kubernetes
 * API is read and whose traffic is charted; the home cluster without it.
 */
export const entityQuerySchema = routingClusterSchema;

/** The path segment of each kind: `/namespaces/{ns}/workloads/{name}`. */
export const ENTITY_SEGMENT: Record<EntityKind, string> = {
  app: 'apps',
  workload: 'workloads',
  service: 'services',
};

/** Path parameters of an entity's routes. */
export const entityTargetSchema = traceTargetSchema;
export type EntityTarget = z.infer<typeof entityTargetSchema>;

const labels = z.record(z.string(), z.string());

export const containerSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  ready: z.boolean(),
  restartCount: z.number(),
});

export const podSchema = z.object({
  name: z.string(),
  /** The workload it belongs to, by its labels. */
  workload: z.string().optional(),
  phase: z.string(),
  ready: z.boolean(),
  /** Unix seconds of its creation. */
  createdSec: z.number().optional(),
  labels,
  containers: z.array(containerSchema),
  /** The sidecar's Istio version, from its image tag (`1.26.0`); absent without a sidecar. */
  proxyVersion: z.string().optional(),
});
export type EntityPod = z.infer<typeof podSchema>;

export const entityWorkloadSchema = z.object({
  name: z.string(),
  app: z.string().optional(),
  version: z.string().optional(),
  desiredReplicas: z.number(),
  availableReplicas: z.number(),
  dataplane: z.enum(['sidecar', 'ambient', 'none']),
  labels,
});
export type EntityWorkload = z.infer<typeof entityWorkloadSchema>;

export const entityServiceSchema = z.object({
  name: z.string(),
  selector: labels,
  ports: z.array(
    z.object({ name: z.string().optional(), port: z.number(), protocol: z.string().optional() }),
  ),
});
export type EntityService = z.infer<typeof entityServiceSchema>;

/**
 * `GET /api/namespaces/{ns}/{apps|workloads|services}/{name}`: what Kubernetes says of it, and
 * the Istio objects that apply to it, each with its checks.
 */
export const entityDetailsSchema = z.object({
  kind: z.enum(ENTITY_KINDS),
  namespace: z.string(),
  name: z.string(),
  /** A workload's own labels, a Service's; none for an app. */
  labels,
  /** The workloads: the one itself, an app's versions, those a Service selects. */
  workloads: z.array(entityWorkloadSchema),
  /** The Services in front of it (for a service: itself). */
  services: z.array(entityServiceSchema),
  pods: z.array(podSchema),
  /** The Istio and Gateway API objects that route, secure or expose it, with their checks. */
  config: z.array(configItemSchema),
  /** What could not be read (the rest is shown), each naming its backend. */
  warnings: z.array(z.string()),
});
export type EntityDetails = z.infer<typeof entityDetailsSchema>;

/** How a dashboard's series are split. */
export const DASHBOARD_GROUPS = ['none', 'peer', 'version', 'response_code'] as const;
export type DashboardGroup = (typeof DASHBOARD_GROUPS)[number];

/** `GET …/{name}/metrics`: the inbound or outbound dashboard. */
export const dashboardParamsSchema = entityQuerySchema.extend({
  direction: z
    .enum(['inbound', 'outbound'], { message: 'expected inbound or outbound' })
    .default('inbound'),
  /** Whose proxy's reports: the destination's (default inbound) or the source's. */
  reporter: z
    .enum(['source', 'destination'], { message: 'expected source or destination' })
    .optional(),
  by: z
    .enum(DASHBOARD_GROUPS, { message: `expected one of ${DASHBOARD_GROUPS.join(', ')}` })
    .default('none'),
  duration: graphDurationSchema,
  queryTime: queryTimeSchema,
});
export type DashboardParams = z.infer<typeof dashboardParamsSchema>;

export const CHART_UNITS = ['rps', 'ms', 'bytes', 'bytesPerSecond'] as const;
export type ChartUnit = (typeof CHART_UNITS)[number];

export const chartSchema = z.object({
  id: z.string(),
  title: z.string(),
  unit: z.enum(CHART_UNITS),
  /** The PromQL the chart draws, one query per line kind (p50, p95, … or the one rate). */
  queries: z.array(z.string()),
  /** The same queries in Prometheus' UI and Grafana Explore, when configured. */
  links: z.object({ prometheus: z.string().optional(), grafana: z.string().optional() }),
  /** Series beyond the bound per chart, left out (the quietest groups). */
  omittedSeries: z.number(),
  series: z.array(
    z.object({
      label: z.string(),
      /** One value per timestamp of the dashboard's `times`; null where there is none. */
      values: z.array(z.number().nullable()),
    }),
  ),
});
export type Chart = z.infer<typeof chartSchema>;

export const dashboardSchema = z.object({
  direction: z.enum(['inbound', 'outbound']),
  reporter: z.enum(['source', 'destination']),
  by: z.enum(DASHBOARD_GROUPS),
  stepSec: z.number(),
  rateWindowSec: z.number(),
  /** Unix seconds of every point, shared by all charts (one crosshair). */
  times: z.array(z.number()),
  charts: z.array(chartSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** `GET /api/namespaces/{ns}/pods/{pod}/log`. */
export const podLogTargetSchema = z.object({
  namespace: entityTargetSchema.shape.namespace,
  pod: entityTargetSchema.shape.name,
});

export const podLogParamsSchema = entityQuerySchema.extend({
  container: z
    .string({ message: 'is required: the container to read' })
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a container name')
    .max(63),
  tailLines: z.coerce.number().int().min(1).max(10_000).default(500),
  sinceSeconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 86400)
    .optional(),
  follow: z
    .enum(['true', 'false'], { message: 'expected true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});
export type PodLogParams = z.infer<typeof podLogParamsSchema>;

/** The routing objects that name a Service, as the graph's badges say them. */
export const ROUTING_OBJECT_KINDS = ['VirtualService', 'DestinationRule', 'HTTPRoute'] as const;

/** One row of `GET /api/services`: a Service, what it selects, and its inbound traffic. */
export const serviceRowSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  ports: entityServiceSchema.shape.ports,
  /** The Deployments its selector picks, and their versions. */
  workloads: z.array(z.string()),
  versions: z.array(z.string()),
  /** How those workloads are in the mesh (a Service may mix them mid-migration). */
  dataplanes: z.array(z.enum(['sidecar', 'ambient', 'none'])),
  /** Inbound HTTP/gRPC requests per second (destination- or waypoint-reported). */
  inboundRps: z.number(),
  errorPercent: z.number(),
  p95Ms: z.number().optional(),
  health: healthSchema,
  /** The routing objects whose hosts or references name it. */
  routing: z.array(z.enum(ROUTING_OBJECT_KINDS)),
  /** Its VirtualServices' and DestinationRules' errors (Istio config checks). */
  configErrors: z.number(),
});
export type ServiceRow = z.infer<typeof serviceRowSchema>;

export const serviceListSchema = z.object({
  timestamp: z.number(),
  windowSeconds: z.number(),
  services: z.array(serviceRowSchema),
  warnings: z.array(z.string()),
});
export type ServiceList = z.infer<typeof serviceListSchema>;

/** `GET /api/services?window=60s&time=…`. */
export const serviceListParamsSchema = overviewParamsSchema;
