/**
 * Canary comparison: how each subset of a service is doing now (from the graph's edges out of
 * the service node), and what request rate it would get under the weights being edited.
 */
import type { GraphResponse } from '../contracts/graph';
import type { RoutingSpec } from '../contracts/routing-model';
import { effectivePercents } from './weights';

export interface SubsetFigures {
  subset: string;
  version: string | undefined;
  /** req/s now, error %, p95 ms; undefined when the subset has no traffic. */
  rate: number | undefined;
  errorPercent: number | undefined;
  p95Ms: number | undefined;
  /** req/s the default route would send it under the edited weights. */
  projectedRate: number;
}

/** A service whose routing is edited; `cluster`: the cluster written to, when named. */
export interface ServiceTarget {
  namespace: string;
  service: string;
  cluster?: string;
}

/**
 * The graph's nodes of a service: in a graph of several clusters, the one in the cluster
 * whose routing is edited (each cluster's proxies follow their own cluster's routing).
 */
function serviceNodeIds(graph: GraphResponse | undefined, target: ServiceTarget): Set<string> {
  return new Set(
    (graph?.elements.nodes ?? [])
      .filter(
        ({ data }) =>
          data.nodeType === 'service' &&
          data.namespace === target.namespace &&
          data.service === target.service &&
          (data.cluster === undefined ||
            target.cluster === undefined ||
            data.cluster === target.cluster),
      )
      .map(({ data }) => data.id),
  );
}

/**
 * Figures per subset. Current figures come from the edges `service → app/version` of a
 * versioned-app graph with service nodes; the projection spreads the service's current
 * inbound rate by the default route's effective weights (requests taken by header-matched
 * routes are a share we cannot know ahead, so they are left out).
 */
export function canaryFigures(
  graph: GraphResponse | undefined,
  target: ServiceTarget,
  spec: RoutingSpec,
): SubsetFigures[] {
  const serviceIds = serviceNodeIds(graph, target);
  // Mirrored copies are not part of any subset's share of real requests.
  const edges =
    graph?.elements.edges.filter((e) => serviceIds.has(e.data.source) && !e.data.mirrored) ?? [];
  const nodes = new Map(graph?.elements.nodes.map((n) => [n.data.id, n.data]) ?? []);
  const total = edges.reduce((sum, e) => sum + e.data.rate, 0);
  const fallback = [...spec.http].reverse().find((r) => r.match.length === 0);
  const shares = fallback ? effectivePercents(fallback.destinations.map((d) => d.weight)) : [];
  return spec.subsets.map((subset) => {
    const version = subset.labels.version;
    const edge = edges.find((e) => nodes.get(e.data.target)?.version === version)?.data;
    const share = fallback
      ? fallback.destinations.reduce(
          (s, d, i) => (d.subset === subset.name ? s + (shares[i] ?? 0) : s),
          0,
        )
      : 0;
    return {
      subset: subset.name,
      version,
      rate: edge?.rate,
      errorPercent: edge?.errorPercent,
      p95Ms: edge?.responseTimeMs,
      projectedRate: (total * share) / 100,
    };
  });
}

/** Envoy flags of an answer the caller's own proxy made: the request reached no subset. */
const LOCAL_REPLY_FLAGS = new Set(['FI', 'NR', 'UO', 'UH', 'UF', 'URX', 'NC', 'UT']);

export interface ServiceFigures {
  /** req/s into the service as its callers' proxies saw them; error % of those. */
  rate: number;
  errorPercent: number;
  /** req/s answered by the callers' proxies (fault aborts, overflow, no route…), by flags. */
  answeredByCallers: number;
  answeredByFlags: Record<string, number>;
}

/**
 * The service as its callers see it, from the edges into the service node: every request,
 * including those the callers' proxies answered themselves (an injected abort is reported only
 * by the source, so no subset's figures can show it). Undefined without traffic.
 */
export function serviceFigures(
  graph: GraphResponse | undefined,
  target: ServiceTarget,
): ServiceFigures | undefined {
  const serviceIds = serviceNodeIds(graph, target);
  const edges =
    graph?.elements.edges.filter(
      (e) => serviceIds.has(e.data.target) && !e.data.mirrored && e.data.protocol !== 'tcp',
    ) ?? [];
  const rate = edges.reduce((sum, e) => sum + e.data.rate, 0);
  if (rate <= 0) return undefined;
  const failed = edges.reduce((sum, e) => sum + (e.data.errorPercent / 100) * e.data.rate, 0);
  const answeredByFlags: Record<string, number> = {};
  for (const { data } of edges) {
    for (const [flags, value] of Object.entries(data.rateByFlags)) {
      if (flags.split(',').some((f) => LOCAL_REPLY_FLAGS.has(f)))
        answeredByFlags[flags] = (answeredByFlags[flags] ?? 0) + value;
    }
  }
  return {
    rate,
    errorPercent: (failed / rate) * 100,
    answeredByCallers: Object.values(answeredByFlags).reduce((a, b) => a + b, 0),
    answeredByFlags,
  };
}
