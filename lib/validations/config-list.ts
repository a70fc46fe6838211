/**
 * The Istio config list's view of the objects: each one's status from its checks, the
 * filters a person applies (kind, status, name), and the counts the page states. Pure.
 */
import type { ConfigItem, ConfigKind } from '../contracts/istio-config';

export type ConfigStatus = 'valid' | 'warning' | 'error';

/** An object's worst check: `error` if any, else `warning` if any, else `valid`. */
export function statusOf(item: Pick<ConfigItem, 'checks'>): ConfigStatus {
  if (item.checks.some((c) => c.severity === 'error')) return 'error';
  return item.checks.length > 0 ? 'warning' : 'valid';
}

/** How a kind is named on the page: the Gateway API's Gateway apart from Istio's. */
export const KIND_TEXT: Record<ConfigKind, string> = {
  VirtualService: 'VirtualService',
  DestinationRule: 'DestinationRule',
  Gateway: 'Gateway (Istio)',
  ServiceEntry: 'ServiceEntry',
  Sidecar: 'Sidecar',
  PeerAuthentication: 'PeerAuthentication',
  AuthorizationPolicy: 'AuthorizationPolicy',
  RequestAuthentication: 'RequestAuthentication',
  HTTPRoute: 'HTTPRoute',
  K8sGateway: 'Gateway (Gateway API)',
};

export interface ConfigFilter {
  /** Only these kinds (none: every kind). */
  kinds?: readonly ConfigKind[];
  /** `invalid`: errors or warnings; `error`: errors only. */
  status?: 'all' | 'invalid' | 'error';
  /** Part of the name, any case. */
  text?: string;
}

export function filterConfig(items: readonly ConfigItem[], filter: ConfigFilter): ConfigItem[] {
  const text = filter.text?.trim().toLowerCase() ?? '';
  const kinds = new Set(filter.kinds ?? []);
  return items.filter((item) => {
    if (kinds.size > 0 && !kinds.has(item.kind)) return false;
    const status = statusOf(item);
    if (filter.status === 'error' && status !== 'error') return false;
    if (filter.status === 'invalid' && status === 'valid') return false;
    return text === '' || item.name.toLowerCase().includes(text);
  });
}

/** How many objects, and how many with errors and with warnings only. */
export function configSummary(items: readonly ConfigItem[]): {
  objects: number;
  errors: number;
  warnings: number;
} {
  let errors = 0;
  let warnings = 0;
  for (const item of items) {
    const status = statusOf(item);
    if (status === 'error') errors += 1;
    else if (status === 'warning') warnings += 1;
  }
  return { objects: items.length, errors, warnings };
}
