import type { GraphType, NodeData } from '../contracts/graph';
import { UNKNOWN, type Peer, type TrafficSample } from './samples';

/** A node's identity and labels, before traffic and health are known. */
export type NodeInfo = Pick<
  NodeData,
  | 'id'
  | 'nodeType'
  | 'cluster'
  | 'namespace'
  | 'workload'
  | 'app'
  | 'version'
  | 'service'
  | 'egress'
  | 'isInjectedService'
>;

/** Where a sample's traffic goes in the graph: one or more hops, each carrying `weight` of it. */
export interface Hop {
  source: NodeInfo;
  target: NodeInfo;
  weight: number;
}

export interface EndpointOptions {
  graphType: GraphType;
  /** Put a service node between a caller and the workloads behind the service. */
  injectServiceNodes: boolean;
  /**
   * Service graph only: the services each workload receives traffic through, with their
   * share of its inbound traffic. A caller's outbound traffic is attributed to those services.
   */
  inboundServices?: ReadonlyMap<string, ReadonlyMap<string, InboundService>>;
  /**
   * Istio ambient's waypoint proxies (`namespace/workload`): no service node is put next to a
   * waypoint (Kiali's rule too), so a waypoint shown is one node with its connections.
   */
  waypoints?: ReadonlySet<string>;
  /**
   * Several clusters report the mesh's traffic: every node belongs to the cluster its
   * workload runs in (a service to the cluster that served the request, as in Kiali), and its
   * id says which (see {@link clusterSuffix}).
   */
  byCluster?: boolean;
}

const EGRESS = new Set(['PassthroughCluster', 'BlackHoleCluster']);

const UNKNOWN_NODE: NodeInfo = {
  id: 'unknown',
  nodeType: 'unknown',
  namespace: UNKNOWN,
  isInjectedService: false,
};

export const workloadKey = (namespace: string, workload: string, cluster = ''): string =>
  `${namespace}/${workload}${clusterSuffix(cluster)}`;

/**
 * How a node id names its cluster in a graph of several (`app/bookinfo/reviews/v2@west`):
 * nothing in a graph of one cluster, so ids there stay what they have always been.
 */
export const clusterSuffix = (cluster: string | undefined): string =>
  cluster ? `@${cluster}` : '';

export function serviceNode(
  namespace: string,
  service: string,
  injected: boolean,
  cluster = '',
): NodeInfo {
  const name = service || UNKNOWN;
  const egress = EGRESS.has(name);
  const ns = egress ? UNKNOWN : namespace || UNKNOWN;
  // Egress stands for everything outside the mesh: one node, in no cluster.
  const inCluster = egress ? '' : cluster;
  return {
    id: `service/${ns}/${name}${clusterSuffix(inCluster)}`,
    nodeType: 'service',
    ...(inCluster ? { cluster: inCluster } : {}),
    namespace: ns,
    service: name,
    egress: egress ? (name as NodeInfo['egress']) : undefined,
    isInjectedService: injected,
  };
}

/**
 * The node a known workload stands in for, by graph type (app graphs fall back to workloads
 * without an app); with `byCluster`, in the peer's cluster.
 */
export function peerNode(peer: Peer, graphType: GraphType, byCluster = false): NodeInfo {
  // Fields written out, not spread from a shared base: this runs for both ends of every
  // series identity, and object spread is several times slower (see docs/PERFORMANCE.md).
  const { namespace } = peer;
  const cluster = byCluster ? peer.cluster : '';
  const suffix = clusterSuffix(cluster);
  if (graphType === 'app' && peer.app) {
    return {
      id: `app/${namespace}/${peer.app}${suffix}`,
      nodeType: 'app',
      cluster: cluster || undefined,
      namespace,
      app: peer.app,
      isInjectedService: false,
    };
  }
  if (graphType === 'versionedApp' && peer.app) {
    const version = peer.version || UNKNOWN;
    return {
      id: `app/${namespace}/${peer.app}/${version}${suffix}`,
      nodeType: 'app',
      cluster: cluster || undefined,
      namespace,
      app: peer.app,
      version,
      workload: peer.workload,
      isInjectedService: false,
    };
  }
  return {
    id: `workload/${namespace}/${peer.workload}${suffix}`,
    nodeType: 'workload',
    cluster: cluster || undefined,
    namespace,
    workload: peer.workload,
    app: peer.app || undefined,
    version: peer.version || undefined,
    isInjectedService: false,
  };
}

const isUnknownPeer = (peer: Peer): boolean => peer.workload === UNKNOWN || peer.workload === '';

/** The graph hops one sample contributes to, for the requested graph type. */
export function hopsOf(sample: TrafficSample, options: EndpointOptions): Hop[] {
  const { graphType, byCluster = false } = options;
  const dest = sample.destination;
  const serviceCluster = byCluster ? dest.cluster : '';

  if (graphType === 'service') {
    // A request that named no service has no place in a service graph.
    if (!dest.service) return [];
    const target = serviceNode(dest.serviceNamespace, dest.service, false, serviceCluster);
    if (isUnknownPeer(sample.source)) return [{ source: UNKNOWN_NODE, target, weight: 1 }];
    const via = options.inboundServices?.get(
      workloadKey(
        sample.source.namespace,
        sample.source.workload,
        byCluster ? sample.source.cluster : '',
      ),
    );
    if (!via || via.size === 0)
      return [{ source: peerNode(sample.source, 'workload', byCluster), target, weight: 1 }];
    return [...via.values()].map(({ node, share }) => ({ source: node, target, weight: share }));
  }

  // A waypoint is a proxy, not one of the apps: a workload node in every graph (as in Kiali).
  const isWaypoint = (peer: { namespace: string; workload: string }) =>
    options.waypoints?.has(`${peer.namespace}/${peer.workload}`) ?? false;
  const nodeOf = (peer: typeof dest | typeof sample.source) =>
    peerNode(peer, isWaypoint(peer) ? 'workload' : graphType, byCluster);
  const source = isUnknownPeer(sample.source) ? UNKNOWN_NODE : nodeOf(sample.source);
  if (isUnknownPeer(dest)) {
    return [
      {
        source,
        target: serviceNode(dest.serviceNamespace, dest.service, false, serviceCluster),
        weight: 1,
      },
    ];
  }
  const target = nodeOf(dest);
  const viaWaypoint = isWaypoint(sample.source) || isWaypoint(dest);
  if (options.injectServiceNodes && dest.service && dest.service !== UNKNOWN && !viaWaypoint) {
    const service = serviceNode(dest.serviceNamespace, dest.service, true, serviceCluster);
    return [
      { source, target: service, weight: 1 },
      { source: service, target, weight: 1 },
    ];
  }
  return [{ source, target, weight: 1 }];
}

/** A service a workload is reached through, and that service's share of its inbound rate. */
export interface InboundService {
  node: NodeInfo;
  share: number;
}

/**
 * For the service graph: the services through which each workload receives traffic (by
 * {@link workloadKey}, in its cluster with `byCluster`), each with its share of that
 * workload's inbound rate.
 */
export function inboundServicesOf(
  samples: readonly TrafficSample[],
  byCluster = false,
): Map<string, Map<string, InboundService>> {
  const totals = new Map<string, Map<string, InboundService>>();
  for (const s of samples) {
    const dest = s.destination;
    if (isUnknownPeer(dest) || !dest.service || dest.service === UNKNOWN) continue;
    const cluster = byCluster ? dest.cluster : '';
    const key = workloadKey(dest.namespace, dest.workload, cluster);
    const byService = totals.get(key) ?? new Map<string, InboundService>();
    const node = serviceNode(dest.serviceNamespace, dest.service, false, cluster);
    const entry = byService.get(node.id);
    if (entry) entry.share += s.rate;
    else byService.set(node.id, { node, share: s.rate });
    totals.set(key, byService);
  }
  for (const byService of totals.values()) {
    let sum = 0;
    for (const entry of byService.values()) sum += entry.share;
    for (const entry of byService.values()) entry.share /= sum;
  }
  return totals;
}
