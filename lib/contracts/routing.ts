import { z } from 'zod';
import { configItemSchema } from './istio-config';
import { objectVersionSchema, routingSpecSchema } from './routing-model';

export const validationSchema = z.object({
  severity: z.enum(['error', 'warning']),
  path: z.string(),
  message: z.string(),
});

const objectSummary = z.object({
  name: z.string(),
  resourceVersion: z.string(),
  /** VirtualService hosts, the DestinationRule host, or an HTTPRoute's hostnames. */
  hosts: z.array(z.string()),
  yaml: z.string(),
});

/**
 * Which cluster's Kubernetes API a routing page reads and writes, in a mesh of several
 * (`?cluster=west`, a name of KUBE_CLUSTERS); absent: the default one.
 */
export const routingClusterSchema = z.object({
  cluster: z
    .string()
    .max(63)
    .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'a cluster name, as Istio reports it')
    .optional(),
});

/**
 * `GET …/routing` query: the cluster, and an HTTPRoute from a gateway to edit instead of the
 * service's own.
 */
export const routingQuerySchema = routingClusterSchema.extend({
  httpRoute: z
    .string()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'an HTTPRoute name (a DNS subdomain)')
    .optional(),
});

/** The kinds that hold a service's routes: Istio's, or the Gateway API's (GAMMA). */
export const routeKindSchema = z.enum(['VirtualService', 'HTTPRoute']);
const writtenKind = z.enum(['VirtualService', 'DestinationRule', 'HTTPRoute']);

/** `GET /api/namespaces/{ns}/services/{svc}/routing`. */
export const routingResponseSchema = z.object({
  namespace: z.string(),
  service: z.string(),
  host: z.string(),
  /** The Kubernetes API the routing is read from and written to (credentials left out). */
  cluster: z.object({
    /** The mesh's name for it (KUBE_CLUSTERS), when it has one. */
    name: z.string().optional(),
    server: z.string(),
    context: z.string().optional(),
  }),
  /** The networking.istio.io version read and written, e.g. `v1`. */
  istioVersion: z.string().optional(),
  viewOnly: z.boolean(),
  /** Whether the Kubernetes credentials in use may write this routing (SelfSubjectAccessReview). */
  canEdit: z.boolean(),
  virtualServices: z.array(objectSummary),
  destinationRules: z.array(objectSummary),
  /** HTTPRoutes attached to the service (a `parentRef` of kind Service), oldest first. */
  httpRoutes: z.array(objectSummary),
  /**
   * HTTPRoutes attached to Gateways (north–south) whose rules send requests to the service or
   * to one of its version Services (`reviews-v2`): each can be edited (`?httpRoute=<name>`).
   */
  gatewayRoutes: z.array(objectSummary.extend({ gateways: z.array(z.string()) })),
  /** The HTTPRoute the editor edits, and what it is attached to (`Service reviews`, `Gateway ns/name`). */
  editingRoute: z.object({ name: z.string(), attachedTo: z.array(z.string()) }).optional(),
  /** The gateway.networking.k8s.io version served, when the Gateway API is installed. */
  gatewayApiVersion: z.string().optional(),
  /**
   * What holds the routes the editor edits: the HTTPRoute attached to the service when there
   * is one, else a VirtualService.
   */
  routeKind: routeKindSchema,
  workloads: z.array(
    z.object({
      name: z.string(),
      labels: z.record(z.string(), z.string()),
      /** Ready pods: what the Service balances over without routing. */
      readyReplicas: z.number().optional(),
    }),
  ),
  services: z.array(z.string()),
  /** The objects the editor edits (the first by name when several cover the service). */
  editing: z.object({
    virtualService: objectVersionSchema.optional(),
    destinationRule: objectVersionSchema.optional(),
    httpRoute: objectVersionSchema.optional(),
  }),
  spec: routingSpecSchema,
  /** The mTLS mode the service's workloads accept (PeerAuthentication), when readable. */
  mtls: z.object({ mode: z.string(), source: z.string() }).optional(),
  /**
   * Checks across the mesh's objects (lib/validations) of those that route or set policy for
   * this service, as stored: what the Istio config list says of them.
   */
  configChecks: z.array(configItemSchema.omit({ createdSec: true, service: true })).default([]),
  validations: z.array(validationSchema),
});

export const diffLineSchema = z.object({
  kind: z.enum(['same', 'added', 'removed']),
  text: z.string(),
});

export const planStepSchema = z.object({
  action: z.enum(['create', 'replace', 'delete']),
  kind: writtenKind,
  name: z.string(),
  diff: z.array(diffLineSchema),
});

/** `POST …/routing/preview`: what would be written, in order, and the API server's verdict. */
export const routingPreviewSchema = z.object({
  steps: z.array(planStepSchema),
  validations: z.array(validationSchema),
  dryRun: z.union([
    z.object({ ok: z.literal(true) }),
    z.object({ ok: z.literal(false), kind: z.string(), name: z.string(), message: z.string() }),
  ]),
});

/** `PUT …/routing`: what was written; the routing as it is now. */
export const routingApplySchema = z.object({
  applied: z.array(
    z.object({
      action: z.string(),
      kind: z.string(),
      name: z.string(),
      resourceVersion: z.string(),
    }),
  ),
  routing: routingResponseSchema,
});

/** The body of a 409: someone else changed an object since it was read. Nothing was written. */
export const routingConflictSchema = z.object({
  error: z.object({
    message: z.string(),
    backend: z.literal('kubernetes'),
    kind: z.literal('conflict'),
  }),
  conflict: z.object({
    kind: writtenKind,
    name: z.string(),
    expectedResourceVersion: z.string().optional(),
    currentResourceVersion: z.string().optional(),
    /** The object as it is now, against what this edit would write. */
    diff: z.array(diffLineSchema),
  }),
});

export type RoutingResponse = z.infer<typeof routingResponseSchema>;
export type RoutingPreview = z.infer<typeof routingPreviewSchema>;
export type RoutingApply = z.infer<typeof routingApplySchema>;
export type RoutingConflict = z.infer<typeof routingConflictSchema>;
