import type { GraphType } from '../contracts/graph';
import { hopsOf } from '../graph/endpoints';
import { toTrafficSample } from '../graph/samples';
import type { VectorSample } from '../promql/types';
import type { EdgeTiming } from './attribution';

interface Sums {
  source: string;
  target: string;
  sourceSum: number;
  sourceCount: number;
  destinationSum: number;
  destinationCount: number;
  flagRates: Record<string, number>;
}

/** Timed edges, and what the ranking needs to know of their nodes. */
export interface TimedGraph {
  edges: EdgeTiming[];
  /** Each node's namespace and app (canonical service), where known: its tracing service. */
  apps: Map<string, { namespace: string; app?: string }>;
}

/**
 * The edges of a graph type with both reporters' mean durations, from the answers of
 * `latencyQueries`: each series placed on the graph the way `/api/graph` places it (without
 * service nodes: a service is not a hop with time of its own), mirrored copies left out.
 */
export function edgeTimings(
  samples: {
    durationSum: readonly VectorSample[];
    durationCount: readonly VectorSample[];
    flags: readonly VectorSample[];
  },
  graphType: GraphType,
): TimedGraph {
  const edges = new Map<string, Sums>();
  const apps = new Map<string, { namespace: string; app?: string }>();
  const place = (labels: Readonly<Record<string, string>>) => {
    const sample = toTrafficSample(labels, 0, 'requests');
    if (sample.mirrored) return undefined;
    const hop = hopsOf(sample, { graphType, injectServiceNodes: false })[0];
    if (!hop) return undefined;
    for (const end of [hop.source, hop.target])
      if (!apps.has(end.id)) apps.set(end.id, { namespace: end.namespace, app: end.app });
    const key = `${hop.source.id}->${hop.target.id}`;
    let sums = edges.get(key);
    if (!sums) {
      sums = {
        source: hop.source.id,
        target: hop.target.id,
        sourceSum: 0,
        sourceCount: 0,
        destinationSum: 0,
        destinationCount: 0,
        flagRates: {},
      };
      edges.set(key, sums);
    }
    return { sums, reporter: sample.reporter };
  };
  const usable = (value: number) => Number.isFinite(value) && value > 0;
  for (const { labels, value } of samples.durationSum) {
    const placed = usable(value) ? place(labels) : undefined;
    if (!placed) continue;
    if (placed.reporter === 'source') placed.sums.sourceSum += value;
    else placed.sums.destinationSum += value;
  }
  for (const { labels, value } of samples.durationCount) {
    const placed = usable(value) ? place(labels) : undefined;
    if (!placed) continue;
    if (placed.reporter === 'source') placed.sums.sourceCount += value;
    else placed.sums.destinationCount += value;
  }
  for (const { labels, value } of samples.flags) {
    const placed = usable(value) ? place({ ...labels, reporter: 'source' }) : undefined;
    const flags = labels.response_flags;
    if (!placed || !flags) continue;
    placed.sums.flagRates[flags] = (placed.sums.flagRates[flags] ?? 0) + value;
  }
  const timings = [...edges.values()].map((e) => ({
    source: e.source,
    target: e.target,
    sourceRate: e.sourceCount,
    ...(e.sourceCount > 0 ? { sourceMeanMs: e.sourceSum / e.sourceCount } : {}),
    destinationRate: e.destinationCount,
    ...(e.destinationCount > 0 ? { destinationMeanMs: e.destinationSum / e.destinationCount } : {}),
    flagRates: e.flagRates,
  }));
  return { edges: timings, apps };
}
