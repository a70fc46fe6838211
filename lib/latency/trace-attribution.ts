/**
 * Where an entry's latency comes from, from sampled traces: each trace's critical path below
 * the entry's span, its time attributed to the proxy that spent it. A server span's own time
 * on the path is its workload's; a client span's own time (the client span minus the server
 * span that answered it) is the caller's proxy and the network: where Istio's fault delays,
 * retries and connection-pool queueing are. Spans that carry no Istio identity count for the
 * nearest span above them that does.
 *
 * Pure: traces in, ranking out.
 */
import type { GraphType } from '../contracts/graph';
import { peerNode } from '../graph/endpoints';
import { clusterOfNodeId } from '../graph/entity';
import { UNKNOWN } from '../graph/samples';
import { entityOfSpan, parseUpstreamCluster } from '../traces/istio';
import { attribute, type Span, type Trace } from '../traces/model';
import { FLAG_TEXT, type Contributor } from './attribution';

/** One part of one trace's critical path. */
interface Part {
  node: string;
  part: Contributor['part'];
  caller?: string;
  us: number;
  flags: Set<string>;
}

/** A part of the traces' critical paths: a metrics contributor's fields, with percentiles. */
export interface TraceContributor extends Pick<
  Contributor,
  'node' | 'part' | 'caller' | 'ms' | 'share' | 'evidence'
> {
  /** The share of traced requests whose critical path passes through it. */
  visits: number;
  /** This part's critical-path time per trace (0 where a trace has none of it). */
  p50Ms: number;
  p95Ms: number;
  /** Traces where this part took the most of the trace's time, most first. */
  exampleTraces: string[];
}

export interface TraceAttribution {
  entry: string;
  entryMs: number;
  /** Traces that passed through the entry and were attributed. */
  traces: number;
  contributors: TraceContributor[];
}

/**
 * The graph node a span's proxy stands for, for a graph type; with `byCluster` (a graph of
 * several clusters) in the cluster the span names (`istio.cluster_id`).
 */
function nodeOf(span: Span, graphType: GraphType, byCluster: boolean): string | undefined {
  const entity = entityOfSpan(span);
  if (!entity) return undefined;
  return peerNode(
    {
      cluster: entity.cluster ?? '',
      namespace: entity.namespace,
      workload: entity.workload ?? UNKNOWN,
      app: entity.app ?? '',
      version: entity.version ?? '',
    },
    graphType,
    byCluster,
  ).id;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.min(rank, sorted.length - 1)] ?? 0;
}

/**
 * One trace's critical path below the entry's first span (the earliest server span of the
 * entry's node, else its earliest span), as parts adding up to that span's duration.
 * Undefined when the trace never passes through the entry.
 */
export function traceParts(
  trace: Trace,
  entry: string,
  graphType: GraphType,
): { entryUs: number; parts: Part[] } | undefined {
  const node = new Map<Span, string | undefined>();
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  // The entry's id says whether the graph puts nodes in clusters (`…@west`).
  const byCluster = clusterOfNodeId(entry) !== undefined;
  const children = new Map<string, Span[]>();
  for (const span of trace.spans) {
    if (!span.parentSpanId || !byId.has(span.parentSpanId)) continue;
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span);
    children.set(span.parentSpanId, list);
  }
  // A span's node, or its nearest ancestor's (bounded: a parent cycle must not loop).
  const nodeOfSpan = (span: Span): string | undefined => {
    if (node.has(span)) return node.get(span);
    let found: string | undefined;
    let at: Span | undefined = span;
    for (let depth = 0; at && depth < 1000 && found === undefined; depth += 1) {
      found = nodeOf(at, graphType, byCluster);
      at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined;
    }
    node.set(span, found);
    return found;
  };
  const ofEntry = trace.spans
    .filter((s) => nodeOf(s, graphType, byCluster) === entry)
    .sort((a, b) => a.startUs - b.startUs);
  const root = ofEntry.find((s) => s.kind === 'server') ?? ofEntry[0];
  if (!root || !(root.durationUs > 0)) return undefined;

  const parts = new Map<string, Part>();
  const credit = (span: Span, us: number) => {
    if (!(us > 0)) return;
    const at = nodeOfSpan(span) ?? UNKNOWN;
    let key: string;
    let make: () => Part;
    if (span.kind === 'client') {
      const answered = (children.get(span.spanId) ?? []).find((c) => c.kind === 'server');
      const via = attribute(span, 'upstream_cluster');
      const service = typeof via === 'string' ? parseUpstreamCluster(via) : undefined;
      const callee =
        (answered && nodeOf(answered, graphType, byCluster)) ??
        (service ? `service/${service.namespace}/${service.name}` : UNKNOWN);
      key = `callerProxy ${at} ${callee}`;
      make = () => ({ node: callee, part: 'callerProxy', caller: at, us: 0, flags: new Set() });
    } else {
      key = `service  ${at}`;
      make = () => ({ node: at, part: 'service', us: 0, flags: new Set() });
    }
    let part = parts.get(key);
    if (!part) parts.set(key, (part = make()));
    part.us += us;
    const flags = attribute(span, 'response_flags');
    if (span.kind === 'client' && typeof flags === 'string')
      for (const flag of flags.split(',')) if (FLAG_TEXT[flag]) part.flags.add(flag);
  };

  // Jaeger UI's critical path: from the span's end, the child that ends last before the
  // cursor is on the path up to where it started; the gaps between are the span's own.
  // A child still running at the cursor overlapped the one on the path: it is not on it.
  const walk = (span: Span, endUs: number, depth: number): void => {
    const start = span.startUs;
    const end = Math.min(span.startUs + span.durationUs, endUs);
    let cursor = end;
    const kids = (depth < 200 ? (children.get(span.spanId) ?? []) : [])
      .map((child) => ({ child, childEnd: Math.min(child.startUs + child.durationUs, end) }))
      .sort((a, b) => b.childEnd - a.childEnd);
    let own = 0;
    for (const { child, childEnd } of kids) {
      if (cursor <= start) break;
      if (childEnd > cursor || childEnd <= start || child.startUs >= childEnd) continue;
      own += cursor - childEnd;
      walk(child, childEnd, depth + 1);
      cursor = Math.max(child.startUs, start);
    }
    own += Math.max(0, cursor - start);
    credit(span, own);
  };
  walk(root, root.startUs + root.durationUs, 0);
  return { entryUs: root.durationUs, parts: [...parts.values()] };
}

/** Aggregates the critical paths of `traces` through `entry`; undefined when none passes. */
export function attributeTraces(
  traces: readonly Trace[],
  entry: string,
  graphType: GraphType,
): TraceAttribution | undefined {
  const perTrace = traces.flatMap((trace) => {
    const parts = traceParts(trace, entry, graphType);
    return parts ? [{ traceId: trace.traceId, ...parts }] : [];
  });
  if (perTrace.length === 0) return undefined;
  const totalUs = perTrace.reduce((sum, t) => sum + t.entryUs, 0);
  const byKey = new Map<
    string,
    { first: Part; values: { traceId: string; us: number; share: number }[]; flagged: number }
  >();
  for (const t of perTrace) {
    for (const part of t.parts) {
      const key = `${part.part} ${part.caller ?? ''} ${part.node}`;
      let entryOf = byKey.get(key);
      if (!entryOf) byKey.set(key, (entryOf = { first: part, values: [], flagged: 0 }));
      entryOf.values.push({ traceId: t.traceId, us: part.us, share: part.us / t.entryUs });
      for (const flag of part.flags) entryOf.first.flags.add(flag);
      if (part.flags.size > 0) entryOf.flagged += 1;
    }
  }
  const n = perTrace.length;
  const contributors = [...byKey.values()].map(({ first, values, flagged }) => {
    const sum = values.reduce((s, v) => s + v.us, 0);
    // Traces without this part spent none of their time in it.
    const sorted = [
      ...new Array<number>(n - values.length).fill(0),
      ...values.map((v) => v.us),
    ].sort((a, b) => a - b);
    const flags = [...first.flags].sort();
    return {
      node: first.node,
      part: first.part,
      ...(first.caller !== undefined ? { caller: first.caller } : {}),
      ms: sum / n / 1000,
      share: sum / totalUs,
      visits: values.length / n,
      p50Ms: percentile(sorted, 50) / 1000,
      p95Ms: percentile(sorted, 95) / 1000,
      exampleTraces: [...values]
        .sort((a, b) => b.share - a.share)
        .slice(0, 3)
        .map((v) => v.traceId),
      evidence: flags.length
        ? [
            `${flags.map((f) => FLAG_TEXT[f]).join(', ')} in ${flagged} of ${values.length} traced calls`,
          ]
        : [],
    } satisfies TraceContributor;
  });
  contributors.sort((a, b) => b.ms - a.ms || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  return { entry, entryMs: totalUs / n / 1000, traces: n, contributors };
}
