/**
 * The demo's simulated proxies obey Istio routing: VirtualServices and DestinationRules read
 * from the demo's Kubernetes API decide where each call goes — matches on headers, weighted
 * destinations, subsets by labels, fault delays and aborts, timeouts, retries and mirroring —
 * the way Envoy would, with Envoy's response flags (`FI`, `DI`, `UT`, `NR`, `UH`). Gateway API
 * HTTPRoutes attached to a Service (GAMMA) route calls to it too, to the Services they name
 * (one per version, created with kubectl), with Istio's precedence over a VirtualService.
 */
import { readRouting } from '../routing/convert';
import { attachedToService, gatewayParents, readHttpRouteRules } from '../routing/gateway-api';
import { hostRefersTo, objectSelects } from '../routing/hosts';
import type { HttpRoute, RoutingSpec, TrafficPolicy } from '../contracts/routing-model';
import { pickWeighted, type Random } from './random';
import type { DemoCall, DemoTopology, DemoWorkload } from './topology';
import { findWorkload } from './topology';

/** Where one call goes, decided before it is sent. */
export type RouteDecision =
  | {
      kind: 'forward';
      target: DemoWorkload;
      /** Injected delay before the call is forwarded (`DI`). */
      delayMs: number;
      timeoutMs: number | undefined;
      /** Further attempts after a 5xx. */
      retries: number;
      /** A workload that gets a copy of the request (fire and forget). */
      mirror: DemoWorkload | undefined;
      /** Picks the workload for a retry attempt (another draw, like Envoy's load balancer). */
      repick: () => DemoWorkload;
      /** The upstream cluster, when a DestinationRule gives it a traffic policy. */
      cluster?: UpstreamCluster;
    }
  | { kind: 'local-reply'; responseCode: number; responseFlags: string; delayMs: number };

/** An Envoy upstream cluster: a service (or subset), its hosts and its traffic policy. */
export interface UpstreamCluster {
  /** `namespace/service` or `namespace/service|subset`. */
  name: string;
  hosts: DemoWorkload[];
  policy: TrafficPolicy;
}

export type Router = (
  source: DemoWorkload,
  call: DemoCall,
  headers: Readonly<Record<string, string>>,
  random: Random,
) => RouteDecision;

/** Without routing objects: the Service balances over its workloads (the topology's weights). */
export function defaultRouter(topology: DemoTopology): Router {
  return (_source, call, _headers, random) => {
    const pick = () => findWorkload(topology, pickWeighted(random, call.to).workload);
    return {
      kind: 'forward',
      target: pick(),
      delayMs: 0,
      timeoutMs: undefined,
      retries: 0,
      mirror: undefined,
      repick: pick,
    };
  };
}

export interface RoutingObject {
  metadata: { name?: unknown; namespace?: unknown; creationTimestamp?: unknown };
  spec?: unknown;
}

/**
 * The Gateway API objects the router reads: HTTPRoutes, the Services they route to, and the
 * Gateways the gateway workloads serve (north–south routes).
 */
export interface GatewayApiObjects {
  httpRoutes: readonly RoutingObject[];
  services: readonly RoutingObject[];
  gateways?: readonly RoutingObject[];
}

/**
 * The path of a call, as route matches see it: `/<service>` (Bookinfo's gateway requests
 * `/productpage`; its other calls are `/reviews/0`, `/ratings/0`, … under the same prefix).
 */
export const callPath = (service: string): string => `/${service}`;

/** A routing object's creation, for "the oldest wins" (unix ms; unknown sorts last). */
const createdMs = (o: RoutingObject | undefined): number => {
  const ms = Date.parse(String(o?.metadata.creationTimestamp));
  return Number.isFinite(ms) ? ms : Infinity;
};

/** The labels a demo workload's pods carry, as selectors see them. */
const podLabel = (w: DemoWorkload, key: string): string | undefined =>
  key === 'app' ? w.app : key === 'version' ? w.version : undefined;

const asObj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;

/**
 * An exact, prefix or (RE2-like, whole-value) regex string match, as Envoy applies to paths
 * and headers; an invalid regex matches nothing.
 */
function stringMatches(
  match: { type: 'exact' | 'prefix' | 'regex'; value: string },
  value: string,
): boolean {
  if (match.type === 'exact') return value === match.value;
  if (match.type === 'prefix') return value.startsWith(match.value);
  try {
    return new RegExp(`^(?:${match.value})$`).test(value);
  } catch {
    return false;
  }
}

/** Whether a request (its headers, and the call's path) takes a route. */
function matches(
  route: HttpRoute,
  headers: Readonly<Record<string, string>>,
  path: string,
): boolean {
  if (route.match.length === 0) return true;
  return route.match.some(
    (m) =>
      (!m.uri || stringMatches(m.uri, path)) &&
      m.headers.every((h) => {
        const value = headers[h.name];
        return value !== undefined && stringMatches(h, value);
      }),
  );
}

/**
 * A router from the current VirtualServices and DestinationRules. Objects are looked up by the
 * service a call targets; a service without a VirtualService keeps the default balancing.
 */
export function compileRouter(
  topology: DemoTopology,
  virtualServices: readonly RoutingObject[],
  destinationRules: readonly RoutingObject[],
  gatewayApi: GatewayApiObjects = { httpRoutes: [], services: [] },
): Router {
  const fallback = defaultRouter(topology);
  const byName = (objects: readonly RoutingObject[]) =>
    [...objects].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)));
  const find = (objects: readonly RoutingObject[], service: string, namespace: string) =>
    byName(objects).find((o) => objectSelects(o, service, namespace));
  // Of several HTTPRoutes for one Service the oldest wins, as the Gateway API specifies.
  const byAge = [...gatewayApi.httpRoutes].sort((a, b) => createdMs(a) - createdMs(b));

  /**
   * The compiled routing of each service, by `namespace/service`: its VirtualService's and
   * DestinationRule's, and the HTTPRoute attached to it, if any.
   */
  const compiled = new Map<
    string,
    {
      spec: RoutingSpec;
      virtualService: RoutingObject | undefined;
      gamma?: { spec: RoutingSpec; route: RoutingObject };
    }
  >();
  for (const w of topology.workloads) {
    const key = `${w.namespace}/${w.service}`;
    if (compiled.has(key)) continue;
    const vs = find(virtualServices, w.service, w.namespace);
    const dr = find(destinationRules, w.service, w.namespace);
    const route = byAge.find((r) => attachedToService(r, w.service, w.namespace));
    if (!vs && !dr && !route) continue;
    const spec = readRouting(asObj(vs?.spec), asObj(dr?.spec));
    compiled.set(key, {
      spec,
      virtualService: vs,
      ...(route && {
        gamma: {
          spec: { ...spec, http: readHttpRouteRules(asObj(route.spec), w.namespace), tcp: [] },
          route,
        },
      }),
    });
  }

  /**
   * The routing a caller's proxy applies to a service: an HTTPRoute in the caller's own
   * namespace comes first (GAMMA's consumer override), else the older of it and the
   * VirtualService, as Istio orders routes for one host.
   */
  const routingFor = (key: string, caller: DemoWorkload): RoutingSpec | undefined => {
    const routing = compiled.get(key);
    if (!routing?.gamma) return routing?.spec;
    const { gamma, virtualService } = routing;
    const first =
      !virtualService ||
      gamma.route.metadata.namespace === caller.namespace ||
      createdMs(gamma.route) < createdMs(virtualService);
    return first ? gamma.spec : routing.spec;
  };

  /** Workloads a Service created through the API selects (a Service per version). */
  const selectedByService = (host: string, namespace: string): DemoWorkload[] | undefined => {
    const service = gatewayApi.services.find((s) =>
      hostRefersTo(host, namespace, String(s.metadata.name), String(s.metadata.namespace)),
    );
    const selector = asObj(asObj(service?.spec)?.selector);
    if (!service || !selector || Object.keys(selector).length === 0) return undefined;
    return topology.workloads.filter(
      (w) =>
        w.namespace === service.metadata.namespace &&
        Object.entries(selector).every(([k, v]) => podLabel(w, k) === v),
    );
  };

  /** Workloads a destination host + subset selects. */
  const select = (
    host: string,
    subset: string | undefined,
    namespace: string,
  ): DemoWorkload[] | 'no-subset' => {
    const service = topology.workloads.find((w) =>
      hostRefersTo(host, namespace, w.service, w.namespace),
    );
    if (!service) return (!subset && selectedByService(host, namespace)) || [];
    const workloads = topology.workloads.filter(
      (w) => w.service === service.service && w.namespace === service.namespace,
    );
    if (!subset) return workloads;
    const dr =
      compiled.get(`${service.namespace}/${service.service}`)?.spec ??
      readRouting(
        undefined,
        asObj(find(destinationRules, service.service, service.namespace)?.spec),
      );
    const defined = dr.subsets.find((s) => s.name === subset);
    if (!defined) return 'no-subset';
    return workloads.filter((w) =>
      Object.entries(defined.labels).every(([k, v]) => podLabel(w, k) === v),
    );
  };

  /** A subset's policy overrides the DestinationRule's, part by part, as in Istio. */
  const clusterOf = (
    service: DemoWorkload,
    subset: string | undefined,
    hosts: DemoWorkload[],
  ): UpstreamCluster | undefined => {
    const spec = compiled.get(`${service.namespace}/${service.service}`)?.spec;
    const own = subset ? spec?.subsets.find((s) => s.name === subset)?.trafficPolicy : undefined;
    const policy = { ...spec?.trafficPolicy, ...own };
    if (!policy.connectionPool && !policy.outlierDetection) return undefined;
    const name = `${service.namespace}/${service.service}${subset ? `|${subset}` : ''}`;
    return { name, hosts, policy };
  };

  const northSouth = gatewayRoutes(topology, gatewayApi);

  return (source, call, headers, random) => {
    const first = call.to[0] && findWorkload(topology, call.to[0].workload);
    if (!first) return fallback(source, call, headers, random);
    const path = callPath(first.service);
    // A gateway serving Gateway API Gateways routes by the HTTPRoutes attached to them: the
    // first rule that matches the request, of the oldest route first; none: 404 NR.
    const fromGateway = northSouth.get(source.name);
    if (fromGateway) {
      const rule = fromGateway.find(({ route }) => matches(route, headers, path));
      if (!rule) return { kind: 'local-reply', responseCode: 404, responseFlags: 'NR', delayMs: 0 };
      return forwardTo(rule.route.destinations, rule.route, rule.namespace, random);
    }
    const spec = routingFor(`${first.namespace}/${first.service}`, source);
    if (!spec || (spec.http.length === 0 && first.protocol !== 'tcp')) {
      // No VirtualService: plain balancing, under the DestinationRule's policy if any.
      const decision = fallback(source, call, headers, random);
      if (decision.kind !== 'forward') return decision;
      const hosts = call.to.map((t) => findWorkload(topology, t.workload));
      return { ...decision, cluster: clusterOf(first, undefined, hosts) };
    }
    if (first.protocol === 'tcp') {
      const route = spec.tcp[0];
      if (!route) return fallback(source, call, headers, random);
      return forwardTo(route.destinations, undefined, first.namespace, random);
    }
    const route = spec.http.find((r) => matches(r, headers, path));
    // No route matches: Envoy answers 404 itself with NR.
    if (!route) return { kind: 'local-reply', responseCode: 404, responseFlags: 'NR', delayMs: 0 };
    const delay =
      route.fault?.delay && random.next() * 100 < route.fault.delay.percent
        ? route.fault.delay.fixedDelayMs
        : 0;
    if (route.fault?.abort && random.next() * 100 < route.fault.abort.percent)
      return {
        kind: 'local-reply',
        responseCode: route.fault.abort.httpStatus,
        responseFlags: 'FI',
        delayMs: delay,
      };
    return forwardTo(route.destinations, route, first.namespace, random, delay);
  };

  function forwardTo(
    destinations: HttpRoute['destinations'],
    route: HttpRoute | undefined,
    namespace: string,
    random: Random,
    delayMs = 0,
  ): RouteDecision {
    const weighted =
      destinations.length > 1 ? destinations.filter((d) => d.weight > 0) : destinations;
    if (weighted.length === 0)
      return { kind: 'local-reply', responseCode: 503, responseFlags: 'NR', delayMs };
    const pick = (): DemoWorkload | RouteDecision => {
      const destination = pickWeighted(
        random,
        weighted.map((d) => ({ ...d, weight: d.weight || 1 })),
      );
      const selected = select(destination.host, destination.subset, namespace);
      // A subset the DestinationRule does not define has no cluster: 503 NR.
      if (selected === 'no-subset')
        return { kind: 'local-reply', responseCode: 503, responseFlags: 'NR', delayMs };
      // A subset that selects no pod has no healthy upstream: 503 UH.
      if (selected.length === 0)
        return { kind: 'local-reply', responseCode: 503, responseFlags: 'UH', delayMs };
      return selected[Math.floor(random.next() * selected.length)] as DemoWorkload;
    };
    const target = pick();
    if ('kind' in target) return target;
    const chosen = weighted.find((d) => {
      const hosts = select(d.host, d.subset, namespace);
      return Array.isArray(hosts) && hosts.includes(target);
    });
    const hosts = chosen ? select(chosen.host, chosen.subset, namespace) : [];
    let mirror: DemoWorkload | undefined;
    if (route?.mirror && random.next() * 100 < route.mirror.percent) {
      const selected = select(route.mirror.host, route.mirror.subset, namespace);
      if (Array.isArray(selected) && selected.length)
        mirror = selected[Math.floor(random.next() * selected.length)];
    }
    return {
      kind: 'forward',
      target,
      delayMs,
      timeoutMs: route?.timeoutMs,
      retries: route?.retries?.attempts ?? 0,
      mirror,
      repick: () => {
        const next = pick();
        return 'kind' in next ? target : next;
      },
      cluster: Array.isArray(hosts) ? clusterOf(target, chosen?.subset, hosts) : undefined,
    };
  }
}

/**
 * The north–south rules of each gateway workload that serves Gateway API Gateways, by its
 * name: a Gateway is served by the workload its `addresses` name by Service host (Istio's
 * manual deployment, e.g. `istio-ingressgateway.istio-system.svc.cluster.local`), and its
 * rules are those of the HTTPRoutes attached to it that its listeners allow (`from: Same`,
 * the default: routes of its own namespace; `All`), oldest route first.
 */
function gatewayRoutes(
  topology: DemoTopology,
  gatewayApi: GatewayApiObjects,
): Map<string, { route: HttpRoute; namespace: string }[]> {
  const out = new Map<string, { route: HttpRoute; namespace: string }[]>();
  const routes = [...gatewayApi.httpRoutes].sort((a, b) => createdMs(a) - createdMs(b));
  for (const gateway of gatewayApi.gateways ?? []) {
    const spec = asObj(gateway.spec);
    const namespace = String(gateway.metadata.namespace);
    const hosts = (Array.isArray(spec?.addresses) ? spec.addresses : [])
      .map(asObj)
      .filter((a) => (a?.type ?? 'IPAddress') === 'Hostname')
      .map((a) => String(a?.value));
    const workloads = topology.workloads.filter((w) =>
      hosts.some((host) => hostRefersTo(host, namespace, w.service, w.namespace)),
    );
    if (workloads.length === 0) continue;
    const fromAll = (Array.isArray(spec?.listeners) ? spec.listeners : []).some(
      (l) => asObj(asObj(asObj(l)?.allowedRoutes)?.namespaces)?.from === 'All',
    );
    const rules = routes
      .filter(
        (r) =>
          gatewayParents(r).includes(`${namespace}/${String(gateway.metadata.name)}`) &&
          (fromAll || r.metadata.namespace === namespace),
      )
      .flatMap((r) =>
        readHttpRouteRules(asObj(r.spec), String(r.metadata.namespace)).map((route) => ({
          route,
          namespace: String(r.metadata.namespace),
        })),
      );
    if (rules.length === 0) continue;
    for (const w of workloads) out.set(w.name, [...(out.get(w.name) ?? []), ...rules]);
  }
  return out;
}
