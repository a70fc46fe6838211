import 'server-only';
import type { z } from 'zod';
import { UpstreamError, redactUrl, type Upstream } from './errors';
import type { ConcurrencyLimit } from './limit';
import { describeNetworkError, untilAborted, withTimeout } from './signals';

/** What happened to one upstream call, for metrics. */
export type CallOutcome = 'success' | 'error' | 'timeout';

/** Observer of upstream calls (the metrics module plugs in here). */
export type CallObserver = (upstream: Upstream, outcome: CallOutcome, seconds: number) => void;

export interface FetchJsonOptions<T> {
  upstream: Upstream;
  url: string;
  init?: RequestInit;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Validates the parsed body; receives the HTTP status so error envelopes can be read. */
  parse: (body: unknown, status: number) => T;
  fetchImpl?: typeof fetch;
  observe?: CallObserver;
  /** The backend's bound on calls in flight; unbounded without one. */
  limit?: ConcurrencyLimit;
}

/**
 * One HTTP call to a backend: a timeout combined with the caller's signal, JSON decoding,
 * validation by `parse`, and every failure turned into an {@link UpstreamError}.
 */
export async function fetchJson<T>(options: FetchJsonOptions<T>): Promise<T> {
  return options.limit
    ? options.limit.run(redactUrl(options.url), () => callJson(options))
    : callJson(options);
}

async function callJson<T>(options: FetchJsonOptions<T>): Promise<T> {
  const { upstream, url, timeoutMs, observe } = options;
  const started = performance.now();
  const { signal, timedOut, dispose } = withTimeout(timeoutMs, options.signal);
  const finish = (outcome: CallOutcome): void =>
    observe?.(upstream, outcome, (performance.now() - started) / 1000);
  const safeUrl = redactUrl(url);

  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, { ...options.init, signal });
  } catch (cause) {
    dispose();
    if (timedOut()) {
      finish('timeout');
      throw new UpstreamError(`no answer from ${safeUrl} within ${timeoutMs} ms`, {
        upstream,
        kind: 'timeout',
        url: safeUrl,
        cause,
      });
    }
    finish('error');
    const aborted = options.signal?.aborted ?? false;
    throw new UpstreamError(aborted ? 'request cancelled' : describeNetworkError(cause, safeUrl), {
      upstream,
      kind: aborted ? 'aborted' : 'unreachable',
      url: safeUrl,
      cause,
    });
  }

  try {
    const reading = response.text();
    let text: string;
    try {
      text = await untilAborted(reading, signal);
    } catch (error) {
      // Stop the socket too; the read it leaves behind must not surface as unhandled.
      reading.catch(() => undefined);
      response.body?.cancel().catch(() => undefined);
      throw error;
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch (cause) {
      throw new UpstreamError(
        `${safeUrl} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 120)}`,
        {
          upstream,
          kind: response.ok ? 'invalid-response' : 'http',
          url: safeUrl,
          status: response.status,
          cause,
        },
      );
    }
    const result = options.parse(body, response.status);
    finish('success');
    return result;
  } catch (error) {
    finish(timedOut() ? 'timeout' : 'error');
    if (error instanceof UpstreamError) throw error;
    if (timedOut()) {
      throw new UpstreamError(`no complete answer from ${safeUrl} within ${timeoutMs} ms`, {
        upstream,
        kind: 'timeout',
        url: safeUrl,
        cause: error,
      });
    }
    if (options.signal?.aborted)
      throw new UpstreamError('request cancelled', {
        upstream,
        kind: 'aborted',
        url: safeUrl,
        cause: error,
      });
    throw error;
  } finally {
    dispose();
  }
}

/** Formats zod issues as `path: message; …` for error texts. */
export function formatZodIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = error.issues.length > limit ? ` (+${error.issues.length - limit} more)` : '';
  return parts.join('; ') + more;
}
