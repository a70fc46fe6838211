/**
 * Where an entry's latency comes from, from Istio's request-duration metrics alone.
 *
 * Every proxy reports each request it sees with its duration: the callee's proxy (reporter
 * `destination`) the time the callee took to answer, the caller's proxy (reporter `source`)
 * that plus the time spent in the caller's proxy and on the network — which is where Istio's
 * fault delays, retries and connection-pool queueing live. From the means (`_sum / _count`)
 * of both, per edge:
 *
 * - a node's inbound time (destination-reported) is split into its calls (calls per inbound
 *   request × their source-reported time) and the rest, its own time;
 * - a call's source-reported time is split into the caller's proxy and network (source minus
 *   destination) and the callee's inbound time, which is split again at the callee.
 *
 * Starting from the entry's own mean, the time flows down the call graph and every
 * millisecond lands on exactly one contributor, so the parts add up to the entry's mean. That
 * assumes a node makes its calls one after another; when its calls add up to more than its
 * own time they overlapped, and they share its time in proportion. How parallel they were is
 * not in the metrics, so each node's own time is also given as a range: from calls fully in
 * sequence (lowest) to the longest call alone (highest).
 *
 * Pure: samples in, ranking out.
 */

/** One edge's timings between two graph nodes, both reporters, averaged over the window. */
export interface EdgeTiming {
  source: string;
  target: string;
  /** Requests/s and their mean duration as the caller's proxy saw them. */
  sourceRate: number;
  sourceMeanMs?: number;
  /** The same from the callee's proxy (absent when the callee has no sidecar). */
  destinationRate: number;
  destinationMeanMs?: number;
  /** Source-reported requests/s by Envoy response flag (`DI`, `URX`, `UO`, `UT`, …). */
  flagRates: Readonly<Record<string, number>>;
}

export type ContributorPart = 'service' | 'callerProxy';

export interface Contributor {
  /** The node whose own time this is, or the callee of the call whose proxy time it is. */
  node: string;
  part: ContributorPart;
  /** `callerProxy`: the node whose proxy (and the network after it) held the call. */
  caller?: string;
  /** Milliseconds of the entry's mean request spent here. */
  ms: number;
  /** `ms` over the entry's mean. */
  share: number;
  /** Times an entry request reaches this node (or makes this call), on average. */
  visits: number;
  /** `service`: the node's own time per request it answers, from calls in sequence to the
   * longest call alone. */
  ownMs?: { min: number; max: number };
  evidence: string[];
}

export interface Attribution {
  entry: string;
  /** The entry's mean, ms: destination-reported, or for a root (a gateway) its calls' mean. */
  entryMs: number;
  /** Requests/s entering at the entry. */
  entryRate: number;
  contributors: Contributor[];
}

interface NodeTimes {
  /** Inbound requests/s and their mean (destination-reported). */
  rateIn: number;
  meanIn: number;
  outbound: EdgeTiming[];
}

/** Envoy response flags worth naming as evidence, and what they mean. */
export const FLAG_TEXT: Readonly<Record<string, string>> = {
  DI: 'fault delay injected (DI)',
  URX: 'upstream retry limit exceeded (URX)',
  UO: 'upstream overflow: circuit breaking (UO)',
  UT: 'upstream request timeout (UT)',
  UF: 'upstream connection failure (UF)',
  UH: 'no healthy upstream (UH)',
};

function percent(part: number, whole: number): string {
  const p = (part / whole) * 100;
  return p >= 10 || p === 0 ? `${Math.round(p)} %` : `${p.toFixed(1)} %`;
}

function flagEvidence(edge: EdgeTiming): string[] {
  const out: string[] = [];
  if (!(edge.sourceRate > 0)) return out;
  const byFlag = new Map<string, number>();
  for (const [flags, rate] of Object.entries(edge.flagRates))
    for (const flag of flags.split(','))
      if (FLAG_TEXT[flag]) byFlag.set(flag, (byFlag.get(flag) ?? 0) + rate);
  for (const [flag, rate] of [...byFlag].sort((a, b) => b[1] - a[1]))
    out.push(`${FLAG_TEXT[flag]} on ${percent(rate, edge.sourceRate)} of calls`);
  return out;
}

const weightedMean = (parts: readonly { rate: number; mean?: number }[]): number => {
  let rate = 0;
  let total = 0;
  for (const p of parts) {
    if (!(p.rate > 0) || p.mean === undefined || !Number.isFinite(p.mean)) continue;
    rate += p.rate;
    total += p.rate * p.mean;
  }
  return rate > 0 ? total / rate : 0;
};

/** Each node's inbound figures and outbound calls. */
function nodeTimes(edges: readonly EdgeTiming[]): Map<string, NodeTimes> {
  const inbound = new Map<string, EdgeTiming[]>();
  const nodes = new Map<string, NodeTimes>();
  const node = (id: string): NodeTimes => {
    let found = nodes.get(id);
    if (!found) nodes.set(id, (found = { rateIn: 0, meanIn: 0, outbound: [] }));
    return found;
  };
  for (const edge of edges) {
    node(edge.source).outbound.push(edge);
    node(edge.target);
    const into = inbound.get(edge.target);
    if (into) into.push(edge);
    else inbound.set(edge.target, [edge]);
  }
  for (const [id, times] of nodes) {
    const ins = inbound.get(id) ?? [];
    times.rateIn = ins.reduce((sum, e) => sum + e.destinationRate, 0);
    times.meanIn = weightedMean(
      ins.map((e) => ({ rate: e.destinationRate, mean: e.destinationMeanMs })),
    );
  }
  return nodes;
}

/** The roots among the edges (callers that nobody calls), busiest first: default entries. */
export function entryCandidates(edges: readonly EdgeTiming[]): string[] {
  const called = new Set(
    edges.filter((e) => e.destinationRate > 0 || e.sourceRate > 0).map((e) => e.target),
  );
  const out = new Map<string, number>();
  for (const e of edges)
    if (!called.has(e.source)) out.set(e.source, (out.get(e.source) ?? 0) + e.sourceRate);
  return [...out].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

/**
 * The nodes reachable from `entry` in an order where every node comes after all its callers
 * on the way from the entry; calls back into the current path (cycles) are left out.
 */
function callOrder(
  entry: string,
  nodes: ReadonlyMap<string, NodeTimes>,
): {
  order: string[];
  kept: Set<EdgeTiming>;
} {
  const kept = new Set<EdgeTiming>();
  const onPath = new Set<string>();
  const done = new Set<string>();
  const post: string[] = [];
  const visit = (id: string): void => {
    onPath.add(id);
    for (const edge of nodes.get(id)?.outbound ?? []) {
      if (onPath.has(edge.target)) continue;
      kept.add(edge);
      if (!done.has(edge.target)) visit(edge.target);
    }
    onPath.delete(id);
    done.add(id);
    post.push(id);
  };
  visit(entry);
  return { order: post.reverse(), kept };
}

/**
 * Ranks where the mean request entering at `entry` spends its time: each node's own time and
 * each call's time in the caller's proxy and network, largest first, adding up to the entry's
 * mean. Undefined when the entry has no traffic in the edges.
 */
export function attributeLatency(
  edges: readonly EdgeTiming[],
  entry: string,
): Attribution | undefined {
  const nodes = nodeTimes(edges);
  const start = nodes.get(entry);
  if (!start) return undefined;
  // A root (a gateway, a job) reports no inbound requests: its calls are its requests.
  const root = !(start.rateIn > 0);
  const rootRate = start.outbound.reduce((sum, e) => sum + e.sourceRate, 0);
  const entryRate = root ? rootRate : start.rateIn;
  const entryMs = root
    ? weightedMean(start.outbound.map((e) => ({ rate: e.sourceRate, mean: e.sourceMeanMs })))
    : start.meanIn;
  if (!(entryRate > 0) || !(entryMs > 0)) return undefined;

  const { order, kept } = callOrder(entry, nodes);
  // Milliseconds of the entry's mean request spent inside each node (from its proxy's view),
  // and how often an entry request reaches it.
  const inside = new Map<string, number>([[entry, entryMs]]);
  const visits = new Map<string, number>([[entry, 1]]);
  const found = new Map<string, Contributor>();
  const add = (key: string, make: () => Contributor, ms: number, visitsHere: number) => {
    let c = found.get(key);
    if (!c) found.set(key, (c = make()));
    c.ms += ms;
    c.visits += visitsHere;
  };

  for (const id of order) {
    const times = nodes.get(id);
    const ms = inside.get(id) ?? 0;
    const seen = visits.get(id) ?? 0;
    if (!times || !(ms > 0)) continue;
    const isRoot = id === entry && root;
    const rateIn = isRoot ? rootRate : times.rateIn;
    const meanIn = isRoot ? entryMs : times.meanIn;
    const calls = times.outbound
      .filter((e) => kept.has(e) && e.sourceRate > 0 && (e.sourceMeanMs ?? 0) > 0)
      .map((e) => ({ edge: e, perRequest: rateIn > 0 ? e.sourceRate / rateIn : 0 }));
    const waits = calls.map((c) => c.perRequest * (c.edge.sourceMeanMs ?? 0));
    const sequential = waits.reduce((a, b) => a + b, 0);
    const longest = Math.max(0, ...waits);
    // Calls that add up to more than the node's own time overlapped: they share it.
    const denominator = Math.max(meanIn, sequential);
    if (!isRoot && meanIn > 0) {
      add(
        `service ${id}`,
        () => ({
          node: id,
          part: 'service',
          ms: 0,
          share: 0,
          visits: 0,
          ownMs: { min: Math.max(0, meanIn - sequential), max: Math.max(0, meanIn - longest) },
          evidence: [],
        }),
        denominator > 0 ? (ms * Math.max(0, meanIn - sequential)) / denominator : ms,
        seen,
      );
    }
    for (const [i, { edge, perRequest }] of calls.entries()) {
      const callMs = denominator > 0 ? (ms * (waits[i] ?? 0)) / denominator : 0;
      const sourceMean = edge.sourceMeanMs ?? 0;
      // The callee's time per call: its attempts per call (retries add some; calls its
      // caller's proxy answered itself, none) × their mean. Without the callee's report (no
      // sidecar there) the whole call is the callee's.
      const reported = edge.destinationRate > 0 && edge.destinationMeanMs !== undefined;
      const attempts = reported ? edge.destinationRate / edge.sourceRate : 1;
      const calleeMs = reported
        ? Math.min(sourceMean, attempts * (edge.destinationMeanMs ?? 0))
        : sourceMean;
      const proxyShare = (sourceMean - calleeMs) / sourceMean;
      const callVisits = seen * perRequest;
      if (proxyShare > 0)
        add(
          `proxy ${edge.source} ${edge.target}`,
          () => ({
            node: edge.target,
            part: 'callerProxy',
            caller: edge.source,
            ms: 0,
            share: 0,
            visits: 0,
            evidence: flagEvidence(edge),
          }),
          callMs * proxyShare,
          callVisits,
        );
      const intoCallee = callMs * (1 - proxyShare);
      if (!reported) {
        add(
          `service ${edge.target}`,
          () => ({
            node: edge.target,
            part: 'service',
            ms: 0,
            share: 0,
            visits: 0,
            evidence: ['no report from its own proxy: its time includes the network'],
          }),
          intoCallee,
          callVisits,
        );
        continue;
      }
      inside.set(edge.target, (inside.get(edge.target) ?? 0) + intoCallee);
      visits.set(edge.target, (visits.get(edge.target) ?? 0) + callVisits * attempts);
    }
  }

  const contributors = [...found.values()]
    .map((c) => ({ ...c, share: c.ms / entryMs }))
    // A node whose calls overlapped keeps its place with 0 ms: its range says what it may own.
    .filter((c) => c.ms > 0 || (c.ownMs?.max ?? 0) > 0)
    .sort((a, b) => b.ms - a.ms || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  return { entry, entryMs, entryRate, contributors };
}
