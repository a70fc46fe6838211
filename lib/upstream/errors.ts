/** The backends Meshlens talks to; every failure names one of them. */
export type Upstream = 'prometheus' | 'kubernetes' | 'tracing';

/** Human-readable backend names, for messages that reach the UI. */
export const UPSTREAM_LABEL: Record<Upstream, string> = {
  prometheus: 'Prometheus',
  kubernetes: 'Kubernetes API',
  tracing: 'Tracing backend',
};

/**
 * Why an upstream call failed:
 * - `timeout`: no answer within the configured time;
 * - `unreachable`: connection refused, DNS failure, reset;
 * - `http`: the server answered with an HTTP error status;
 * - `api`: the server answered with its own error envelope (Prometheus `status: "error"`,
 *   a Kubernetes `Status`);
 * - `invalid-response`: the body did not match the wire schema;
 * - `aborted`: the caller cancelled;
 * - `saturated`: Meshlens' own bound on calls in flight to the backend was reached (503);
 * - `credentials`: the token, password or certificate file configured for the backend could
 *   not be read, so nothing was sent.
 */
export type UpstreamErrorKind =
  | 'timeout'
  | 'unreachable'
  | 'http'
  | 'api'
  | 'invalid-response'
  | 'aborted'
  | 'saturated'
  | 'credentials';

interface UpstreamErrorInit {
  upstream: Upstream;
  kind: UpstreamErrorKind;
  url: string;
  status?: number;
  /** Machine-readable reason from the upstream (Prometheus errorType, Kubernetes reason). */
  reason?: string;
  cause?: unknown;
}

/** A failed call to a backend. Route handlers map it to 502/504 with the backend's name. */
export class UpstreamError extends Error {
  readonly upstream: Upstream;
  readonly kind: UpstreamErrorKind;
  readonly url: string;
  readonly status: number | undefined;
  readonly reason: string | undefined;

  constructor(message: string, init: UpstreamErrorInit) {
    super(`${UPSTREAM_LABEL[init.upstream]}: ${message}`, { cause: init.cause });
    this.name = 'UpstreamError';
    this.upstream = init.upstream;
    this.kind = init.kind;
    this.url = init.url;
    this.status = init.status;
    this.reason = init.reason;
  }
}

/** Type guard usable across module boundaries (Next may load a module twice). */
export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof Error && error.name === 'UpstreamError' && 'upstream' in error;
}

/** Drops credentials and query strings from a URL before it goes into a message or a log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
