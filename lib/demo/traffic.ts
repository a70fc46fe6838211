import { findWorkload, type DemoTopology, type DemoWorkload } from './topology';
import { logNormal, pickWeighted, type Random } from './random';

/** One proxied call between two workloads, as both sidecars would see it. */
export interface Hop {
  source: DemoWorkload;
  destination: DemoWorkload;
  protocol: 'http' | 'tcp';
  /** HTTP status; 0 means no response (Istio reports it as `response_code="0"`). */
  responseCode: number;
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
  /** Index of the hop that delivered the request to `source`; -1 for the entry's own calls. */
  parent: number;
}

export interface TrafficOptions {
  /** Probability that a workload fails a request it receives (HTTP 500), 0..1. */
  errorRate: number;
}

const NETWORK_MS = 0.4;

/**
 * Walks the call tree for one request entering at the topology's entry workload and returns
 * every hop it caused, parents before children. Pure: all randomness comes from `random`.
 */
export function simulateRequest(
  topology: DemoTopology,
  random: Random,
  options: TrafficOptions,
): Hop[] {
  const hops: Hop[] = [];

  /**
   * Handles a request that reached `workload` at `startMs` through hop `parent`; returns how
   * long it took there, children included. Calls go out one after another, starting halfway
   * through the workload's own processing.
   */
  const handle = (workload: DemoWorkload, startMs: number, parent: number): number => {
    const own = logNormal(random, workload.latency.medianMs, workload.latency.sigma);
    let elapsed = own;
    let cursor = startMs + own / 2;
    for (const call of topology.calls) {
      if (call.from !== workload.name) continue;
      const target = findWorkload(topology, pickWeighted(random, call.to).workload);
      const index = hops.length;
      const failed = target.protocol === 'http' && random.next() < options.errorRate;
      // Reserve the hop's slot first so parents precede children in the output.
      hops.push(undefined as unknown as Hop);
      const destinationDurationMs = failed
        ? logNormal(random, target.latency.medianMs, target.latency.sigma)
        : handle(target, cursor + NETWORK_MS / 2, index);
      const hop: Hop = {
        source: workload,
        destination: target,
        protocol: target.protocol,
        responseCode: target.protocol === 'tcp' ? 0 : failed ? 500 : 200,
        responseFlags: '-',
        destinationDurationMs,
        sourceDurationMs: destinationDurationMs + NETWORK_MS,
        requestBytes: target.protocol === 'tcp' ? 60 : 0,
        responseBytes: failed ? 56 : Math.round(logNormal(random, target.responseBytes, 0.1)),
        startMs: cursor,
        parent,
      };
      hops[index] = hop;
      elapsed += hop.sourceDurationMs;
      cursor += hop.sourceDurationMs;
    }
    return elapsed;
  };

  handle(findWorkload(topology, topology.entry), 0, -1);
  return hops;
}
