/**
 * Canary comparison: how each subset of a service is doing now (from the graph's edges out of
 * the service node), and what request rate it would get under the weights being edited.
 */
import type { GraphResponse } from '../contracts/graph';
import type { RoutingSpec } from './model';
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

/**
 * Figures per subset. Current figures come from the edges `service → app/version` of a
 * versioned-app graph with service nodes; the projection spreads the service's current
 * inbound rate by the default route's effective weights (requests taken by header-matched
 * routes are a share we cannot know ahead, so they are left out).
 */
export function canaryFigures(
  graph: GraphResponse | undefined,
  namespace: string,
  service: string,
  spec: RoutingSpec,
): SubsetFigures[] {
  const serviceId = `service/${namespace}/${service}`;
  // Mirrored copies are not part of any subset's share of real requests.
  const edges =
    graph?.elements.edges.filter((e) => e.data.source === serviceId && !e.data.mirrored) ?? [];
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
