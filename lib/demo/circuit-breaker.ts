/**
 * What each caller's proxy remembers between requests, as Envoy does per upstream cluster:
 * connection-pool occupancy (circuit breaking) and consecutive failures per host (outlier
 * detection). The demo's simulator asks it before every call and tells it after.
 *
 * Times are absolute ms. Requests arrive nearly in time order (each request's calls are
 * simulated when it enters the mesh), which this model assumes.
 * @see https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking
 * @see https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier
 */
import type { TrafficPolicy } from '../contracts/routing-model';

/** Istio's defaults: effectively unlimited pools; 30 s ejections of at most 10 % of hosts. */
const UNLIMITED = 2 ** 32 - 1;
const DEFAULT_BASE_EJECTION_MS = 30_000;
const DEFAULT_MAX_EJECTION_PERCENT = 10;
/** Above this many concurrent requests a pool is not tracked slot by slot (nothing overflows). */
const MAX_TRACKED_SLOTS = 10_000;

type Pool = NonNullable<TrafficPolicy['connectionPool']>;
type Outlier = NonNullable<TrafficPolicy['outlierDetection']>;

export type Admission =
  { kind: 'send'; atMs: number; release: (endMs: number) => void } | { kind: 'overflow' };

interface PoolState {
  /** When each connection (HTTP/1.1: one request at a time) is free again. */
  busyUntil: number[];
  /** Requests waiting for a connection: from when until when. */
  pending: { fromMs: number; untilMs: number }[];
}

interface HostState {
  consecutive5xx: number;
  consecutiveGateway: number;
  ejectedUntilMs: number;
  ejections: number;
}

export class ProxyState {
  private readonly pools = new Map<string, PoolState>();
  private readonly hosts = new Map<string, Map<string, HostState>>();

  /**
   * Asks for a connection of cluster `key` at `atMs`: at once when one is free, after the
   * earliest one frees when the pending queue has room (`http1MaxPendingRequests`), otherwise
   * overflow (Envoy answers 503 `UO`). `release` returns the connection when the call ends.
   */
  admit(key: string, pool: Pool | undefined, atMs: number): Admission {
    const capacity = Math.min(
      pool?.maxConnections ?? UNLIMITED,
      pool?.http2MaxRequests ?? UNLIMITED,
    );
    if (capacity > MAX_TRACKED_SLOTS) return { kind: 'send', atMs, release: () => undefined };
    const state = this.pools.get(key) ?? { busyUntil: [], pending: [] };
    this.pools.set(key, state);
    while (state.busyUntil.length < capacity) state.busyUntil.push(0);
    state.busyUntil.length = capacity;
    state.pending = state.pending.filter((p) => p.untilMs > atMs);

    let slot = 0;
    for (let i = 1; i < state.busyUntil.length; i += 1)
      if ((state.busyUntil[i] ?? 0) < (state.busyUntil[slot] ?? 0)) slot = i;
    const freeAt = Math.max(atMs, state.busyUntil[slot] ?? 0);
    if (freeAt > atMs) {
      const waiting = state.pending.filter((p) => p.fromMs <= atMs).length;
      if (waiting >= (pool?.http1MaxPendingRequests ?? UNLIMITED)) return { kind: 'overflow' };
      state.pending.push({ fromMs: atMs, untilMs: freeAt });
    }
    // Held from now: a later caller sees it busy even before this call's end is known.
    state.busyUntil[slot] = Number.POSITIVE_INFINITY;
    return {
      kind: 'send',
      atMs: freeAt,
      release: (endMs) => {
        state.busyUntil[slot] = endMs;
      },
    };
  }

  /** The hosts of cluster `key` not ejected at `atMs`. */
  healthy<T extends { name: string }>(key: string, candidates: readonly T[], atMs: number): T[] {
    const hosts = this.hosts.get(key);
    return hosts
      ? candidates.filter((c) => (hosts.get(c.name)?.ejectedUntilMs ?? 0) <= atMs)
      : [...candidates];
  }

  /**
   * Records a host's answer; ejects it after enough consecutive 5xx (or 502/503/504), for
   * the base ejection time × the times it was ejected, unless that would eject more than
   * `maxEjectionPercent` of the cluster's hosts (Envoy always allows one).
   */
  report(
    key: string,
    host: string,
    hostCount: number,
    code: number,
    outlier: Outlier | undefined,
    atMs: number,
  ): void {
    if (!outlier) return;
    const hosts = this.hosts.get(key) ?? new Map<string, HostState>();
    this.hosts.set(key, hosts);
    const state = hosts.get(host) ?? {
      consecutive5xx: 0,
      consecutiveGateway: 0,
      ejectedUntilMs: 0,
      ejections: 0,
    };
    hosts.set(host, state);
    const gateway = code === 502 || code === 503 || code === 504;
    state.consecutive5xx = code >= 500 ? state.consecutive5xx + 1 : 0;
    state.consecutiveGateway = gateway ? state.consecutiveGateway + 1 : 0;
    const tripped =
      (outlier.consecutive5xxErrors !== undefined &&
        outlier.consecutive5xxErrors > 0 &&
        state.consecutive5xx >= outlier.consecutive5xxErrors) ||
      (outlier.consecutiveGatewayErrors !== undefined &&
        outlier.consecutiveGatewayErrors > 0 &&
        state.consecutiveGateway >= outlier.consecutiveGatewayErrors);
    if (!tripped || state.ejectedUntilMs > atMs) return;
    const ejected = [...hosts.values()].filter((h) => h.ejectedUntilMs > atMs).length;
    const percent = outlier.maxEjectionPercent ?? DEFAULT_MAX_EJECTION_PERCENT;
    const allowed = Math.max(1, Math.floor((hostCount * percent) / 100));
    if (percent === 0 || ejected >= allowed) return;
    state.ejections += 1;
    state.ejectedUntilMs =
      atMs + (outlier.baseEjectionTimeMs ?? DEFAULT_BASE_EJECTION_MS) * state.ejections;
    state.consecutive5xx = 0;
    state.consecutiveGateway = 0;
  }
}
