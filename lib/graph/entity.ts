import { NAMESPACE_NAME } from '../contracts/graph-params';
import { matcher } from '../promql/promql';

/** A graph node, as its id names it (see endpoints.ts for how ids are made). */
export type NodeRef =
  | { kind: 'workload'; namespace: string; workload: string }
  | { kind: 'app'; namespace: string; app: string; version?: string }
  | { kind: 'service'; namespace: string; service: string }
  | { kind: 'unknown' };

/** Kubernetes label values and names: letters, digits, `-`, `_`, `.`; at most 253. */
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$/;
const namespaceOk = (ns: string) => ns === 'unknown' || NAMESPACE_NAME.test(ns);

/** Parses and validates a node id; undefined for anything that is not one. */
export function parseNodeId(id: string): NodeRef | undefined {
  if (id === 'unknown') return { kind: 'unknown' };
  const [kind, namespace = '', name = '', version, ...rest] = id.split('/');
  if (rest.length > 0 || !namespaceOk(namespace) || !NAME.test(name)) return undefined;
  if (version !== undefined && (kind !== 'app' || !NAME.test(version))) return undefined;
  switch (kind) {
    case 'workload':
      return { kind, namespace, workload: name };
    case 'app':
      return { kind, namespace, app: name, version };
    case 'service':
      return { kind, namespace, service: name };
    default:
      return undefined;
  }
}

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
