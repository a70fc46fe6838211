import { z } from 'zod';
import { graphParamsSchema } from './graph-params';

/** Query parameters of `GET /api/changes`: the namespaces whose routing changes are listed. */
export const changesParamsSchema = z.object({
  namespaces: graphParamsSchema.shape.namespaces,
});

/** A routing object's last change, as the Kubernetes API recorded it (`managedFields`). */
export const routingChangeSchema = z.object({
  kind: z.enum(['VirtualService', 'DestinationRule']),
  namespace: z.string(),
  name: z.string(),
  /** Unix seconds of its newest write (else its creation). */
  atSec: z.number(),
  /** The field manager that wrote it: `meshlens`, `kubectl-client-side-apply`, … */
  by: z.string().optional(),
});

export const changesResponseSchema = z.object({
  /** Newest first. */
  changes: z.array(routingChangeSchema),
  warnings: z.array(z.string()),
});

export type RoutingChange = z.infer<typeof routingChangeSchema>;
export type ChangesResponse = z.infer<typeof changesResponseSchema>;
