import { UpstreamError, type Upstream } from './errors';

/** The setting that bounds each backend. */
const LIMIT_VARIABLE: Record<Upstream, string> = {
  prometheus: 'PROMETHEUS_MAX_CONCURRENCY',
  kubernetes: 'KUBE_MAX_CONCURRENCY',
  tracing: 'TRACING_MAX_CONCURRENCY',
};

/**
 * A bound on one backend's calls in flight. At the bound a call fails at once (`saturated`,
 * answered 503 with Retry-After) instead of joining a queue that would only grow: under a
 * stampede of viewers Meshlens stays responsive and the backend is not buried.
 */
export class ConcurrencyLimit {
  private inFlight = 0;

  constructor(
    readonly upstream: Upstream,
    readonly max: number,
  ) {}

  /** Calls in flight now. */
  get active(): number {
    return this.inFlight;
  }

  async run<T>(url: string, work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.max)
      throw new UpstreamError(
        `saturated: ${this.max} calls already in flight (${LIMIT_VARIABLE[this.upstream]}); try again shortly`,
        { upstream: this.upstream, kind: 'saturated', url },
      );
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}
