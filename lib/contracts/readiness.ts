import { z } from 'zod';

/** One backend's state in `GET /api/readyz`. */
export const backendCheckSchema = z.object({
  backend: z.enum(['prometheus', 'kubernetes', 'tracing']),
  /** Display name, e.g. "Kubernetes API". */
  label: z.string(),
  /** `unconfigured`: optional backend without a URL; not an error. */
  status: z.enum(['ready', 'unreachable', 'unconfigured']),
  /** Whether the dashboard is ready only when this backend is. */
  required: z.boolean(),
  url: z.string().optional(),
  latencyMs: z.number().optional(),
  version: z.string().optional(),
  error: z.string().optional(),
});

export const readinessSchema = z.object({
  ready: z.boolean(),
  checkedAt: z.string(),
  backends: z.array(backendCheckSchema),
});

export type BackendCheck = z.infer<typeof backendCheckSchema>;
export type Readiness = z.infer<typeof readinessSchema>;
