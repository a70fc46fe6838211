import type { z } from 'zod';
import { apiPath, type PathParams } from '../contracts/api';
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

/** A call of a route with path `P`: its path parameters and query string. */
export interface RouteCall<P extends string> {
  params: Record<PathParams<P>, string>;
  query?: URLSearchParams | Record<string, string> | string;
}

/**
 * GETs one of our own API routes and validates the answer with the route's contract
 * (lib/contracts/api.ts). `okStatuses` lists non-2xx statuses whose body is still a valid
 * answer (readyz answers 503 with a report).
 */
export async function apiGet<P extends string, S extends z.ZodType>(
  route: { method: 'GET'; path: P; response: S },
  call: RouteCall<P>,
  options: { signal?: AbortSignal; okStatuses?: number[] } = {},
): Promise<z.output<S>> {
  const path = apiPath(route, call.params, call.query);
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
  const parsed = route.response.safeParse(body);
  if (!parsed.success)
    throw new ApiClientError(`Unexpected answer from ${route.path}`, response.status);
  return parsed.data;
}

/** The answer to a write: its HTTP status and JSON body (validated by the caller per status). */
export interface SendResult {
  status: number;
  body: unknown;
}

/**
 * Sends JSON to one of our write routes (POST or PUT, as the table says). Unlike
 * {@link apiGet} it does not throw for 4xx: writes have several meaningful answers (409
 * conflict, 422 rejected) the caller reads.
 */
export async function apiSend<P extends string, B extends z.ZodType | undefined>(
  route: { method: 'POST' | 'PUT'; path: P; body?: B },
  call: RouteCall<P> & { body: B extends z.ZodType ? z.input<B> : unknown },
  options: { signal?: AbortSignal } = {},
): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetch(`${BASE_PATH}${apiPath(route, call.params, call.query)}`, {
      method: route.method,
      signal: options.signal,
      // The custom header marks the request as coming from our own pages (a CSRF guard for later).
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-meshlens': '1',
      },
      body: JSON.stringify(call.body),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiClientError('The Meshlens server cannot be reached', 0);
  }
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** The error message of a non-2xx answer, or a generic one. */
export function errorMessageOf(result: SendResult): string {
  const parsed = apiErrorSchema.safeParse(result.body);
  return parsed.success ? parsed.data.error.message : `Meshlens answered HTTP ${result.status}`;
}
