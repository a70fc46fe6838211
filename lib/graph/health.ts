import type { HealthStatus, Protocol } from '../contracts/graph';
import { formatMs } from '../format';

/** Thresholds in percent of requests: at or above `degraded`/`failure` (0 means "any"). */
export interface Tolerance {
  degraded: number;
  failure: number;
}

/** What counts as unhealthy traffic, per response class, and (optionally) by latency. */
export interface Tolerances {
  http5xx: Tolerance;
  http4xx: Tolerance;
  grpcError: Tolerance;
  noResponse: Tolerance;
  /** p95 response time in ms at or above which a node or edge degrades or fails; off when absent. */
  p95Ms?: Partial<Tolerance>;
}

/** Kiali's default tolerances: a single 5xx, gRPC error or missing response degrades, 10 % fails; 4xx at 10/20 %. */
export const DEFAULT_TOLERANCES: Tolerances = {
  http5xx: { degraded: 0, failure: 10 },
  http4xx: { degraded: 10, failure: 20 },
  grpcError: { degraded: 0, failure: 10 },
  noResponse: { degraded: 0, failure: 10 },
};

/** Response class of a code: `2xx` … `5xx` and `noResponse` for HTTP; `ok`, `error`, `noResponse` for gRPC. */
export function responseClass(protocol: Protocol, code: string): string | undefined {
  if (protocol === 'tcp') return undefined;
  if (code === '-') return 'noResponse';
  if (protocol === 'grpc') return code === '0' ? 'ok' : 'error';
  return /^[1-5]\d\d$/.test(code) ? `${code[0]}xx` : 'other';
}

/** Share of requests that failed: HTTP 5xx and no response; gRPC non-zero status and no response. */
export function errorPercent(
  protocol: Protocol,
  byClass: Readonly<Record<string, number>>,
  total: number,
): number {
  if (protocol === 'tcp' || !(total > 0)) return 0;
  const failed = protocol === 'grpc' ? (byClass.error ?? 0) : (byClass['5xx'] ?? 0);
  return ((failed + (byClass.noResponse ?? 0)) / total) * 100;
}

const RANK: Record<HealthStatus, number> = {
  na: 0,
  healthy: 1,
  degraded: 2,
  notReady: 3,
  failure: 4,
};

/** The worse of two health results. */
export function worst<T extends { status: HealthStatus }>(a: T, b: T): T {
  return RANK[b.status] > RANK[a.status] ? b : a;
}

/** A response class's share of `total`, in percent. */
const percentOf = (byClass: Readonly<Record<string, number>>, cls: string, total: number) =>
  ((byClass[cls] ?? 0) / total) * 100;

const HEALTHY: { status: HealthStatus; reason?: string } = Object.freeze({ status: 'healthy' });
const NA: { status: HealthStatus; reason?: string } = Object.freeze({ status: 'na' });

function judge(
  percent: number,
  tolerance: Tolerance,
  what: string,
): { status: HealthStatus; reason?: string } {
  // Most traffic is healthy: the reason's text is made only for traffic that is not.
  if (!(percent > 0)) return HEALTHY;
  if (percent >= tolerance.failure)
    return { status: 'failure', reason: `${what} ${percent.toFixed(1)}%` };
  if (percent >= tolerance.degraded)
    return { status: 'degraded', reason: `${what} ${percent.toFixed(1)}%` };
  return HEALTHY;
}

/** A p95 against the latency tolerance: `p95 7.4 s ≥ 1 s`. */
function judgeLatency(
  p95Ms: number | undefined,
  tolerance: Partial<Tolerance> | undefined,
): { status: HealthStatus; reason?: string } {
  if (p95Ms === undefined || !tolerance) return HEALTHY;
  const text = (limit: number) => `p95 ${formatMs(p95Ms)} ≥ ${formatMs(limit)}`;
  if (tolerance.failure !== undefined && p95Ms >= tolerance.failure)
    return { status: 'failure', reason: text(tolerance.failure) };
  if (tolerance.degraded !== undefined && p95Ms >= tolerance.degraded)
    return { status: 'degraded', reason: text(tolerance.degraded) };
  return HEALTHY;
}

/**
 * Health of a stream of requests from its rates by class and, when a latency tolerance is
 * configured, its p95; `na` without requests (or for TCP).
 */
export function trafficHealth(
  protocol: Protocol,
  byClass: Readonly<Record<string, number>>,
  total: number,
  tolerances: Tolerances = DEFAULT_TOLERANCES,
  p95Ms?: number,
): { status: HealthStatus; reason?: string } {
  if (protocol === 'tcp' || !(total > 0)) return NA;
  // Written out, not a list of checks reduced: this runs for every node and edge.
  let health =
    protocol === 'grpc'
      ? judge(percentOf(byClass, 'error', total), tolerances.grpcError, 'gRPC errors')
      : worst(
          judge(percentOf(byClass, '5xx', total), tolerances.http5xx, '5xx'),
          judge(percentOf(byClass, '4xx', total), tolerances.http4xx, '4xx'),
        );
  health = worst(
    health,
    judge(percentOf(byClass, 'noResponse', total), tolerances.noResponse, 'no response'),
  );
  if (tolerances.p95Ms) health = worst(health, judgeLatency(p95Ms, tolerances.p95Ms));
  return health;
}
