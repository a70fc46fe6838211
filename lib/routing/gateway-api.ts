/**
 * Gateway API HTTPRoute specs ↔ the routing model's HTTP routes, for a route attached to a
 * Service (GAMMA: east–west, what Istio's sidecars and waypoints apply to calls to it).
 *
 * The Gateway API routes to Services, not to subsets: a canary splits between one Service per
 * version (Istio's Gateway API recipes for Bookinfo add `reviews-v1`, `reviews-v2`, …). It has
 * no fault injection, matches headers exactly or by regular expression only, and has its
 * retries in the experimental channel; {@link gatewayApiProblems} says so before anything is
 * written. Writing starts from the object as read: fields we do not model (other filters,
 * method and query matches, a rule's `name`, …) survive an edit untouched.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 * @see https://gateway-api.sigs.k8s.io/mesh/
 */
import type { HttpRoute, RouteMatch, RoutingSpec } from '../contracts/routing-model';
import { formatDurationMs, parseDurationMs } from './convert';
import type { RoutingValidation } from './validate';
import { list, num, obj, str, type Obj } from '../json';

/** The Gateway API's own limits on an HTTPRoute (CRD `maxItems`). */
export const MAX_RULES = 16;
export const MAX_BACKENDS = 16;

/** A `parentRef` or `backendRef` naming a core Service (group `""`, kind `Service`). */
function isServiceRef(ref: Obj, defaultKind: 'Service' | 'Gateway'): boolean {
  const kind = str(ref.kind) ?? defaultKind;
  return kind === 'Service' && (str(ref.group) ?? '') === '';
}

interface RouteObject {
  metadata: { namespace?: unknown };
  spec?: unknown;
}

/** Is the HTTPRoute attached to the Service (GAMMA), so that it routes every call to it? */
export function attachedToService(route: RouteObject, service: string, namespace: string): boolean {
  const own = String(route.metadata.namespace);
  return list(obj(route.spec).parentRefs).some((raw) => {
    const ref = obj(raw);
    return (
      isServiceRef(ref, 'Gateway') &&
      str(ref.name) === service &&
      (str(ref.namespace) ?? own) === namespace
    );
  });
}

/** The Gateways an HTTPRoute is attached to (north–south), as `namespace/name`. */
export function gatewayParents(route: RouteObject): string[] {
  const own = String(route.metadata.namespace);
  return list(obj(route.spec).parentRefs).flatMap((raw) => {
    const ref = obj(raw);
    const name = str(ref.name);
    const isGateway =
      (str(ref.kind) ?? 'Gateway') === 'Gateway' &&
      (str(ref.group) ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io';
    return isGateway && name ? [`${str(ref.namespace) ?? own}/${name}`] : [];
  });
}

/** Does one of the HTTPRoute's rules send requests to one of these Services of `namespace`? */
export function routesToServices(
  route: RouteObject,
  services: ReadonlySet<string>,
  namespace: string,
): boolean {
  const own = String(route.metadata.namespace);
  return list(obj(route.spec).rules).some((rule) =>
    list(obj(rule).backendRefs).some((raw) => {
      const ref = obj(raw);
      const name = str(ref.name);
      return (
        isServiceRef(ref, 'Service') &&
        name !== undefined &&
        services.has(name) &&
        (str(ref.namespace) ?? own) === namespace
      );
    }),
  );
}

/** A backend's host as the routing model writes it: its name, or `name.namespace` elsewhere. */
const hostOf = (ref: Obj, routeNamespace: string): string => {
  const namespace = str(ref.namespace);
  const name = str(ref.name) ?? '';
  return namespace && namespace !== routeNamespace ? `${name}.${namespace}` : name;
};

function readMatch(raw: unknown): RouteMatch {
  const m = obj(raw);
  const headers = list(m.headers).flatMap((h): RouteMatch['headers'] => {
    const header = obj(h);
    const name = str(header.name)?.toLowerCase();
    const value = str(header.value);
    const type = (str(header.type) ?? 'Exact') === 'RegularExpression' ? 'regex' : 'exact';
    return name && value ? [{ name, type, value }] : [];
  });
  const path = obj(m.path);
  const value = str(path.value);
  const pathType = str(path.type) ?? 'PathPrefix';
  // `PathPrefix /` is the Gateway API's default match: every request, as no uri match is.
  const uri =
    value === undefined || (pathType === 'PathPrefix' && value === '/')
      ? undefined
      : {
          type:
            pathType === 'Exact'
              ? ('exact' as const)
              : pathType === 'RegularExpression'
                ? ('regex' as const)
                : ('prefix' as const),
          value,
        };
  return { headers, ...(uri ? { uri } : {}) };
}

/**
 * A backend's weight when the route leaves it out: 1 (the Gateway API's default), which for a
 * single backend means all of the traffic, read as 100 like a VirtualService's lone route.
 */
const defaultWeight = (backends: number): number => (backends === 1 ? 100 : 1);

/** A RequestMirror filter's share of requests: `percent`, else `fraction`, else all. */
function mirrorPercent(mirror: Obj): number {
  const percent = num(mirror.percent);
  if (percent !== undefined) return percent;
  const fraction = obj(mirror.fraction);
  const numerator = num(fraction.numerator);
  if (numerator === undefined) return 100;
  return (numerator / (num(fraction.denominator) ?? 100)) * 100;
}

/** The rules of an HTTPRoute as the routing model's HTTP routes, in order. */
export function readHttpRouteRules(spec: Obj | undefined, routeNamespace: string): HttpRoute[] {
  return list(spec?.rules).map((raw, source): HttpRoute => {
    const rule = obj(raw);
    const backends = list(rule.backendRefs);
    const matches = list(rule.matches).map(readMatch);
    const timeoutMs = parseDurationMs(obj(rule.timeouts).request);
    const mirrorFilter = list(rule.filters)
      .map(obj)
      .find((f) => f.type === 'RequestMirror');
    const mirror = mirrorFilter && obj(mirrorFilter.requestMirror);
    const mirrorRef = mirror && obj(mirror.backendRef);
    return {
      ...(str(rule.name) ? { name: str(rule.name) } : {}),
      source,
      // One match for every request is no match at all, as in a VirtualService.
      match: matches.every((m) => m.headers.length === 0 && !m.uri) ? [] : matches,
      destinations: backends.map((r) => {
        const ref = obj(r);
        const port = num(ref.port);
        return {
          host: hostOf(ref, routeNamespace),
          ...(port !== undefined ? { port } : {}),
          weight: num(ref.weight) ?? defaultWeight(backends.length),
        };
      }),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(mirror && mirrorRef && str(mirrorRef.name)
        ? { mirror: { host: hostOf(mirrorRef, routeNamespace), percent: mirrorPercent(mirror) } }
        : {}),
    };
  });
}

const refOf = (host: string, port: number | undefined): Obj => {
  const [name, namespace] = host.split('.');
  return { name, ...(namespace ? { namespace } : {}), ...(port !== undefined ? { port } : {}) };
};

function writeMatch(m: RouteMatch): Obj {
  const out: Obj = {};
  if (m.uri)
    out.path = {
      type: { exact: 'Exact', prefix: 'PathPrefix', regex: 'RegularExpression' }[m.uri.type],
      value: m.uri.value,
    };
  if (m.headers.length)
    // `Exact` is the default type: left out, as Istio's recipes write it.
    out.headers = m.headers.map((h) => ({
      name: h.name,
      ...(h.type === 'regex' ? { type: 'RegularExpression' } : {}),
      value: h.value,
    }));
  return out;
}

function writeRule(
  route: HttpRoute,
  original: Obj | undefined,
  service: { namespace: string; port: number },
): Obj {
  const rule: Obj = original ? structuredClone(original) : {};
  if (route.match.length) rule.matches = route.match.map(writeMatch);
  else delete rule.matches;
  // A backend keeps what we do not model (its own filters); a Service backend needs its port
  // (the CRD's own check), the service's by default.
  const before = new Map(
    list(original?.backendRefs).map((r) => [hostOf(obj(r), service.namespace), obj(r)]),
  );
  rule.backendRefs = route.destinations.map((d) => {
    const was = before.get(d.host);
    // The default weight is left out where it was.
    const unweighted =
      was && was.weight === undefined && d.weight === defaultWeight(route.destinations.length);
    const weight = unweighted ? {} : { weight: d.weight };
    return { ...was, ...refOf(d.host, d.port ?? service.port), ...weight };
  });
  const timeouts = { ...obj(rule.timeouts) };
  if (route.timeoutMs !== undefined) timeouts.request = formatDurationMs(route.timeoutMs);
  else delete timeouts.request;
  if (Object.keys(timeouts).length) rule.timeouts = timeouts;
  else delete rule.timeouts;
  const filters = list(rule.filters).filter((f) => obj(f).type !== 'RequestMirror');
  if (route.mirror)
    filters.push({
      type: 'RequestMirror',
      requestMirror: {
        backendRef: refOf(route.mirror.host, service.port),
        ...(route.mirror.percent < 100 ? { percent: route.mirror.percent } : {}),
      },
    });
  if (filters.length) rule.filters = filters;
  else delete rule.filters;
  return rule;
}

/**
 * The spec of an HTTPRoute attached to `service` that carries `routes`, from the one read (its
 * parents and every field we do not model kept), or a new one when there was none.
 */
export function writeHttpRouteSpec(
  routes: readonly HttpRoute[],
  original: Obj | undefined,
  service: { name: string; namespace: string; port: number },
): Obj {
  const spec: Obj = original
    ? structuredClone(original)
    : { parentRefs: [{ group: '', kind: 'Service', name: service.name, port: service.port }] };
  const rules = list(original?.rules);
  spec.rules = routes.map((r) =>
    writeRule(r, r.source !== undefined ? obj(rules[r.source]) : undefined, service),
  );
  return spec;
}

/** A route for a service, as far as precedence goes. */
export interface RouteAge {
  kind: 'VirtualService' | 'HTTPRoute';
  name: string;
  /** Unix seconds. */
  createdSec: number | undefined;
}

/**
 * Which of a VirtualService and an HTTPRoute routing the same service Istio's proxies use. A
 * Gateway API route in the caller's own namespace comes first (the GAMMA "consumer override");
 * otherwise Istio takes the oldest route for a host. So callers in the HTTPRoute's namespace
 * use it; callers elsewhere use the older of the two.
 */
export function routeInEffect(
  virtualService: RouteAge,
  httpRoute: RouteAge,
  namespace: string,
): string {
  const older =
    (httpRoute.createdSec ?? Infinity) < (virtualService.createdSec ?? Infinity)
      ? httpRoute
      : virtualService;
  const both = `Both VirtualService ${virtualService.name} and HTTPRoute ${httpRoute.name} route this service.`;
  const local = `Istio’s proxies in ${namespace} use the HTTPRoute (a Gateway API route in the caller’s own namespace comes first)`;
  return older === httpRoute
    ? `${both} ${local}, and so do callers in other namespaces (it is the older). Keep one.`
    : `${both} ${local}; callers in other namespaces use the older VirtualService. Keep one.`;
}

/**
 * What an HTTPRoute cannot say of a routing model: errors block the write, naming what to
 * change (or to keep the route in a VirtualService).
 */
export function gatewayApiProblems(spec: RoutingSpec): RoutingValidation[] {
  const out: RoutingValidation[] = [];
  const error = (path: string, message: string) => out.push({ severity: 'error', path, message });
  if (spec.http.length > MAX_RULES)
    error('http', `an HTTPRoute holds at most ${MAX_RULES} rules (${spec.http.length} here)`);
  if (spec.tcp.length)
    error('tcp', 'TCP routes are not HTTPRoute rules: keep them in a VirtualService');
  spec.http.forEach((route, i) => {
    const path = `http[${i}]`;
    if (route.destinations.length > MAX_BACKENDS)
      error(`${path}.destinations`, `an HTTPRoute rule has at most ${MAX_BACKENDS} backends`);
    route.destinations.forEach((d, j) => {
      if (d.subset)
        error(
          `${path}.destinations[${j}]`,
          `HTTPRoute routes to Services, not subsets: route to a Service of version ${d.subset} (for example ${d.host.split('.')[0]}-${d.subset}) instead`,
        );
    });
    route.match.forEach((m, j) =>
      m.headers.forEach((h, k) => {
        if (h.type === 'prefix')
          error(
            `${path}.match[${j}].headers[${k}]`,
            `HTTPRoute matches header ${h.name} exactly or by regular expression, not by prefix: use the regex ${h.value}.*`,
          );
      }),
    );
    if (route.fault)
      error(
        `${path}.fault`,
        'the Gateway API has no fault injection: inject faults with an Istio VirtualService',
      );
    if (route.retries)
      error(
        `${path}.retries`,
        'HTTPRoute retries are in the Gateway API’s experimental channel only: set retries with an Istio VirtualService',
      );
    if (route.mirror?.subset)
      error(`${path}.mirror`, 'HTTPRoute mirrors to a Service, not a subset');
  });
  return out;
}
