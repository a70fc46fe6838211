import { z } from 'zod';
import { graphParamsSchema } from './graph-params';

/** Query parameters of `GET /api/changes`: the namespaces whose changes are listed. */
export const changesParamsSchema = z.object({
  namespaces: graphParamsSchema.shape.namespaces,
});

/** The newest changes answered; `total` says how many there were. */
export const MAX_CHANGES = 100;

/** A routing object's last change, as the Kubernetes API recorded it (`managedFields`). */
export const routingChangeSchema = z.object({
  kind: z.enum(['VirtualService', 'DestinationRule', 'HTTPRoute']),
  namespace: z.string(),
  name: z.string(),
  /** Unix seconds of its newest write (else its creation). */
  atSec: z.number(),
  /** The field manager that wrote it: `meshlens`, `kubectl-client-side-apply`, … */
  by: z.string().optional(),
  /** Written through Meshlens: who (`user alice`, `token sha256:…`). */
  actor: z.string().optional(),
});

/** A Deployment's rollout: a ReplicaSet of a new pod template, from its creation. */
export const rolloutSchema = z.object({
  kind: z.literal('Rollout'),
  namespace: z.string(),
  /** The Deployment: Istio's workload name. */
  name: z.string(),
  replicaSet: z.string(),
  /** `deployment.kubernetes.io/revision`. */
  revision: z.number().optional(),
  /** The pod template's `app` and `version` labels. */
  app: z.string().optional(),
  version: z.string().optional(),
  /** Unix seconds of the ReplicaSet's creation. */
  atSec: z.number(),
  /** Whether it still runs pods: false for the rollouts it replaced. */
  current: z.boolean(),
});

export const changeSchema = z.discriminatedUnion('kind', [routingChangeSchema, rolloutSchema]);

export const changesResponseSchema = z.object({
  /** Newest first, at most MAX_CHANGES. */
  changes: z.array(changeSchema),
  /** How many changes there are in all. */
  total: z.number(),
  warnings: z.array(z.string()),
});

export type RoutingChange = z.infer<typeof routingChangeSchema>;
export type Rollout = z.infer<typeof rolloutSchema>;
export type Change = z.infer<typeof changeSchema>;
export type ChangesResponse = z.infer<typeof changesResponseSchema>;
