import type { z } from 'zod';
import { apiErrorSchema } from '../contracts/api-error';

/** The prefix the app is served under (BASE_PATH at build time). */
export const BASE_PATH = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

/** An API call that failed; `backend` names the upstream when one was at fault. */
export class ApiClientError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly backend?: 'prometheus' | 'kubernetes' | 'tracing',
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

/**
 * GETs one of our own API routes and validates the answer with its contract. `okStatuses`
 * lists non-2xx statuses whose body is still a valid answer (readyz answers 503 with a report).
 */
export async function apiGet<S extends z.ZodType>(
  path: string,
  schema: S,
  options: { signal?: AbortSignal; okStatuses?: number[] } = {},
): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await fetch(`${BASE_PATH}${path}`, {
      signal: options.signal,
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiClientError('The Meshlens server cannot be reached', 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok && !options.okStatuses?.includes(response.status)) {
    const parsed = apiErrorSchema.safeParse(body);
    throw parsed.success
      ? new ApiClientError(parsed.data.error.message, response.status, parsed.data.error.backend)
      : new ApiClientError(`Meshlens answered HTTP ${response.status}`, response.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiClientError(`Unexpected answer from ${path}`, response.status);
  return parsed.data;
}
