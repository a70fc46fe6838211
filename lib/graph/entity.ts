import { NAMESPACE_NAME } from '../contracts/graph-params';
import { matcher } from '../promql/promql';

/**
 * A graph node, as its id names it (see endpoints.ts for how ids are made); `cluster` in a
 * graph of several clusters.
 */
export type NodeRef =
  | { kind: 'workload'; namespace: string; workload: string; cluster?: string }
  | { kind: 'app'; namespace: string; app: string; version?: string; cluster?: string }
  | { kind: 'service'; namespace: string; service: string; cluster?: string }
  | { kind: 'unknown' };

/** Kubernetes label values and names: letters, digits, `-`, `_`, `.`; at most 253. */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$/;
const namespaceOk = (ns: string) => ns === 'unknown' || NAMESPACE_NAME.test(ns);

/**
 * Parses and validates a node id, `kind/namespace/name[/version][@cluster]`; undefined for
 * anything that is not one.
 */
export function parseNodeId(id: string): NodeRef | undefined {
  if (id === 'unknown') return { kind: 'unknown' };
  const at = id.lastIndexOf('@');
  const path = at < 0 ? id : id.slice(0, at);
  const cluster = at < 0 ? undefined : id.slice(at + 1);
  if (cluster !== undefined && !NAME.test(cluster)) return undefined;
  const inCluster = cluster === undefined ? {} : { cluster };
  const [kind, namespace = '', name = '', version, ...rest] = path.split('/');
  if (rest.length > 0 || !namespaceOk(namespace) || !NAME.test(name)) return undefined;
  if (version !== undefined && (kind !== 'app' || !NAME.test(version))) return undefined;
  switch (kind) {
    case 'workload':
      return { kind, namespace, workload: name, ...inCluster };
    case 'app':
      return { kind, namespace, app: name, version, ...inCluster };
    case 'service':
      return { kind, namespace, service: name, ...inCluster };
    default:
      return undefined;
  }
}

/** The cluster a node id names (`…@west`), or undefined in a graph of one cluster. */
export const clusterOfNodeId = (id: string): string | undefined => {
  const ref = parseNodeId(id);
  return ref && ref.kind !== 'unknown' ? ref.cluster : undefined;
};

/** Parses `source->target:protocol`, optionally ending in `#mirror` (mirrored copies). */
export function parseEdgeId(
  edgeId: string,
):
  | { source: NodeRef; target: NodeRef; protocol: 'http' | 'grpc' | 'tcp'; mirrored: boolean }
  | undefined {
  const mirrored = edgeId.endsWith('#mirror');
  const id = mirrored ? edgeId.slice(0, -'#mirror'.length) : edgeId;
  const arrow = id.indexOf('->');
  const colon = id.lastIndexOf(':');
  if (arrow < 0 || colon < arrow) return undefined;
  const protocol = id.slice(colon + 1);
  if (protocol !== 'http' && protocol !== 'grpc' && protocol !== 'tcp') return undefined;
  const source = parseNodeId(id.slice(0, arrow));
  const target = parseNodeId(id.slice(arrow + 2, colon));
  return source && target ? { source, target, protocol, mirrored } : undefined;
}

/**
 * PromQL matchers selecting a node's traffic on one side of a request. A service is only
 * known as a destination (Istio has no source_service label), so as a source it matches all.
 */
export function nodeMatchers(ref: NodeRef, side: 'source' | 'destination'): string[] {
  const own = entityMatchers(ref, side);
  if (ref.kind === 'unknown' || !ref.cluster) return own;
  // A service node is in the cluster that served the request (as in Kiali); as a source it
  // matches all, as without a cluster.
  if (ref.kind === 'service' && side === 'source') return own;
  return [matcher(`${side}_cluster`, '=', ref.cluster), ...own];
}

function entityMatchers(ref: NodeRef, side: 'source' | 'destination'): string[] {
  switch (ref.kind) {
    case 'unknown':
      return side === 'source'
        ? [matcher('source_workload', '=', 'unknown')]
        : [matcher('destination_workload', '=', 'unknown')];
    case 'workload':
      return [
        matcher(`${side}_workload_namespace`, '=', ref.namespace),
        matcher(`${side}_workload`, '=', ref.workload),
      ];
    case 'app':
      return [
        matcher(`${side}_workload_namespace`, '=', ref.namespace),
        matcher(`${side}_canonical_service`, '=', ref.app),
        ...(ref.version ? [matcher(`${side}_canonical_revision`, '=', ref.version)] : []),
      ];
    case 'service':
      return side === 'destination'
        ? [
            matcher('destination_service_namespace', '=', ref.namespace),
            matcher('destination_service_name', '=', ref.service),
          ]
        : [];
  }
}
