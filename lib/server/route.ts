import 'server-only';
import { z } from 'zod';
import type { ApiErrorBody } from '../contracts/api-error';
import { UnknownClusterError } from '../kube/clusters';
import { isUpstreamError } from '../upstream/errors';
import { getMetrics } from './metrics';

/** Bad input from the caller; a 400 with its message (or 413/415 for the body's size or type). */
export class BadRequestError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 | 415 = 400,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** The most a request body may carry: writes are a few KB; the API server's own cap is ~3 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A request's JSON body, read at most {@link MAX_BODY_BYTES} far: 415 unless it says it is
 * JSON, 413 past the limit (announced or not), 400 when it does not parse.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json' && !type?.endsWith('+json'))
    throw new BadRequestError(
      `body: expected Content-Type application/json, got ${type ? JSON.stringify(type) : 'none'}`,
      415,
    );
  const tooLarge = () =>
    new BadRequestError(`body: larger than the limit of ${MAX_BODY_BYTES} bytes`, 413);
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader?.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequestError('body: expected JSON');
  }
}

/** The request has no valid session (token sign-in); becomes a 401. */
export class UnauthenticatedError extends Error {
  constructor() {
    super('Sign in with a Kubernetes token to use Meshlens.');
    this.name = 'UnauthenticatedError';
  }
}

/** The thing asked for does not exist; becomes a 404 with its message. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** A backend the request needs is not configured; becomes a 503 naming it. */
export class BackendUnconfiguredError extends Error {
  constructor(
    message: string,
    readonly backend: 'prometheus' | 'kubernetes' | 'tracing',
  ) {
    super(message);
    this.name = 'BackendUnconfiguredError';
  }
}

/** JSON response helper with caching disabled: every answer is live data. */
export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** {@link json} for a body serialized already (a shared answer, serialized once). */
export function jsonText(text: string, status = 200): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** Maps any thrown error to our error body and status. */
export function errorResponse(error: unknown): Response {
  if (error instanceof BadRequestError) {
    return json({ error: { message: error.message } } satisfies ApiErrorBody, error.status);
  }
  if (error instanceof UnauthenticatedError) {
    return json(
      { error: { message: error.message, kind: 'unauthenticated' } } satisfies ApiErrorBody,
      401,
    );
  }
  if (error instanceof NotFoundError) {
    return json({ error: { message: error.message } } satisfies ApiErrorBody, 404);
  }
  if (error instanceof UnknownClusterError) {
    return json(
      {
        error: { message: error.message, backend: 'kubernetes', kind: 'unconfigured' },
      } satisfies ApiErrorBody,
      404,
    );
  }
  if (error instanceof BackendUnconfiguredError) {
    return json(
      {
        error: { message: error.message, backend: error.backend, kind: 'unconfigured' },
      } satisfies ApiErrorBody,
      503,
    );
  }
  if (error instanceof z.ZodError) {
    const message = error.issues.map((i) => issueText('', i, 'request')).join('; ');
    return json({ error: { message } } satisfies ApiErrorBody, 400);
  }
  if (isUpstreamError(error) && (error.status === 401 || error.status === 403)) {
    // The backend refused our credentials or their rights: the caller may not do this.
    return json(
      {
        error: { message: error.message, backend: error.upstream, kind: 'forbidden' },
      } satisfies ApiErrorBody,
      403,
    );
  }
  if (isUpstreamError(error) && error.kind === 'saturated') {
    // Shedding load: the caller may come back in a second; the backend is named.
    const response = json(
      {
        error: { message: error.message, backend: error.upstream, kind: error.kind },
      } satisfies ApiErrorBody,
      503,
    );
    response.headers.set('retry-after', '1');
    return response;
  }
  if (isUpstreamError(error)) {
    const status = error.kind === 'timeout' ? 504 : 502;
    return json(
      {
        error: { message: error.message, backend: error.upstream, kind: error.kind },
      } satisfies ApiErrorBody,
      status,
    );
  }
  console.error('Unhandled error in API route', error);
  return json(
    { error: { message: 'internal error; see the server log' } } satisfies ApiErrorBody,
    500,
  );
}

/**
 * Wraps a route handler: errors become typed JSON answers, and every answer is counted in
 * `meshlens_api_requests_total{route,status}`.
 */
export function apiRoute<C = void>(
  route: string,
  handler: (request: Request, context: C) => Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    let response: Response;
    try {
      response = await handler(request, context);
    } catch (error) {
      response = errorResponse(error);
    }
    getMetrics().apiRequests.inc({ route, status: String(response.status) });
    return response;
  };
}

/**
 * Reads a JSON body and validates it with `schema`; failures become 400s naming each field
 * (`body spec › http #1 › destinations: …`), the first five of them.
 */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await readJsonBody(request), { reportInput: true });
  if (!parsed.success)
    throw new BadRequestError(
      parsed.error.issues
        .slice(0, 5)
        .map((i) => issueText('body ', i, 'body'))
        .join('; '),
    );
  return parsed.data;
}

/** Validates path parameters with `schema`; failures become 400s naming the parameter. */
export function parseParams<S extends z.ZodType>(params: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(params, { reportInput: true });
  if (!parsed.success) {
    throw new BadRequestError(
      parsed.error.issues.map((i) => issueText('path ', i, 'parameter')).join('; '),
    );
  }
  return parsed.data;
}

/** Parses the query string with `schema`; failures become 400s naming the parameter. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params, { reportInput: true });
  if (!parsed.success) {
    throw new BadRequestError(
      parsed.error.issues.map((i) => issueText('parameter ', i, '?')).join('; '),
    );
  }
  return parsed.data;
}

/**
 * One validation issue in words a person can act on: the field by its name, never zod's
 * internal path (`namespaces.0`); an item of a list by its value where known (`namespaces
 * "Bad_NS"`), else by its position (`http #1 › weight`).
 */
export function issueText(prefix: string, issue: z.core.$ZodIssue, whole: string): string {
  const input = 'input' in issue ? issue.input : undefined;
  const named = issue.path
    .map((segment, i) =>
      typeof segment === 'number'
        ? i === issue.path.length - 1 && typeof input === 'string'
          ? JSON.stringify(input)
          : `#${segment + 1}`
        : String(segment),
    )
    .join(' › ')
    .replace(/ › (#\d+|")/g, ' $1');
  return `${prefix}${named || whole}: ${issue.message}`;
}
