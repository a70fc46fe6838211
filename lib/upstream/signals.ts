/**
 * A signal of its own for one upstream call: it fires after `timeoutMs` or when `parent` (the
 * request's) fires, whichever comes first. Derived with `AbortSignal.any`, which adds no
 * listener to `parent`: a page that makes a dozen calls under one request signal must not trip
 * Node's MaxListenersExceededWarning (it flooded the demo's log).
 */
export function withTimeout(
  timeoutMs: number,
  parent?: AbortSignal,
): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  const timeout = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    timeout.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  return {
    signal: parent ? AbortSignal.any([parent, timeout.signal]) : timeout.signal,
    timedOut: () => expired,
    dispose: () => clearTimeout(timer),
  };
}

/** Turns Node's fetch failure (`TypeError: fetch failed` with a `cause`) into a sentence. */
export function describeNetworkError(error: unknown, url: string): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${url}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host of ${url}`;
    case 'ECONNRESET':
      return `connection reset by ${url}`;
    default: {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return `cannot reach ${url}${detail ? ` (${detail})` : ''}`;
    }
  }
}

/**
 * `promise`, or a rejection with the signal's reason as soon as `signal` fires, whichever comes
 * first. For reading a response body: undici can leave a body read unsettled after an abort
 * (nodejs/undici#4089), and a call must end within its timeout whatever the socket does.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
