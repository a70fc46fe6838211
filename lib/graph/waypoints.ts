import type { GraphResponse, NodeData } from '../contracts/graph';
import type { KubeDeployment } from '../kube/types';

type Elements = GraphResponse['elements'];

/** The label and value Istio puts on the waypoint proxies it deploys (Kiali's test too). */
export const WAYPOINT_LABEL = 'gateway.istio.io/managed';
export const WAYPOINT_LABEL_VALUE = 'istio.io-mesh-controller';

/** The waypoints among the Deployments, as the names graph nodes carry: `namespace/name`. */
export function waypointNames(deployments: readonly KubeDeployment[]): Set<string> {
  const names = new Set<string>();
  for (const d of deployments) {
    const labels = { ...d.labels, ...d.templateLabels };
    if (labels[WAYPOINT_LABEL] !== WAYPOINT_LABEL_VALUE) continue;
    names.add(`${d.namespace}/${d.name}`);
    // Its telemetry names it by its canonical service (the app graphs' nodes).
    const canonical = labels['service.istio.io/canonical-name'] ?? labels.app;
    if (canonical) names.add(`${d.namespace}/${canonical}`);
  }
  return names;
}

const isWaypoint = (node: NodeData, waypoints: ReadonlySet<string>): boolean => {
  const name =
    node.nodeType === 'workload'
      ? node.workload
      : node.nodeType === 'app'
        ? node.app
        : node.nodeType === 'service'
          ? node.service
          : undefined;
  return name !== undefined && waypoints.has(`${node.namespace}/${name}`);
};

/**
 * Istio ambient's waypoint proxies in the graph. Shown, they are nodes of their own, marked
 * `isWaypoint`. Hidden (the default), they go with the edges that touch them (ztunnel's L4
 * reports of the connections to and from them; the requests they carry are already drawn from
 * the waypoint's own reports, caller to destination), and so do the nodes that had no other
 * edge.
 */
export function applyWaypoints(
  elements: Elements,
  waypoints: ReadonlySet<string>,
  show: boolean,
): Elements {
  if (waypoints.size === 0) return elements;
  const ids = new Set(
    elements.nodes.filter(({ data }) => isWaypoint(data, waypoints)).map(({ data }) => data.id),
  );
  if (ids.size === 0) return elements;
  if (show)
    return {
      ...elements,
      nodes: elements.nodes.map((node) =>
        ids.has(node.data.id) ? { data: { ...node.data, isWaypoint: true as const } } : node,
      ),
    };
  const touches = (e: { data: { source: string; target: string } }) =>
    ids.has(e.data.source) || ids.has(e.data.target);
  const edges = elements.edges.filter((e) => !touches(e));
  const linked = new Set(edges.flatMap((e) => [e.data.source, e.data.target]));
  const hadWaypointEdge = new Set(
    elements.edges.filter(touches).flatMap((e) => [e.data.source, e.data.target]),
  );
  return {
    nodes: elements.nodes.filter(
      ({ data }) => !ids.has(data.id) && (linked.has(data.id) || !hadWaypointEdge.has(data.id)),
    ),
    edges,
  };
}
