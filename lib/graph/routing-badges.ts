/**
 * Badges for what routing does to a service, as Kiali draws them on graph nodes: computed from
 * the VirtualServices and DestinationRules that select each service, and the Gateway API
 * HTTPRoutes attached to it. Pure.
 */
import type { GraphResponse, NodeBadge } from '../contracts/graph';
import { readRouting } from '../routing/convert';
import { attachedToService, readHttpRouteRules } from '../routing/gateway-api';
import { objectSelects } from '../routing/hosts';
import { BADGE_MEANINGS } from './badge-text';
import { runsApp } from './canonical';

/** The parts of a routing object this needs. */
export interface RoutingObjectLike {
  metadata: { name: string; namespace: string; createdSec?: number };
  spec: Record<string, unknown>;
}

const byName = (objects: readonly RoutingObjectLike[]) =>
  [...objects].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));

/**
 * Routing badges for each service (`namespace/service`) among `services`, from the objects
 * whose hosts name it (the first by name, as the routing editor reads them). Each service is
 * read once however many nodes name it. Order is fixed (the order of {@link BADGE_MEANINGS}).
 */
export function routingBadges(
  services: readonly { namespace: string; service: string }[],
  virtualServices: readonly RoutingObjectLike[],
  destinationRules: readonly RoutingObjectLike[],
  httpRoutes: readonly RoutingObjectLike[] = [],
): Map<string, NodeBadge[]> {
  const out = new Map<string, NodeBadge[]>();
  const seen = new Set<string>();
  const vss = byName(virtualServices);
  const drs = byName(destinationRules);
  // Of several HTTPRoutes attached to one Service the oldest applies.
  const routesByAge = [...httpRoutes].sort(
    (a, b) => (a.metadata.createdSec ?? Infinity) - (b.metadata.createdSec ?? Infinity),
  );
  for (const { namespace, service } of services) {
    if (seen.has(`${namespace}/${service}`)) continue;
    seen.add(`${namespace}/${service}`);
    const selects = (o: RoutingObjectLike) => objectSelects(o, service, namespace);
    const vs = vss.find(selects);
    const dr = drs.find(selects);
    const httpRoute = routesByAge.find((r) => attachedToService(r, service, namespace));
    if (!vs && !dr && !httpRoute) continue;
    const spec = readRouting(vs?.spec, dr?.spec);
    // An HTTPRoute comes first for callers in its namespace: its rules are the ones shown.
    const routes = httpRoute ? readHttpRouteRules(httpRoute.spec, namespace) : spec.http;
    const policies = [spec.trafficPolicy, ...spec.subsets.map((s) => s.trafficPolicy)];
    const found = new Set<NodeBadge>();
    if (vs) found.add('virtualService');
    if (httpRoute) found.add('httpRoute');
    if (routes.some((r) => r.destinations.filter((d) => d.weight > 0).length > 1))
      found.add('trafficShifting');
    if (routes.some((r) => r.fault?.delay || r.fault?.abort)) found.add('faultInjection');
    if (policies.some((p) => p?.connectionPool || p?.outlierDetection)) found.add('circuitBreaker');
    if (routes.some((r) => r.mirror)) found.add('mirroring');
    if (routes.some((r) => r.timeoutMs !== undefined)) found.add('timeout');
    if (routes.some((r) => r.retries)) found.add('retries');
    const ordered = (Object.keys(BADGE_MEANINGS) as NodeBadge[]).filter((b) => found.has(b));
    if (ordered.length) out.set(`${namespace}/${service}`, ordered);
  }
  return out;
}

/** Deployments whose pods run without an Istio sidecar (`sidecar.istio.io/inject: "false"`). */
const withoutSidecar = <T extends { templateLabels: Record<string, string> }>(
  deployments: readonly T[],
): T[] => deployments.filter((d) => d.templateLabels['sidecar.istio.io/inject'] === 'false');

/**
 * Puts the badges on the graph: a service's routing on its service node, or, when the graph
 * has none for it (service nodes off, app graphs), on the app and workload nodes of that
 * service; `missingSidecar` on workloads (and their app nodes) deployed without a sidecar.
 */
export function applyBadges(
  elements: GraphResponse['elements'],
  byService: ReadonlyMap<string, NodeBadge[]>,
  deployments: readonly {
    namespace: string;
    name: string;
    templateLabels: Record<string, string>;
  }[],
): GraphResponse['elements'] {
  // Few workloads run without a sidecar: an app node looks among those, not every Deployment.
  const bareDeployments = withoutSidecar(deployments);
  const bare = new Set(bareDeployments.map((d) => `${d.namespace}/${d.name}`));
  const serviceNodes = new Set(
    elements.nodes.filter((n) => n.data.nodeType === 'service').map((n) => n.data.service),
  );
  const nodes = elements.nodes.map(({ data }) => {
    const service = data.nodeType === 'service' ? data.service : data.app;
    const key = `${data.namespace}/${service}`;
    const routing =
      data.nodeType === 'service' || !serviceNodes.has(service) ? (byService.get(key) ?? []) : [];
    const sidecarless =
      data.nodeType === 'workload'
        ? bare.has(`${data.namespace}/${data.workload}`)
        : data.nodeType === 'app' && bareDeployments.some((d) => runsApp(d, data));
    const badges: NodeBadge[] = [...routing, ...(sidecarless ? ['missingSidecar' as const] : [])];
    return badges.length ? { data: { ...data, badges } } : { data };
  });
  return { ...elements, nodes };
}
