import 'server-only';
import { redactUrl } from '../upstream/errors';
import { describeNetworkError, withTimeout } from '../upstream/signals';

/**
 * Checks that the tracing query service answers HTTP at all (any status). The full tracing
 * clients (Jaeger api_v3, Jaeger v1, Tempo) build on this URL; this probe only tells
 * readiness whether the server is there.
 */
export async function probeTracing(
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ ok: true; status: number } | { ok: false; error: string }> {
  const timer = withTimeout(timeoutMs, signal);
  try {
    const response = await fetch(url, { signal: timer.signal, redirect: 'manual' });
    await response.body?.cancel();
    return { ok: true, status: response.status };
  } catch (error) {
    return {
      ok: false,
      error: timer.timedOut()
        ? `no answer within ${timeoutMs} ms`
        : describeNetworkError(error, redactUrl(url)),
    };
  } finally {
    timer.dispose();
  }
}
