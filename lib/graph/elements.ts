import type { EdgeData, GraphResponse, NodeData, Protocol } from '../contracts/graph';
import { PROTOCOLS } from '../contracts/graph';
import type { NodeInfo } from './endpoints';
import { errorPercent, trafficHealth, worst, type Tolerances, DEFAULT_TOLERANCES } from './health';
import type { HealthTarget } from './health-config';
import { rateByHost, type EdgeTraffic, type TrafficMap } from './traffic-map';

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

const NOT_APPLICABLE: NodeData['health'] = Object.freeze({ status: 'na' });

/** A node while its elements are made: its edges by direction, and its tolerances. */
interface NodeTally {
  info: NodeInfo;
  /** Its place in the order of nodes by id. */
  rank: number;
  ins: EdgeTraffic[];
  outs: EdgeTraffic[];
  mirrors: EdgeTraffic[];
  outTotals: ProtocolTotals;
  tolerances: Tolerances;
}

/** The highest p95 of a node's callers: what it answers within (mirrored copies left out). */
function inboundP95(ins: readonly EdgeTraffic[]): number | undefined {
  let highest: number | undefined;
  for (const { p95 } of ins)
    if (p95 && (highest === undefined || p95.value > highest)) highest = p95.value;
  return highest;
}

/**
 * Turns a traffic map into graph elements: node totals per protocol, root and outside flags,
 * each edge's share of its source's traffic, error %, mTLS %, the figures the optional
 * queries placed on it (enrich.ts), and health. Nodes are sorted by id, edges by source,
 * target, protocol and mirroring in that order, so the same traffic always gives the same
 * output.
 */
export function toElements(
  map: TrafficMap,
  options: {
    namespaces: ReadonlySet<string>;
    /** Tolerances for a node (edges use their target's); Kiali's defaults when absent. */
    tolerancesFor?: (target: HealthTarget) => Tolerances;
    /** gRPC messages were asked for: a gRPC edge without any sent 0. */
    messages?: boolean;
  },
): GraphResponse['elements'] {
  const tolerancesOf = (node: NodeInfo): Tolerances =>
    options.tolerancesFor ? options.tolerancesFor(healthTarget(node)) : DEFAULT_TOLERANCES;
  // Nodes in id order: a node's rank there orders the edges.
  const tallies: NodeTally[] = [...map.nodes.values()].sort(byId).map((info, rank) => ({
    info,
    rank,
    ins: [],
    outs: [],
    mirrors: [],
    outTotals: {},
    tolerances: tolerancesOf(info),
  }));
  const byNodeId = new Map(tallies.map((tally) => [tally.info.id, tally]));
  const tallyOf = (id: string): NodeTally => {
    const tally = byNodeId.get(id);
    if (!tally) throw new Error(`edge ${id}: node not in the traffic map`);
    return tally;
  };
  // Ranks compare as numbers: sorting 10,000 edges by their ids' text took most of the time.
  const orderOf = (edge: EdgeTraffic, source: NodeTally, target: NodeTally): number =>
    ((source.rank * tallies.length + target.rank) * PROTOCOLS.length +
      PROTOCOLS.indexOf(edge.protocol)) *
      2 +
    (edge.mirrored ? 1 : 0);
  // Mirrored copies are load on their target but nobody's request: they stay out of totals.
  const edgeList: { edge: EdgeTraffic; source: NodeTally; target: NodeTally; order: number }[] = [];
  for (const edge of map.edges.values()) {
    const source = tallyOf(edge.source);
    const target = tallyOf(edge.target);
    edgeList.push({ edge, source, target, order: orderOf(edge, source, target) });
    if (edge.mirrored) target.mirrors.push(edge);
    else {
      target.ins.push(edge);
      source.outs.push(edge);
    }
  }

  const nodes = tallies.map((tally): { data: NodeData } => {
    const { info, ins, outs, mirrors } = tally;
    const inTotals = totalsByProtocol(ins);
    const outTotals = (tally.outTotals = totalsByProtocol(outs));
    const mirrorTotals = totalsByProtocol(mirrors);
    // A node is judged by what it answers (mirrored copies when that is all it gets); a root
    // (no inbound) by what its calls get back. Latency is judged on what the node answers (its
    // inbound p95), not on a root's calls.
    const judged = ins.length > 0 ? inTotals : mirrors.length > 0 ? mirrorTotals : outTotals;
    const p95 = inboundP95(ins);
    const traffic: NodeData['traffic'] = [];
    let health: NodeData['health'] = NOT_APPLICABLE;
    for (const protocol of PROTOCOLS) {
      const into = inTotals[protocol];
      const out = outTotals[protocol];
      const mirrored = mirrorTotals[protocol];
      if (into || out || mirrored)
        traffic.push({
          protocol,
          rateIn: into?.rate ?? 0,
          rateOut: out?.rate ?? 0,
          // Its own object: the totals' classes are this node's alone, and only read from here.
          inByClass: into?.byClass ?? {},
          ...(mirrored ? { mirroredIn: mirrored.rate } : {}),
        });
      const judging = judged[protocol];
      if (judging)
        health = worst(
          health,
          trafficHealth(protocol, judging.byClass, judging.rate, tally.tolerances, p95),
        );
    }
    // Written out, not spread: node infos come in several shapes, and spreading them was a
    // tenth of the time the elements took.
    return {
      data: {
        id: info.id,
        nodeType: info.nodeType,
        cluster: info.cluster,
        namespace: info.namespace,
        workload: info.workload,
        app: info.app,
        version: info.version,
        service: info.service,
        egress: info.egress,
        isInjectedService: info.isInjectedService,
        isRoot: ins.length === 0 && mirrors.length === 0 && outs.length > 0,
        isOutside: info.namespace !== 'unknown' && !options.namespaces.has(info.namespace),
        traffic,
        health,
      },
    };
  });

  edgeList.sort((a, b) => a.order - b.order);
  const edges = edgeList.map(({ edge, source, target }): { data: EdgeData } => {
    const total = source.outTotals[edge.protocol]?.rate ?? 0;
    // Optional fields are set when present rather than spread in: this runs for every edge.
    const data: EdgeData = {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      protocol: edge.protocol,
      rate: edge.rate,
      rateByClass: edge.byClass,
      rateByCode: edge.byCode,
      rateByFlags: edge.byFlags,
      rateByHost: rateByHost(edge),
      errorPercent: errorPercent(edge.protocol, edge.byClass, edge.rate),
      percentOfSource: !edge.mirrored && total > 0 ? (edge.rate / total) * 100 : 0,
      responseTimeMs: edge.responseTimeMs,
      throughputBytesPerSecond: edge.protocol === 'tcp' ? edge.rate : edge.responseBytesPerSecond,
      mtlsPercent:
        edge.destinationReported > 0
          ? (edge.mutualTls / edge.destinationReported) * 100
          : undefined,
      health: trafficHealth(
        edge.protocol,
        edge.byClass,
        edge.rate,
        target.tolerances,
        edge.p95?.value,
      ),
    };
    if (edge.responseTimeBucketMs) data.responseTimeBucketMs = edge.responseTimeBucketMs;
    if (edge.responseTimeUpperBound) data.responseTimeUpperBound = true;
    // Asked for and gRPC: 0 when the edge sent none (a failing unary call still sent one).
    if (options.messages && edge.protocol === 'grpc')
      data.messageRate = edge.messagesPerSecond ?? 0;
    if (edge.mirrored) data.mirrored = true;
    return { data };
  });

  return { nodes, edges };
}
