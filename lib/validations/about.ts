/**
 * Which Services an Istio or Gateway API object is about, for its page: the hosts a
 * VirtualService or DestinationRule names, an HTTPRoute's parents and backends, a Gateway API
 * Gateway's address, the Services selecting the pods an Istio Gateway or a workload policy
 * picks. Pure.
 */
import { isObj, list, obj, str } from '../json';
import { selectorMatches, selectorPicks } from '../kube/labels';
import type { ConfigObject, Registry } from './checks';
import { httpRouteServices } from './applies';
import { servicesOfObject } from './services';

const selectorOf = (o: ConfigObject): Record<string, unknown> | undefined => {
  const value =
    o.kind === 'Gateway'
      ? o.spec.selector
      : o.kind === 'Sidecar'
        ? obj(o.spec.workloadSelector).labels
        : obj(o.spec.selector).matchLabels;
  return isObj(value) ? value : undefined;
};

/** The Services (`namespace/name`, sorted) the object is about; none for a mesh-wide one. */
export function servicesAbout(o: ConfigObject, registry: Registry): string[] {
  let named: string[];
  switch (o.kind) {
    case 'VirtualService':
    case 'DestinationRule':
      named = servicesOfObject(o, registry);
      break;
    case 'HTTPRoute':
      named = httpRouteServices(o);
      break;
    case 'K8sGateway':
      named = list(o.spec.addresses).flatMap((a) => {
        const [name, namespace] = (str(obj(a).value) ?? '').split('.');
        return name && namespace ? [`${namespace}/${name}`] : [];
      });
      break;
    case 'ServiceEntry':
      named = [];
      break;
    default: {
      // The Services in front of the pods its selector picks: a Gateway's anywhere, a
      // workload policy's in its own namespace.
      const selector = selectorOf(o);
      if (!selector || Object.keys(selector).length === 0) return [];
      const pods = registry.pods.filter(
        (p) =>
          (o.kind === 'Gateway' || p.namespace === o.namespace) &&
          selectorMatches(selector, p.labels),
      );
      named = registry.services
        .filter((s) =>
          pods.some((p) => p.namespace === s.namespace && selectorPicks(s.selector, p.labels)),
        )
        .map((s) => `${s.namespace}/${s.name}`);
    }
  }
  return [...new Set(named)].sort();
}
