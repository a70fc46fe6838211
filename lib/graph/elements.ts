import type { EdgeData, GraphResponse, NodeData, Protocol } from '../contracts/graph';
import { PROTOCOLS } from '../contracts/graph';
import type { NodeInfo } from './endpoints';
import { errorPercent, trafficHealth, worst, type Tolerances, DEFAULT_TOLERANCES } from './health';
import type { HealthTarget } from './health-config';
import { byCode, type EdgeTraffic, type TrafficMap } from './traffic-map';

/** Per-edge figures from the optional queries, keyed by edge id. */
export interface EdgeExtras {
  responseTimeMs?: ReadonlyMap<string, number>;
  /** Wide buckets of the quantiles in `responseTimeMs` (see histogram.ts). */
  responseTimeBucketMs?: ReadonlyMap<string, { lowerMs: number; upperMs: number | null }>;
  /** Edges whose `responseTimeMs` is the highest of several series' quantiles (see build-graph.ts). */
  responseTimeUpperBound?: ReadonlySet<string>;
  responseBytesPerSecond?: ReadonlyMap<string, number>;
  /** gRPC messages per second, when the graph was asked for them. */
  messagesPerSecond?: ReadonlyMap<string, number>;
  /** p95 per edge and per node (inbound), ms: judged when a latency tolerance is set. */
  p95Ms?: ReadonlyMap<string, number>;
  nodeP95Ms?: ReadonlyMap<string, number>;
}

/** What health rules match a node on: its namespace, kind and name. */
export function healthTarget(node: NodeInfo): HealthTarget {
  const { namespace } = node;
  switch (node.nodeType) {
    case 'service':
      return { namespace, kind: 'service', name: node.service ?? 'unknown' };
    case 'app':
      return { namespace, kind: 'app', name: node.app ?? 'unknown' };
    case 'workload':
      return { namespace, kind: 'workload', name: node.workload ?? 'unknown' };
    default:
      return { namespace, kind: 'unknown', name: 'unknown' };
  }
}

// By UTF-16 code units: deterministic like a collator's order, and three times as fast.
export const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Rates summed per protocol: the total and the part of each response class. */
type ProtocolTotals = Partial<Record<Protocol, { rate: number; byClass: Record<string, number> }>>;

/** One pass over a node's edges of one direction: what its figures and health are made of. */
function totalsByProtocol(edges: readonly EdgeTraffic[]): ProtocolTotals {
  const totals: ProtocolTotals = {};
  for (const edge of edges) {
    const sum = (totals[edge.protocol] ??= { rate: 0, byClass: {} });
    sum.rate += edge.rate;
    for (const cls in edge.byClass)
      sum.byClass[cls] = (sum.byClass[cls] ?? 0) + (edge.byClass[cls] as number);
  }
  return totals;
}

const NO_CLASSES: Readonly<Record<string, number>> = Object.freeze({});

/**
 * Turns a traffic map into graph elements: node totals per protocol, root and outside flags,
 * each edge's share of its source's traffic, error %, mTLS %, and health. Sorted by id, so
 * the same traffic always gives the same output.
 */
export function toElements(
  map: TrafficMap,
  options: {
    namespaces: ReadonlySet<string>;
    extras?: EdgeExtras;
    /** Tolerances for a node (edges use their target's); Kiali's defaults when absent. */
    tolerancesFor?: (target: HealthTarget) => Tolerances;
  },
): GraphResponse['elements'] {
  const tolerancesOf = (node: NodeInfo | undefined): Tolerances =>
    node && options.tolerancesFor ? options.tolerancesFor(healthTarget(node)) : DEFAULT_TOLERANCES;
  // Mirrored copies are load on their target but nobody's request: they stay out of totals.
  const inbound = new Map<string, EdgeTraffic[]>();
  const outbound = new Map<string, EdgeTraffic[]>();
  const mirroredIn = new Map<string, EdgeTraffic[]>();
  for (const edge of map.edges.values()) {
    if (edge.mirrored) {
      const mirrors = mirroredIn.get(edge.target) ?? [];
      mirrors.push(edge);
      mirroredIn.set(edge.target, mirrors);
      continue;
    }
    const into = inbound.get(edge.target) ?? [];
    into.push(edge);
    inbound.set(edge.target, into);
    const from = outbound.get(edge.source) ?? [];
    from.push(edge);
    outbound.set(edge.source, from);
  }

  const nodes = [...map.nodes.values()].sort(byId).map((info: NodeInfo): { data: NodeData } => {
    const ins = inbound.get(info.id) ?? [];
    const outs = outbound.get(info.id) ?? [];
    const mirrors = mirroredIn.get(info.id) ?? [];
    const inTotals = totalsByProtocol(ins);
    const outTotals = totalsByProtocol(outs);
    const mirrorTotals = totalsByProtocol(mirrors);
    const traffic = PROTOCOLS.filter((p) => inTotals[p] || outTotals[p] || mirrorTotals[p]).map(
      (protocol) => ({
        protocol,
        rateIn: inTotals[protocol]?.rate ?? 0,
        rateOut: outTotals[protocol]?.rate ?? 0,
        inByClass: { ...inTotals[protocol]?.byClass },
        ...(mirrorTotals[protocol] ? { mirroredIn: mirrorTotals[protocol].rate } : {}),
      }),
    );
    // A node is judged by what it answers (mirrored copies when that is all it gets); a root
    // (no inbound) by what its calls get back.
    const judged = ins.length > 0 ? inTotals : mirrors.length > 0 ? mirrorTotals : outTotals;
    // Latency is judged on what the node answers (its inbound p95), not on a root's calls.
    const p95 = ins.length > 0 ? options.extras?.nodeP95Ms?.get(info.id) : undefined;
    const tolerances = tolerancesOf(info);
    const health = PROTOCOLS.map((p) =>
      trafficHealth(p, judged[p]?.byClass ?? NO_CLASSES, judged[p]?.rate ?? 0, tolerances, p95),
    ).reduce(worst, {
      status: 'na' as const,
    });
    return {
      data: {
        ...info,
        isRoot: ins.length === 0 && mirrors.length === 0 && outs.length > 0,
        isOutside: info.namespace !== 'unknown' && !options.namespaces.has(info.namespace),
        traffic,
        health,
      },
    };
  });

  const sourceTotals = new Map<string, number>();
  for (const edge of map.edges.values()) {
    if (edge.mirrored) continue;
    const key = `${edge.source}|${edge.protocol}`;
    sourceTotals.set(key, (sourceTotals.get(key) ?? 0) + edge.rate);
  }

  const extras = options.extras;
  const edges = [...map.edges.values()].sort(byId).map((edge): { data: EdgeData } => {
    const total = sourceTotals.get(`${edge.source}|${edge.protocol}`) ?? 0;
    // Optional fields are set when present rather than spread in: this runs for every edge.
    const data: EdgeData = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      protocol: edge.protocol,
      rate: edge.rate,
      rateByClass: edge.byClass,
      rateByCode: edge.byCode.sort(byCode),
      rateByFlags: edge.byFlags,
      rateByHost: Object.fromEntries(edge.byHost),
      errorPercent: errorPercent(edge.protocol, edge.byClass, edge.rate),
      percentOfSource: !edge.mirrored && total > 0 ? (edge.rate / total) * 100 : 0,
      responseTimeMs: extras?.responseTimeMs?.get(edge.id),
      throughputBytesPerSecond:
        edge.protocol === 'tcp' ? edge.rate : extras?.responseBytesPerSecond?.get(edge.id),
      mtlsPercent:
        edge.destinationReported > 0
          ? (edge.mutualTls / edge.destinationReported) * 100
          : undefined,
      health: trafficHealth(
        edge.protocol,
        edge.byClass,
        edge.rate,
        tolerancesOf(map.nodes.get(edge.target)),
        extras?.p95Ms?.get(edge.id),
      ),
    };
    const bucket = extras?.responseTimeBucketMs?.get(edge.id);
    if (bucket) data.responseTimeBucketMs = bucket;
    // Asked for and gRPC: 0 when the edge sent none (a failing unary call still sent one).
    if (extras?.messagesPerSecond && edge.protocol === 'grpc')
      data.messageRate = extras.messagesPerSecond.get(edge.id) ?? 0;
    if (extras?.responseTimeUpperBound?.has(edge.id)) data.responseTimeUpperBound = true;
    if (edge.mirrored) data.mirrored = true;
    return { data };
  });

  return { nodes, edges };
}
