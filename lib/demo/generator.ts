import type { ProxyState } from './circuit-breaker';
import type { IstioMetrics } from './istio-metrics';
import type { Random } from './random';
import type { DemoTopology } from './topology';
import type { Router } from './routing';
import type { PodLogs } from './pod-logs';
import type { TraceRecorder } from './tracing/recorder';
import { simulateRequest } from './traffic';

const JASON = { 'end-user': 'jason' } as const;
const ANONYMOUS = {} as const;

export interface GeneratorOptions {
  topology: DemoTopology;
  metrics: IstioMetrics;
  random: Random;
  /** Requests per second entering at the gateway. */
  rate: number;
  errorRate: number;
  /** Where calls go (the mesh's VirtualServices and DestinationRules); default: plain balancing. */
  router?: Router;
  /** Connection pools and outlier detection that persist across requests (circuit breaking). */
  proxies?: ProxyState;
  /** Extra processing time per workload name, read on every request (changes apply at once). */
  slowMs?: ReadonlyMap<string, number>;
  /** Receives every request's hops; it keeps the sampled ones as traces. */
  traces?: TraceRecorder;
  /** Receives every request's hops as the pods' access and application log lines. */
  logs?: PodLogs;
  /** How often the generator wakes up. */
  tickMs?: number;
  now?: () => number;
}

/**
 * Sends simulated requests at a steady rate. The number due is computed from elapsed wall
 * time (not counted ticks), so timer jitter never changes the long-run rate: after t seconds
 * exactly floor(rate × t) requests have been sent.
 */
export class TrafficGenerator {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private sent = 0;

  constructor(private readonly options: GeneratorOptions) {}

  start(): void {
    if (this.timer) return;
    const now = this.options.now ?? Date.now;
    this.startedAt = now();
    this.sent = 0;
    this.timer = setInterval(() => this.catchUp(now()), this.options.tickMs ?? 100);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Requests sent since start. */
  get requestsSent(): number {
    return this.sent;
  }

  /** Sends every request due by `nowMs`. */
  catchUp(nowMs: number): void {
    const due = Math.floor(((nowMs - this.startedAt) / 1000) * this.options.rate);
    const { topology, random, errorRate, metrics, traces, logs, rate, router, proxies, slowMs } =
      this.options;
    while (this.sent < due) {
      // Every tenth request comes from the signed-in user jason, as in Istio's request-routing task.
      const headers = this.sent % 10 === 0 ? JASON : ANONYMOUS;
      // The request's own moment on the schedule, so traces are evenly spaced in time.
      const at = this.startedAt + (this.sent * 1000) / rate;
      const hops = simulateRequest(topology, random, {
        errorRate,
        router,
        headers,
        proxies,
        nowMs: at,
        slowMs,
      });
      for (const hop of hops) metrics.record(hop);
      const requestIdOf = traces?.record(hops, at);
      if (logs && requestIdOf) logs.record(hops, at, requestIdOf);
      this.sent += 1;
    }
  }
}
