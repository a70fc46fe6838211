import { z } from 'zod';

export const namespacesResponseSchema = z.object({
  namespaces: z.array(z.object({ name: z.string(), hasTraffic: z.boolean() })),
  /** Where the list came from: Kubernetes, or Prometheus' label values when Kubernetes failed. */
  source: z.enum(['kubernetes', 'prometheus']),
  warnings: z.array(z.string()),
});

export type NamespacesResponse = z.infer<typeof namespacesResponseSchema>;
