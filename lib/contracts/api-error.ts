import { z } from 'zod';

/** The body of every non-2xx answer of our API. */
export const apiErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    /** Which backend failed, when one did. */
    backend: z.enum(['prometheus', 'kubernetes', 'tracing']).optional(),
    kind: z.string().optional(),
  }),
});

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
