/**
 * Which services an Istio object is about, so that its checks can be shown where the service
 * is (a graph node, a routing page). Pure.
 */
import { list, str } from '../json';
import { hostRefersTo } from '../routing/hosts';
import type { ConfigObject, ObjectValidation, Registry } from './checks';
import { configKey } from './checks';

/** The hosts an object routes or sets policy for: a VirtualService's, a DestinationRule's. */
function hostsOf(o: ConfigObject): string[] {
  if (o.kind === 'VirtualService') return list(o.spec.hosts).flatMap((h) => str(h) ?? []);
  if (o.kind === 'DestinationRule') return [str(o.spec.host) ?? []].flat();
  return [];
}

/** The Services of the registry an object's hosts name, as `namespace/name`. */
export function servicesOfObject(o: ConfigObject, registry: Registry): string[] {
  return hostsOf(o).flatMap((host) =>
    registry.services
      .filter((s) => hostRefersTo(host, o.namespace, s.name, s.namespace))
      .map((s) => `${s.namespace}/${s.name}`),
  );
}

/** The services (`namespace/name`) whose VirtualServices or DestinationRules have errors. */
export function servicesWithErrors(
  objects: readonly ConfigObject[],
  validations: ReadonlyMap<string, ObjectValidation>,
  registry: Registry,
): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    const checks = validations.get(configKey(o))?.checks ?? [];
    if (!checks.some((c) => c.severity === 'error')) continue;
    for (const service of servicesOfObject(o, registry)) out.add(service);
  }
  return out;
}
