/**
 * Which Istio and Gateway API objects apply to an app, workload or service: what its page
 * lists. Pure: objects and the entity's Services and pod labels in, objects out.
 * - VirtualService, DestinationRule: their hosts name one of its Services;
 * - HTTPRoute: a parent or backend reference names one of its Services;
 * - Istio Gateway: its selector picks its pods (a gateway's own Deployment);
 * - Gateway API Gateway: its address is one of its Services (Istio's manual deployment);
 * - Sidecar, PeerAuthentication, AuthorizationPolicy, RequestAuthentication: in its namespace
 *   with a selector its pods match, or none (the whole namespace); or in the root namespace
 *   without a selector (the whole mesh).
 */
import { isObj, list, obj, str } from '../json';
import { selectorMatches } from '../kube/labels';
import type { ConfigObject, Registry } from './checks';
import { servicesOfObject } from './services';

export interface EntityScope {
  namespace: string;
  /** Its Services, as `namespace/name`. */
  services: ReadonlySet<string>;
  /** The labels of its pods (one set per workload is enough). */
  podLabels: readonly Readonly<Record<string, string>>[];
}

const DEFAULT_ROOT_NAMESPACE = 'istio-system';

const labelsOf = (value: unknown): Record<string, unknown> | undefined =>
  isObj(value) ? value : undefined;

/** The Services (`namespace/name`) an HTTPRoute's parents and backends name. */
export function httpRouteServices(o: ConfigObject): string[] {
  const ref = (r: unknown): string[] => {
    const kind = str(obj(r).kind) ?? 'Service';
    const name = str(obj(r).name);
    if (kind !== 'Service' || !name) return [];
    return [`${str(obj(r).namespace) ?? o.namespace}/${name}`];
  };
  return [
    ...list(o.spec.parentRefs).flatMap(ref),
    ...list(o.spec.rules).flatMap((rule) => list(obj(rule).backendRefs).flatMap(ref)),
  ];
}

/** The objects of `objects` that apply to the entity, in their given order. */
export function objectsApplyingTo(
  scope: EntityScope,
  objects: readonly ConfigObject[],
  registry: Registry,
): ConfigObject[] {
  const root = registry.rootNamespace ?? DEFAULT_ROOT_NAMESPACE;
  const anyPod = (selector: Record<string, unknown> | undefined) =>
    selector !== undefined && scope.podLabels.some((labels) => selectorMatches(selector, labels));
  const workloadPolicy = (o: ConfigObject, selector: Record<string, unknown> | undefined) =>
    (o.namespace === scope.namespace && (selector === undefined || anyPod(selector))) ||
    (o.namespace === root && selector === undefined);
  return objects.filter((o) => {
    switch (o.kind) {
      case 'VirtualService':
      case 'DestinationRule':
        return servicesOfObject(o, registry).some((s) => scope.services.has(s));
      case 'HTTPRoute':
        return httpRouteServices(o).some((s) => scope.services.has(s));
      case 'Gateway':
        return anyPod(labelsOf(o.spec.selector));
      case 'K8sGateway':
        return list(o.spec.addresses).some((a) => {
          const [name, namespace] = (str(obj(a).value) ?? '').split('.');
          return scope.services.has(`${namespace}/${name}`);
        });
      case 'Sidecar':
        return workloadPolicy(o, labelsOf(obj(o.spec.workloadSelector).labels));
      case 'PeerAuthentication':
      case 'AuthorizationPolicy':
      case 'RequestAuthentication':
        return workloadPolicy(o, labelsOf(obj(o.spec.selector).matchLabels));
      case 'ServiceEntry':
        return false;
    }
  });
}
