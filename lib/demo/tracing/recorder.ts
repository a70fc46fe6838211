import type { Span } from '../../traces/model';
import type { Random } from '../random';
import type { DemoTopology } from '../topology';
import type { Hop } from '../traffic';
import { spanBuilder, tracingServiceOf, type RecordedTrace } from './spans';

export interface TraceRecorderOptions {
  topology: DemoTopology;
  /** Decides sampling and draws ids; separate from the traffic's source so metrics stay the same. */
  random: Random;
  /** Fraction of requests traced, 0..1. */
  samplingRate: number;
  /** Traces kept; the oldest go first. */
  capacity: number;
}

/** A search over recorded traces, in the Jaeger sense: spans of `service` that match. */
export interface DemoTraceSearch {
  service: string;
  operation?: string;
  startUs: number;
  endUs: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  /** Every tag must equal (as text) an attribute of the same span. */
  tags?: Record<string, string>;
  limit: number;
}

/** A version-4 UUID, as Envoy generates for `x-request-id`. */
const requestIdFrom = (random: Random): string =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;

const hex = (random: Random, digits: number): string => {
  let out = '';
  while (out.length < digits)
    out += Math.floor(random.next() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, digits);
};

/**
 * The demo's trace store: samples requests, keeps the newest `capacity` in a ring buffer and
 * answers Jaeger-style searches over them.
 */
export class TraceRecorder {
  private readonly ring: (RecordedTrace | undefined)[];
  private next = 0;
  private count = 0;
  private readonly byId = new Map<string, RecordedTrace>();
  readonly toSpans: (trace: RecordedTrace) => Span[];
  /** Tracing service names, as Istio names proxies. */
  readonly services: string[];

  constructor(private readonly options: TraceRecorderOptions) {
    this.ring = new Array<RecordedTrace | undefined>(options.capacity);
    this.toSpans = spanBuilder(options.topology);
    // Proxies that speak HTTP report spans; a TCP-only workload (mongodb) never does, nor an
    // ambient one (its waypoint does).
    this.services = [
      ...new Set(
        options.topology.workloads
          .filter((w) => w.protocol !== 'tcp' && (w.dataplane !== 'ambient' || w.isWaypoint))
          .map(tracingServiceOf),
      ),
    ].sort();
  }

  /** Traces currently held. */
  get size(): number {
    return this.count;
  }

  /**
   * Offers one simulated request; it is kept when sampled. Each call the entry makes is a
   * trace of its own, as the gateway forwards each request on its own. Returns the
   * `x-request-id` each hop carried: one per call tree, the kept trace's own when sampled (its
   * spans carry it as `guid:x-request-id`, and so do the proxies' access logs).
   */
  record(hops: Hop[], startMs: number): (hop: number) => string {
    const { random, samplingRate, capacity } = this.options;
    const roots = rootsOf(hops);
    const ids = new Map<number, string>();
    const requestIdOf = (hop: number): string => {
      const root = roots[hop] ?? hop;
      let id = ids.get(root);
      if (id === undefined) ids.set(root, (id = requestIdFrom(random)));
      return id;
    };
    if (capacity === 0 || random.next() >= samplingRate) return requestIdOf;
    for (const tree of byRootHop(hops, roots))
      if (tree.hops.some((h) => h.protocol !== 'tcp'))
        this.keep(tree.hops, startMs, requestIdOf(tree.root));
    return requestIdOf;
  }

  private keep(hops: Hop[], startMs: number, requestId: string): void {
    const { random, capacity } = this.options;
    const trace: RecordedTrace = {
      traceId: hex(random, 32),
      startMs,
      hops,
      spanIds: hops.flatMap(() => [hex(random, 16), hex(random, 16)]),
      requestId,
    };
    const evicted = this.ring[this.next];
    if (evicted) this.byId.delete(evicted.traceId);
    this.ring[this.next] = trace;
    this.byId.set(trace.traceId, trace);
    this.next = (this.next + 1) % capacity;
    this.count = Math.min(this.count + 1, capacity);
  }

  get(traceId: string): Span[] | undefined {
    const trace = this.byId.get(traceId);
    return trace && this.toSpans(trace);
  }

  /** Operations a service's spans carry, with their kind. */
  operations(service: string): { name: string; spanKind: string }[] {
    const seen = new Map<string, string>();
    for (const trace of this.newestFirst()) {
      for (const span of this.toSpans(trace))
        if (span.service === service) seen.set(`${span.kind} ${span.operation}`, span.kind);
      if (seen.size > 50) break;
    }
    return [...seen]
      .map(([key, spanKind]) => ({ name: key.slice(spanKind.length + 1), spanKind }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Newest traces with a span matching the search, at most `limit`. */
  search(query: DemoTraceSearch): Span[][] {
    const results: Span[][] = [];
    for (const trace of this.newestFirst()) {
      if (results.length >= query.limit) break;
      const startUs = trace.startMs * 1000;
      if (startUs < query.startUs || startUs > query.endUs) continue;
      const spans = this.toSpans(trace);
      if (spans.some((span) => matches(span, query))) results.push(spans);
    }
    return results;
  }

  private *newestFirst(): Generator<RecordedTrace> {
    const { capacity } = this.options;
    for (let i = 1; i <= this.count; i += 1) {
      const trace = this.ring[(this.next - i + capacity) % capacity];
      if (trace) yield trace;
    }
  }
}

/** For each hop, the index of the entry's call it descends from (its call tree's root). */
function rootsOf(hops: readonly Hop[]): number[] {
  const roots: number[] = [];
  hops.forEach((hop, i) => roots.push(hop.parent < 0 ? i : (roots[hop.parent] ?? i)));
  return roots;
}

/**
 * A request's hops split by the entry's call they descend from (`root`), each renumbered from 0
 * (a hop's parent and client hop come before it).
 */
export function byRootHop(
  hops: Hop[],
  roots: readonly number[] = rootsOf(hops),
): { root: number; hops: Hop[] }[] {
  const trees = new Map<number, number[]>();
  hops.forEach((_, i) => {
    const root = roots[i] ?? i;
    const tree = trees.get(root);
    if (tree) tree.push(i);
    else trees.set(root, [i]);
  });
  if (trees.size <= 1) return [{ root: 0, hops }];
  return [...trees].map(([root, indices]) => {
    const renumbered = new Map(indices.map((old, index) => [old, index]));
    return {
      root,
      hops: indices.map((i) => {
        const hop = hops[i] as Hop;
        return {
          ...hop,
          parent: renumbered.get(hop.parent) ?? -1,
          ...(hop.clientHop === undefined ? {} : { clientHop: renumbered.get(hop.clientHop) }),
        };
      }),
    };
  });
}

function matches(span: Span, query: DemoTraceSearch): boolean {
  if (span.service !== query.service) return false;
  if (query.operation && span.operation !== query.operation) return false;
  if (query.minDurationUs !== undefined && span.durationUs < query.minDurationUs) return false;
  if (query.maxDurationUs !== undefined && span.durationUs > query.maxDurationUs) return false;
  return Object.entries(query.tags ?? {}).every(([key, value]) =>
    span.attributes.some((a) => a.key === key && String(a.value) === value),
  );
}
