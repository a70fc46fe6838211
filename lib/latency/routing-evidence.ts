import { writerText } from '../changes/changes';
import { formatMs, utcMinute } from '../format';
import { readRouting } from '../routing/convert';
import { objectSelects } from '../routing/hosts';

/** A VirtualService as listed: where it lives and its spec, unchecked. */
export interface RoutingObject {
  metadata: {
    name: string;
    namespace: string;
    /** Its last write, as the API server recorded it (see lib/kube/client.ts). */
    changed?: { atSec: number; by?: string; actor?: string };
  };
  spec: Record<string, unknown>;
}

/** ` (changed 14:01 UTC by kubectl-client-side-apply)`, or '' when unknown. */
function changedText(changed: RoutingObject['metadata']['changed']): string {
  if (!changed) return '';
  return ` (changed ${utcMinute(changed.atSec)} UTC${writerText(changed)})`;
}

/** `on 50 % of requests with end-user: jason` */
function scope(percent: number, headers: readonly { name: string; value: string }[]): string {
  const share = percent >= 100 ? 'on every request' : `on ${percent} % of requests`;
  return headers.length
    ? `${share} with ${headers.map((h) => `${h.name}: ${h.value}`).join(', ')}`
    : share;
}

/**
 * What the routing of a service does to the time its callers' proxies spend on it: fault
 * delays, retries and timeouts in the VirtualServices that select it, each naming its object,
 * so a caller-proxy contributor says where its time was configured ("fault delay in
 * VirtualService bookinfo/details: 2.0 s on every request").
 */
export function routingEvidence(
  service: { namespace: string; name: string },
  virtualServices: readonly RoutingObject[],
): string[] {
  const out: string[] = [];
  for (const vs of virtualServices) {
    if (!objectSelects(vs, service.name, service.namespace)) continue;
    const where = `VirtualService ${vs.metadata.namespace}/${vs.metadata.name}${changedText(vs.metadata.changed)}`;
    for (const route of readRouting(vs.spec, undefined).http) {
      const headers = route.match.flatMap((m) => m.headers);
      const delay = route.fault?.delay;
      if (delay)
        out.push(
          `fault delay in ${where}: ${formatMs(delay.fixedDelayMs)} ${scope(delay.percent, headers)}`,
        );
      if (route.retries && route.retries.attempts > 0)
        out.push(
          `retries in ${where}: up to ${route.retries.attempts} attempts${route.retries.perTryTimeoutMs ? ` of ${formatMs(route.retries.perTryTimeoutMs)}` : ''}`,
        );
      if (route.timeoutMs) out.push(`timeout in ${where}: ${formatMs(route.timeoutMs)}`);
    }
  }
  return out;
}
