/**
 * Checks a routing model the way Kiali's validations and Istio's own rules do, before anything
 * is written. Errors block an apply; warnings are shown.
 */
import { hostRefersTo } from './hosts';
import type { RoutingSpec } from '../contracts/routing-model';

export interface RoutingValidation {
  severity: 'error' | 'warning';
  /** Where: `http[1].destinations[0]`, `subsets[2]`, `virtualServices`, … */
  path: string;
  message: string;
}

export interface ValidationContext {
  namespace: string;
  service: string;
  /** Services that exist in the namespace, for "host not found". */
  services: readonly string[];
  /** Pod-template labels of the service's workloads, for subsets that select nothing. */
  workloadLabels: readonly Record<string, string>[];
  /** VirtualServices (names) whose hosts cover the service. */
  virtualServices: readonly string[];
}

const matchesLabels = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

export function validateRouting(spec: RoutingSpec, ctx: ValidationContext): RoutingValidation[] {
  const out: RoutingValidation[] = [];
  const error = (path: string, message: string) => out.push({ severity: 'error', path, message });
  const warn = (path: string, message: string) => out.push({ severity: 'warning', path, message });
  const subsets = new Set(spec.subsets.map((s) => s.name));
  const isOurs = (host: string) => hostRefersTo(host, ctx.namespace, ctx.service, ctx.namespace);
  // Only hosts in this namespace can be checked; other namespaces and external hosts pass.
  const knownHost = (host: string) => {
    const [name, namespace = ctx.namespace, ...rest] = host.split('.');
    const local = namespace === ctx.namespace && (rest.length === 0 || rest[0] === 'svc');
    return !local || ctx.services.includes(name ?? '');
  };

  if (ctx.virtualServices.length > 1)
    warn(
      'virtualServices',
      `${ctx.virtualServices.length} VirtualServices route ${ctx.service} (${ctx.virtualServices.join(', ')}): Istio merges only those bound to gateways; sidecars use one of them. Keep one.`,
    );

  const checkDestinations = (
    path: string,
    destinations: RoutingSpec['http'][number]['destinations'],
  ) => {
    const total = destinations.reduce((s, d) => s + d.weight, 0);
    if (destinations.length > 1 && total === 0)
      error(`${path}.destinations`, 'the weights add up to 0: no destination would get traffic');
    if (
      destinations.length === 1 &&
      destinations[0] &&
      destinations[0].weight !== 100 &&
      destinations[0].weight !== 0
    )
      warn(
        `${path}.destinations[0]`,
        'a weight on a single destination has no effect: it gets all the traffic',
      );
    destinations.forEach((d, i) => {
      const where = `${path}.destinations[${i}]`;
      if (!knownHost(d.host)) warn(where, `host ${d.host} not found in namespace ${ctx.namespace}`);
      if (d.subset && isOurs(d.host) && !subsets.has(d.subset))
        error(
          where,
          `subset ${d.subset} is not defined in the DestinationRule: requests would fail with 503 (NR)`,
        );
    });
  };

  let catchAll: number | undefined;
  spec.http.forEach((route, i) => {
    const path = `http[${i}]`;
    if (catchAll !== undefined)
      warn(
        path,
        `unreachable: route ${catchAll + 1} has no match and takes every request before this one`,
      );
    if (route.match.length === 0 && catchAll === undefined) catchAll = i;
    checkDestinations(path, route.destinations);
    if (route.mirror?.subset && isOurs(route.mirror.host) && !subsets.has(route.mirror.subset))
      error(
        `${path}.mirror`,
        `mirror subset ${route.mirror.subset} is not defined in the DestinationRule`,
      );
    if (
      route.retries?.perTryTimeoutMs &&
      route.timeoutMs &&
      route.retries.perTryTimeoutMs > route.timeoutMs
    )
      warn(`${path}.retries`, 'the per-try timeout is longer than the route timeout');
  });
  spec.tcp.forEach((route, i) => checkDestinations(`tcp[${i}]`, route.destinations));

  const seen = new Set<string>();
  spec.subsets.forEach((s, i) => {
    if (seen.has(s.name)) error(`subsets[${i}]`, `subset ${s.name} is defined twice`);
    seen.add(s.name);
    if (Object.keys(s.labels).length === 0)
      warn(`subsets[${i}]`, `subset ${s.name} has no labels: it selects every pod of the service`);
    else if (
      ctx.workloadLabels.length &&
      !ctx.workloadLabels.some((l) => matchesLabels(s.labels, l))
    )
      warn(`subsets[${i}]`, `subset ${s.name} selects no workload of ${ctx.service}`);
  });
  return out;
}
