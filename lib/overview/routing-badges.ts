/**
 * The routing badges of a list's rows, as the graph draws them on a service: which routing
 * objects (VirtualService, DestinationRule, HTTPRoute) route its Services, and how many errors
 * their checks found. Pure: the Istio config list's items in, a summary per Service out.
 */
import { ROUTING_OBJECT_KINDS } from '../contracts/entities';
import type { ConfigItem } from '../contracts/istio-config';

export type RoutingObjectKind = (typeof ROUTING_OBJECT_KINDS)[number];

export interface RoutingSummary {
  kinds: RoutingObjectKind[];
  errors: number;
  /** The Service to open the routing editor of (the first routed one). */
  service?: { namespace: string; name: string };
}

const isRouting = (kind: string): kind is RoutingObjectKind =>
  (ROUTING_OBJECT_KINDS as readonly string[]).includes(kind);

/** Per Service (`namespace/name`): the kinds of routing objects for it and their errors. */
export function routingByService(items: readonly ConfigItem[]): Map<string, RoutingSummary> {
  const out = new Map<string, RoutingSummary>();
  for (const item of items) {
    if (!item.service || !isRouting(item.kind)) continue;
    const key = `${item.service.namespace}/${item.service.name}`;
    const summary = out.get(key) ?? { kinds: [], errors: 0, service: item.service };
    if (!summary.kinds.includes(item.kind)) summary.kinds.push(item.kind);
    summary.errors += item.checks.filter((c) => c.severity === 'error').length;
    out.set(key, summary);
  }
  for (const summary of out.values()) summary.kinds.sort();
  return out;
}

/** What routes any of a workload's (or an app's) Services, in its namespace. */
export function routingOf(
  byService: ReadonlyMap<string, RoutingSummary>,
  namespace: string,
  services: readonly string[] = [],
): RoutingSummary {
  const kinds = new Set<RoutingObjectKind>();
  let errors = 0;
  let service: RoutingSummary['service'];
  for (const name of services) {
    const summary = byService.get(`${namespace}/${name}`);
    if (!summary) continue;
    for (const kind of summary.kinds) kinds.add(kind);
    errors += summary.errors;
    service ??= summary.service;
  }
  return { kinds: [...kinds].sort(), errors, ...(service ? { service } : {}) };
}
