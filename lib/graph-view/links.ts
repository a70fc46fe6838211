import type { RoutingSpec } from '../contracts/routing-model';
import { DEFAULT_VIEW, serializeViewState, type GraphViewState } from './view-state';
import { serializeWhatIf } from './what-if';

/**
 * The graph page's path for a view: every link to the graph is built here, from the view
 * state (what is not given keeps its default, and defaults stay out of the URL).
 */
export function graphPath(view: Partial<GraphViewState> = {}): string {
  const query = serializeViewState({ ...DEFAULT_VIEW, ...view }).toString();
  return query ? `/graph?${query}` : '/graph';
}

/** The graph with the edited default route's weights drawn on the service's edges. */
export function whatIfHref(
  namespace: string,
  service: string,
  spec: RoutingSpec,
): string | undefined {
  const route = [...spec.http].reverse().find((r) => r.match.length === 0);
  const weights = (route?.destinations ?? []).flatMap((d) => {
    const version = spec.subsets.find((s) => s.name === d.subset)?.labels.version;
    return version ? [{ version, weight: d.weight }] : [];
  });
  if (weights.length === 0) return undefined;
  return graphPath({
    namespaces: [namespace],
    graphType: 'versionedApp',
    whatIf: serializeWhatIf({ namespace, service, weights }),
  });
}

/**
 * The routing editor of a service, in its cluster in a mesh of several (`?cluster=`: the
 * Kubernetes API it reads and writes).
 */
export function routingHref(target: {
  namespace: string;
  service: string;
  cluster?: string;
}): string {
  const path = `/routing/${encodeURIComponent(target.namespace)}/${encodeURIComponent(target.service)}`;
  return target.cluster ? `${path}?${new URLSearchParams({ cluster: target.cluster })}` : path;
}
