import type { GraphType, NodeData } from '../contracts/graph';
import { UNKNOWN, type Peer, type TrafficSample } from './samples';

/** A node's identity and labels, before traffic and health are known. */
export type NodeInfo = Pick<
  NodeData,
  | 'id'
  | 'nodeType'
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
  inboundServices?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /**
   * Istio ambient's waypoint proxies (`namespace/workload`): no service node is put next to a
   * waypoint (Kiali's rule too), so a waypoint shown is one node with its connections.
   */
  waypoints?: ReadonlySet<string>;
}

const EGRESS = new Set(['PassthroughCluster', 'BlackHoleCluster']);

const UNKNOWN_NODE: NodeInfo = {
  id: 'unknown',
  nodeType: 'unknown',
  namespace: UNKNOWN,
  isInjectedService: false,
};

export const workloadKey = (namespace: string, workload: string): string =>
  `${namespace}/${workload}`;

export function serviceNode(namespace: string, service: string, injected: boolean): NodeInfo {
  const name = service || UNKNOWN;
  const ns = EGRESS.has(name) ? UNKNOWN : namespace || UNKNOWN;
  return {
    id: `service/${ns}/${name}`,
    nodeType: 'service',
    namespace: ns,
    service: name,
    egress: EGRESS.has(name) ? (name as NodeInfo['egress']) : undefined,
    isInjectedService: injected,
  };
}

/** The node a known workload stands in for, by graph type (app graphs fall back to workloads without an app). */
export function peerNode(peer: Peer, graphType: GraphType): NodeInfo {
  // Fields written out, not spread from a shared base: this runs for both ends of every
  // series identity, and object spread is several times slower (see docs/PERFORMANCE.md).
  const { namespace } = peer;
  if (graphType === 'app' && peer.app) {
    return {
      id: `app/${namespace}/${peer.app}`,
      nodeType: 'app',
      namespace,
      app: peer.app,
      isInjectedService: false,
    };
  }
  if (graphType === 'versionedApp' && peer.app) {
    const version = peer.version || UNKNOWN;
    return {
      id: `app/${namespace}/${peer.app}/${version}`,
      nodeType: 'app',
      namespace,
      app: peer.app,
      version,
      workload: peer.workload,
      isInjectedService: false,
    };
  }
  return {
    id: `workload/${namespace}/${peer.workload}`,
    nodeType: 'workload',
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
  const { graphType } = options;
  const dest = sample.destination;

  if (graphType === 'service') {
    // A request that named no service has no place in a service graph.
    if (!dest.service) return [];
    const target = serviceNode(dest.serviceNamespace, dest.service, false);
    if (isUnknownPeer(sample.source)) return [{ source: UNKNOWN_NODE, target, weight: 1 }];
    const via = options.inboundServices?.get(
      workloadKey(sample.source.namespace, sample.source.workload),
    );
    if (!via || via.size === 0)
      return [{ source: peerNode(sample.source, 'workload'), target, weight: 1 }];
    return [...via].map(([serviceId, share]) => {
      const [, ns = UNKNOWN, name = UNKNOWN] = serviceId.split('/');
      return { source: serviceNode(ns, name, false), target, weight: share };
    });
  }

  // A waypoint is a proxy, not one of the apps: a workload node in every graph (as in Kiali).
  const isWaypoint = (peer: { namespace: string; workload: string }) =>
    options.waypoints?.has(`${peer.namespace}/${peer.workload}`) ?? false;
  const nodeOf = (peer: typeof dest | typeof sample.source) =>
    peerNode(peer, isWaypoint(peer) ? 'workload' : graphType);
  const source = isUnknownPeer(sample.source) ? UNKNOWN_NODE : nodeOf(sample.source);
  if (isUnknownPeer(dest)) {
    return [{ source, target: serviceNode(dest.serviceNamespace, dest.service, false), weight: 1 }];
  }
  const target = nodeOf(dest);
  const viaWaypoint = isWaypoint(sample.source) || isWaypoint(dest);
  if (options.injectServiceNodes && dest.service && dest.service !== UNKNOWN && !viaWaypoint) {
    const service = serviceNode(dest.serviceNamespace, dest.service, true);
    return [
      { source, target: service, weight: 1 },
      { source: service, target, weight: 1 },
    ];
  }
  return [{ source, target, weight: 1 }];
}

/**
 * For the service graph: the services through which each workload receives traffic, with each
 * service's share of that workload's inbound rate.
 */
export function inboundServicesOf(
  samples: readonly TrafficSample[],
): Map<string, Map<string, number>> {
  const totals = new Map<string, Map<string, number>>();
  for (const s of samples) {
    if (isUnknownPeer(s.destination) || !s.destination.service || s.destination.service === UNKNOWN)
      continue;
    const key = workloadKey(s.destination.namespace, s.destination.workload);
    const byService = totals.get(key) ?? new Map<string, number>();
    const id = serviceNode(s.destination.serviceNamespace, s.destination.service, false).id;
    byService.set(id, (byService.get(id) ?? 0) + s.rate);
    totals.set(key, byService);
  }
  for (const byService of totals.values()) {
    const sum = [...byService.values()].reduce((a, b) => a + b, 0);
    for (const [id, rate] of byService) byService.set(id, rate / sum);
  }
  return totals;
}
