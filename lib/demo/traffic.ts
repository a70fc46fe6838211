import type { ProxyState } from './circuit-breaker';
import { logNormal, type Random } from './random';
import { defaultRouter, type Router } from './routing';
import { callsFrom, findWorkload, type DemoTopology, type DemoWorkload } from './topology';

/** One proxied call between two workloads, as the sidecars would see it. */
/** Which proxy reports a hop's metrics. */
/** Who reports a hop: the caller's proxy, the destination's, or (ambient) its waypoint. */
export type Reporter = 'source' | 'destination' | 'waypoint';

export interface Hop {
  source: DemoWorkload;
  /** The workload that answered; `name: 'unknown'` when the caller's proxy answered itself. */
  destination: DemoWorkload;
  protocol: 'http' | 'grpc' | 'tcp';
  /** HTTP status; 0 means no response (Istio reports it as `response_code="0"`). */
  responseCode: number;
  /** gRPC: the call's status (0 OK, 14 UNAVAILABLE) and the messages each way. */
  grpc?: { status: number; requestMessages: number; responseMessages: number };
  /** Envoy response flags, `-` when none. */
  responseFlags: string;
  /** Time the destination sidecar measured. */
  destinationDurationMs: number;
  /** Time the source sidecar measured: the destination's plus the network. */
  sourceDurationMs: number;
  requestBytes: number;
  responseBytes: number;
  /** When the source sidecar sent the call, in ms after the request entered the mesh. */
  startMs: number;
  /**
   * When the destination sidecar received it (same clock); undefined for local replies. After
   * an injected delay or failed attempts this is well after `startMs`: the caller's proxy held
   * the request first.
   */
  serverStartMs?: number;
  /** Index of the hop that delivered the request to `source`; -1 for the entry's own calls. */
  parent: number;
  /**
   * Which proxies report it: both (default); only the source for a reply its own proxy made
   * (fault abort, no route); only the destination for a retried attempt or a mirrored copy.
   */
  reporters?: readonly Reporter[];
  /** A destination-only hop's client side: the hop whose client span covers it. */
  clientHop?: number;
  /** A mirrored copy: Envoy sends it with `-shadow` appended to the host. */
  mirrored?: boolean;
  /** What the destination saw when it differs from the source (the source timed out first). */
  destinationResponse?: { code: number; flags: string };
}

export interface TrafficOptions {
  /** Probability that a workload fails a request it receives (HTTP 500), 0..1. */
  errorRate: number;
  /** Where calls go; default: each Service balances over its workloads. */
  router?: Router;
  /** Request headers the client sent (e.g. `end-user`), seen by route matches. */
  headers?: Readonly<Record<string, string>>;
  /**
   * The proxies' memory across requests (connection pools, outlier detection) and the
   * absolute time (ms) the request entered the mesh; without them no circuit ever breaks.
   */
  proxies?: ProxyState;
  nowMs?: number;
  /** Extra processing time per workload name (a slow service), ms. */
  slowMs?: ReadonlyMap<string, number>;
}

const NETWORK_MS = 0.4;
/** Bytes of Envoy's local replies (`fault filter abort`, `no healthy upstream`). */
const LOCAL_REPLY_BYTES = 18;

/** Stands for "a workload of this service we never reached", as Istio labels it. */
const unknownBehind = (service: DemoWorkload): DemoWorkload => ({
  ...service,
  name: 'unknown',
  app: 'unknown',
  version: 'unknown',
  serviceAccount: 'unknown',
});

/**
 * Walks the call tree for one request entering at the topology's entry workload and returns
 * every hop it caused, parents before children. Pure: all randomness comes from `random`.
 * With the default router and no headers, the draws are those of plain weighted balancing.
 */
export function simulateRequest(
  topology: DemoTopology,
  random: Random,
  options: TrafficOptions,
): Hop[] {
  const hops: Hop[] = [];
  const router = options.router ?? defaultRouter(topology);
  const headers = options.headers ?? {};
  const reserve = (): number => {
    // Reserve the hop's slot first so parents precede children in the output.
    hops.push(undefined as unknown as Hop);
    return hops.length - 1;
  };

  /**
   * Handles a request that reached `workload` at `startMs` through hop `parent`; returns how
   * long it took there, children included. Calls go out one after another, starting halfway
   * through the workload's own processing.
   */
  const handle = (workload: DemoWorkload, startMs: number, parent: number): number => {
    const own =
      logNormal(random, workload.latency.medianMs, workload.latency.sigma) +
      (options.slowMs?.get(workload.name) ?? 0);
    let elapsed = own;
    let cursor = startMs + own / 2;
    for (const call of callsFrom(topology, workload.name)) {
      if (call.probability !== undefined && random.next() >= call.probability) continue;
      const decision = router(workload, call, headers, random);
      const service = findWorkload(topology, call.to[0]?.workload ?? '');
      /** The caller's proxy answers itself (fault abort, no route, overflow, no healthy host). */
      const localReply = (responseCode: number, flags: string, waitedMs: number): void => {
        const duration = waitedMs + 0.05;
        hops[reserve()] = {
          source: workload,
          destination: unknownBehind(service),
          protocol: service.protocol,
          responseCode,
          responseFlags: decision.delayMs > 0 ? `DI,${flags}` : flags,
          destinationDurationMs: 0,
          sourceDurationMs: duration,
          requestBytes: 0,
          responseBytes: LOCAL_REPLY_BYTES,
          startMs: cursor,
          parent,
          reporters: ['source'],
        };
        elapsed += duration;
        cursor += duration;
      };
      if (decision.kind === 'local-reply') {
        localReply(decision.responseCode, decision.responseFlags, decision.delayMs);
        continue;
      }

      // Attempts run one after another; failed ones are seen only by their destination.
      let target = decision.target;
      let sentAt = cursor + decision.delayMs;
      // Circuit breaking and outlier detection, per caller proxy and upstream cluster.
      const { proxies, nowMs } = options;
      const cluster = proxies && nowMs !== undefined ? decision.cluster : undefined;
      const poolKey = cluster && `${workload.namespace}/${workload.name}->${cluster.name}`;
      let release: ((endMs: number) => void) | undefined;
      if (cluster && poolKey && proxies && nowMs !== undefined) {
        const healthy = proxies.healthy(poolKey, cluster.hosts, nowMs + sentAt);
        if (healthy.length === 0) {
          localReply(503, 'UH', decision.delayMs);
          continue;
        }
        if (!healthy.includes(target))
          target = healthy[Math.floor(random.next() * healthy.length)] as DemoWorkload;
        const admission = proxies.admit(poolKey, cluster.policy.connectionPool, nowMs + sentAt);
        if (admission.kind === 'overflow') {
          localReply(503, 'UO', decision.delayMs);
          continue;
        }
        // Queued for a free connection (http1MaxPendingRequests): the caller waits.
        sentAt = admission.atMs - nowMs;
        release = admission.release;
      }
      const attempts: number[] = [];
      let index = reserve();
      for (;;) {
        const failed =
          target.protocol !== 'tcp' && random.next() < (target.errorRate ?? options.errorRate);
        const destinationDurationMs = failed
          ? logNormal(random, target.latency.medianMs, target.latency.sigma)
          : handle(target, sentAt + NETWORK_MS / 2, index);
        const hop: Hop = {
          source: workload,
          destination: target,
          protocol: target.protocol,
          // A failing gRPC server answers HTTP 200 with grpc-status UNAVAILABLE (14).
          responseCode:
            target.protocol === 'tcp' ? 0 : failed && target.protocol === 'http' ? 500 : 200,
          ...(target.protocol === 'grpc'
            ? {
                grpc: {
                  status: failed ? 14 : 0,
                  requestMessages: 1,
                  responseMessages: failed ? 0 : (target.responseMessages ?? 1),
                },
              }
            : {}),
          responseFlags: '-',
          destinationDurationMs,
          sourceDurationMs: destinationDurationMs + NETWORK_MS,
          requestBytes: target.protocol === 'tcp' ? 60 : 0,
          responseBytes: failed ? 56 : Math.round(logNormal(random, target.responseBytes, 0.1)),
          startMs: sentAt,
          serverStartMs: sentAt + NETWORK_MS / 2,
          parent,
        };
        hops[index] = hop;
        if (cluster && poolKey && nowMs !== undefined)
          proxies?.report(
            poolKey,
            target.name,
            cluster.hosts.length,
            hop.responseCode,
            cluster.policy.outlierDetection,
            nowMs + sentAt + NETWORK_MS / 2 + destinationDurationMs,
          );
        if (!failed || attempts.length >= decision.retries) break;
        attempts.push(index);
        sentAt += hop.sourceDurationMs;
        target = decision.repick();
        index = reserve();
      }
      const final = hops[index] as Hop;
      if (nowMs !== undefined) release?.(nowMs + sentAt + final.destinationDurationMs + NETWORK_MS);
      for (const attempt of attempts)
        hops[attempt] = { ...(hops[attempt] as Hop), reporters: ['destination'], clientHop: index };
      // The source proxy saw one request: from the first send to the last answer.
      final.startMs = cursor;
      final.sourceDurationMs = sentAt - cursor + final.destinationDurationMs + NETWORK_MS;
      if (decision.delayMs > 0) {
        // The fault lives in the caller's proxy: only its report carries DI; the destination
        // saw an ordinary request, later.
        final.destinationResponse = { code: final.responseCode, flags: final.responseFlags };
        final.responseFlags = 'DI';
      }
      if (decision.timeoutMs !== undefined && final.sourceDurationMs > decision.timeoutMs) {
        const seenByDestination = final.destinationResponse ?? {
          code: final.responseCode,
          flags: '-',
        };
        // Envoy gives up at the route timeout: 504 with UT to the caller.
        final.sourceDurationMs = decision.timeoutMs;
        final.responseCode = 504;
        final.responseFlags = decision.delayMs > 0 ? 'DI,UT' : 'UT';
        final.responseBytes = 24;
        // The destination finished its answer anyway and reported it as it saw it.
        final.destinationResponse = seenByDestination;
      }
      if (decision.mirror) {
        // The copy goes out with the request and nobody waits for it.
        const mirrorIndex = reserve();
        const destinationDurationMs = handle(decision.mirror, cursor + NETWORK_MS / 2, mirrorIndex);
        hops[mirrorIndex] = {
          ...final,
          destination: decision.mirror,
          responseCode: 200,
          responseFlags: '-',
          destinationDurationMs,
          sourceDurationMs: destinationDurationMs + NETWORK_MS,
          serverStartMs: cursor + NETWORK_MS / 2,
          destinationResponse: undefined,
          mirrored: true,
          reporters: ['destination'],
          clientHop: index,
        };
      }
      elapsed += final.sourceDurationMs;
      cursor += final.sourceDurationMs;
    }
    return elapsed;
  };

  handle(findWorkload(topology, topology.entry), 0, -1);
  return hops;
}
