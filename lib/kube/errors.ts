import type { z } from 'zod';
import { UpstreamError, redactUrl } from '../upstream/errors';
import { describeNetworkError } from '../upstream/signals';
import { wireStatus } from './wire';

/** Maps what client-node throws (ApiException, FetchError, AbortError) to UpstreamError. */
export function toUpstreamError(
  error: unknown,
  what: string,
  server: string,
  timeoutMs: number,
  timedOut: boolean,
  signal: AbortSignal | undefined,
): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const url = redactUrl(server);
  if (timedOut) {
    return new UpstreamError(`${what}: no answer from ${url} within ${timeoutMs} ms`, {
      upstream: 'kubernetes',
      kind: 'timeout',
      url,
      cause: error,
    });
  }
  if (signal?.aborted) {
    return new UpstreamError(`${what}: request cancelled`, {
      upstream: 'kubernetes',
      kind: 'aborted',
      url,
    });
  }
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (typeof code === 'number') {
    // ApiException: `body` is the raw response text, normally a Status object.
    const rawBody = (error as { body?: unknown }).body;
    let status: z.infer<typeof wireStatus> | undefined;
    try {
      const parsed = wireStatus.safeParse(
        typeof rawBody === 'string' ? JSON.parse(rawBody) : rawBody,
      );
      status = parsed.success ? parsed.data : undefined;
    } catch {
      status = undefined;
    }
    return new UpstreamError(`${what}: ${status?.message ?? `HTTP ${code}`}`, {
      upstream: 'kubernetes',
      kind: status ? 'api' : 'http',
      status: code,
      reason: status?.reason,
      url,
      cause: error,
    });
  }
  return new UpstreamError(`${what}: ${describeNetworkError(error, url)}`, {
    upstream: 'kubernetes',
    kind: 'unreachable',
    url,
    cause: error,
  });
}
