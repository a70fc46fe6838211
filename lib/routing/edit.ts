/** Edits the editor makes to a routing model, as pure functions. */
import type {
  Destination,
  HttpRoute,
  RoutingSpec,
  TrafficPolicy,
} from '../contracts/routing-model';
import { SUBSET_NAME } from '../contracts/routing-model';
import { distributeEvenly, normaliseTo } from './weights';

/**
 * Routing for a service that has none: one subset per `version` label found on its workloads
 * and a default route whose weights reproduce today's balancing (each version's share of the
 * ready pods), so creating it changes nothing until the weights are moved.
 */
export function initialRouting(
  service: string,
  workloads: readonly { labels: Record<string, string>; readyReplicas?: number }[],
): RoutingSpec {
  const versions = [
    ...new Set(
      workloads.map((w) => w.labels.version).filter((v): v is string => !!v && SUBSET_NAME.test(v)),
    ),
  ].sort();
  const subsets = versions.map((version) => ({ name: version, labels: { version } }));
  if (versions.length === 0)
    return {
      http: [{ match: [], destinations: [{ host: service, weight: 100 }] }],
      tcp: [],
      subsets,
    };
  // Creating routing must not move traffic: the Service balances over ready pods, so each
  // version starts with its share of them (a workload of unknown size counts as one pod).
  const pods = versions.map((version) =>
    workloads
      .filter((w) => w.labels.version === version)
      .reduce((sum, w) => sum + (w.readyReplicas ?? 1), 0),
  );
  const weights = normaliseTo(pods);
  return {
    http: [
      {
        match: [],
        destinations: versions.map((subset, i) => ({
          host: service,
          subset,
          weight: weights[i] ?? 0,
        })),
      },
    ],
    tcp: [],
    subsets,
  };
}

/** Index where a new matching rule goes: before the first catch-all route (else at the end). */
export const beforeCatchAll = (spec: RoutingSpec): number => {
  const index = spec.http.findIndex((r) => r.match.length === 0);
  return index === -1 ? spec.http.length : index;
};

/** Where a new route sends its requests: a service (and subset), or a Service of its own. */
export type Target = Pick<Destination, 'host' | 'subset'>;

/** Adds a hidden release: requests whose header matches go to `target`, before the default route. */
export function addHiddenRelease(
  spec: RoutingSpec,
  header: { name: string; type: 'exact' | 'prefix' | 'regex'; value: string },
  target: Target,
): RoutingSpec {
  const route: HttpRoute = {
    match: [{ headers: [header] }],
    destinations: [{ ...target, weight: 100 }],
  };
  const at = beforeCatchAll(spec);
  return { ...spec, http: [...spec.http.slice(0, at), route, ...spec.http.slice(at)] };
}

/** Adds a route for every request (after the others) that sends it all to `target`. */
export function addDefaultRoute(spec: RoutingSpec, target: Target): RoutingSpec {
  const route: HttpRoute = { match: [], destinations: [{ ...target, weight: 100 }] };
  return { ...spec, http: [...spec.http, route] };
}

/**
 * Where a route's destinations can go: a subset of the service (a VirtualService beside its
 * DestinationRule), or a Service of its own (a Gateway API HTTPRoute, which names Services:
 * one per version).
 */
export type DestinationChoices =
  | { kind: 'subset'; service: string; subsets: readonly string[] }
  | {
      kind: 'service';
      /** Every Service of the namespace, the service's own version Services first. */
      services: readonly string[];
      /** The service's own version Services (`reviews-v1`, …): what new routes go to. */
      versions: readonly string[];
    };

/** The choices for a service's routes; its own version Services (`reviews-v2`) come first. */
export function destinationChoices(
  routeKind: 'VirtualService' | 'HTTPRoute',
  service: string,
  subsets: readonly string[],
  services: readonly string[],
): DestinationChoices {
  if (routeKind === 'VirtualService') return { kind: 'subset', service, subsets };
  const versions = services.filter((name) => name.startsWith(`${service}-`));
  return {
    kind: 'service',
    services: [...versions, ...services.filter((name) => !versions.includes(name))],
    versions,
  };
}

/** The choices as a select offers them: a value and what it shows. */
export function choiceOptions(choices: DestinationChoices): { value: string; label: string }[] {
  return choices.kind === 'subset'
    ? [
        { value: '', label: `any (${choices.service})` },
        ...choices.subsets.map((s) => ({ value: s, label: s })),
      ]
    : choices.services.map((s) => ({ value: s, label: s }));
}

/** A destination's value among the choices. */
export const choiceOf = (choices: DestinationChoices, d: Target): string =>
  choices.kind === 'subset' ? (d.subset ?? '') : d.host;

/** The destination a chosen value stands for. */
export function targetOf(choices: DestinationChoices, value: string): Target {
  if (choices.kind === 'service') return { host: value };
  return { host: choices.service, ...(value ? { subset: value } : {}) };
}

/**
 * The `index`-th target of the choices (the last when there are fewer), for new routes: a
 * subset, or one of the service's own version Services (any Service when it has none).
 */
export function nthTarget(choices: DestinationChoices, index: number): Target {
  const options =
    choices.kind === 'subset'
      ? choices.subsets
      : choices.versions.length
        ? choices.versions
        : choices.services;
  const value = options[Math.min(index, options.length - 1)] ?? '';
  return choices.kind === 'subset' && !value ? { host: choices.service } : targetOf(choices, value);
}

/**
 * An HTTPRoute for a service that has no routing: its default rule sends each version's share
 * of the ready pods to that version's own Service (`reviews-v1`, …), so creating it changes
 * nothing until the weights are moved. Undefined when a version has no Service of its own yet.
 */
export function initialHttpRoute(
  service: string,
  workloads: readonly { labels: Record<string, string>; readyReplicas?: number }[],
  services: readonly string[],
): RoutingSpec | undefined {
  const routing = initialRouting(service, workloads);
  const destinations = routing.http[0]?.destinations ?? [];
  if (!destinations.every((d) => d.subset && services.includes(`${service}-${d.subset}`)))
    return undefined;
  return {
    http: [
      {
        match: [],
        destinations: destinations.map((d) => ({
          host: `${service}-${d.subset}`,
          weight: d.weight,
        })),
      },
    ],
    tcp: [],
    subsets: [],
  };
}

/** Sends a route's traffic across every subset evenly (a starting point for a canary). */
export function splitAcrossSubsets(
  route: HttpRoute,
  service: string,
  subsets: readonly string[],
): HttpRoute {
  const weights = distributeEvenly(subsets.length);
  return {
    ...route,
    destinations: subsets.map((subset, i) => ({ host: service, subset, weight: weights[i] ?? 0 })),
  };
}

/** A short description of a route for headings: `default`, `end-user = jason`, … */
export function routeLabel(route: HttpRoute): string {
  if (route.match.length === 0) return 'default (every request)';
  return route.match
    .map(
      (m) =>
        [
          ...m.headers.map(
            (h) =>
              `${h.name} ${h.type === 'exact' ? '=' : h.type === 'prefix' ? 'starts with' : '~'} ${h.value}`,
          ),
          ...(m.uri
            ? [
                `path ${m.uri.type === 'exact' ? '=' : m.uri.type === 'prefix' ? 'starts with' : '~'} ${m.uri.value}`,
              ]
            : []),
        ].join(' and ') || 'any request',
    )
    .join(' or ');
}

/** Drops a policy's empty parts, so that an untouched policy stays absent from the object. */
export function tidyPolicy(policy: TrafficPolicy): TrafficPolicy | undefined {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(policy)) {
    const empty =
      value === undefined ||
      (typeof value === 'object' &&
        value !== null &&
        Object.values(value).every((x) => x === undefined));
    if (!empty) clean[key] = value;
  }
  return Object.keys(clean).length ? (clean as TrafficPolicy) : undefined;
}

/** Labels typed as `key=value,key=value`; pairs without a key or a `=` are left out. */
export function parseLabels(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .map((pair) => pair.split('=').map((p) => p.trim()))
      .filter((p): p is [string, string] => p.length === 2 && !!p[0]),
  );
}

/** Labels as the subset editor shows them: `key=value,key=value`. */
export const labelsText = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
