/**
 * Istio VirtualService / DestinationRule specs ↔ the routing model. Reading normalises what
 * Istio allows several ways (weights left out, `percent` vs `percentage`, headers by map);
 * writing starts from the object as read and replaces only what the model covers, so fields we
 * do not model (gateways, CORS, query-param matches, …) survive an edit untouched.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
import { GO_DURATION, parseDuration } from '../duration';
import type {
  Destination,
  HttpRoute,
  RouteMatch,
  RoutingSpec,
  Subset,
  TcpRoute,
  TrafficPolicy,
} from '../contracts/routing-model';
import { isObj, list, num, obj, str, type Obj } from '../json';

const clone = <T>(v: T): T => structuredClone(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `1.5s`, `300ms`, `1m30s` → ms (rounded); undefined when it is not a duration. */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = parseDuration(value, GO_DURATION, 'ms');
  return ms === undefined ? undefined : Math.round(ms);
}

/** ms → the shortest exact Istio duration: `2s`, `1.5s`, `250ms`. */
export function formatDurationMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : ms > 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Istio's `percentage: {value}` (or the deprecated integer `percent`). */
function readPercent(holder: Obj): number {
  return num(obj(holder.percentage).value) ?? num(holder.percent) ?? 100;
}

function readMatch(raw: unknown): RouteMatch {
  const m = obj(raw);
  const headers = Object.entries(obj(m.headers)).flatMap(([name, condition]) => {
    const c = obj(condition);
    const type = (['exact', 'prefix', 'regex'] as const).find((t) => str(c[t]) !== undefined);
    return type ? [{ name, type, value: c[type] as string }] : [];
  });
  const uriRaw = obj(m.uri);
  const uriType = (['exact', 'prefix', 'regex'] as const).find((t) => str(uriRaw[t]) !== undefined);
  return {
    headers,
    ...(uriType ? { uri: { type: uriType, value: uriRaw[uriType] as string } } : {}),
  };
}

function readDestinations(raw: unknown): Destination[] {
  const routes = list(raw);
  return routes.map((r) => {
    const d = obj(obj(r).destination);
    const weight = num(obj(r).weight);
    return {
      host: str(d.host) ?? '',
      ...(str(d.subset) ? { subset: d.subset as string } : {}),
      ...(num(obj(d.port).number) ? { port: num(obj(d.port).number) as number } : {}),
      // One destination without a weight gets everything; several without weights get 0.
      weight: weight ?? (routes.length === 1 ? 100 : 0),
    };
  });
}

function readHttpRoute(raw: unknown, index: number): HttpRoute {
  const r = obj(raw);
  const fault = obj(r.fault);
  const delay = obj(fault.delay);
  const abort = obj(fault.abort);
  const delayMs = parseDurationMs(delay.fixedDelay);
  const abortStatus = num(abort.httpStatus);
  const retries = obj(r.retries);
  const attempts = num(retries.attempts);
  const mirror = obj(r.mirror);
  const timeoutMs = parseDurationMs(r.timeout);
  const perTry = parseDurationMs(retries.perTryTimeout);
  return {
    ...(str(r.name) ? { name: r.name as string } : {}),
    source: index,
    match: list(r.match).map(readMatch),
    destinations: readDestinations(r.route),
    ...(delayMs || abortStatus
      ? {
          fault: {
            ...(delayMs ? { delay: { fixedDelayMs: delayMs, percent: readPercent(delay) } } : {}),
            ...(abortStatus
              ? { abort: { httpStatus: abortStatus, percent: readPercent(abort) } }
              : {}),
          },
        }
      : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(attempts !== undefined
      ? {
          retries: {
            attempts,
            ...(perTry ? { perTryTimeoutMs: perTry } : {}),
            ...(str(retries.retryOn) ? { retryOn: retries.retryOn as string } : {}),
          },
        }
      : {}),
    ...(str(mirror.host)
      ? {
          mirror: {
            host: mirror.host as string,
            ...(str(mirror.subset) ? { subset: mirror.subset as string } : {}),
            percent: num(obj(r.mirrorPercentage).value) ?? num(r.mirrorPercent) ?? 100,
          },
        }
      : {}),
  };
}

function readTrafficPolicy(raw: unknown): TrafficPolicy | undefined {
  if (!isObj(raw)) return undefined;
  const lb = obj(raw.loadBalancer);
  const hash = obj(lb.consistentHash);
  const pool = obj(raw.connectionPool);
  const tcp = obj(pool.tcp);
  const http = obj(pool.http);
  const outlier = obj(raw.outlierDetection);
  const tls = obj(raw.tls);
  const defined = <T extends Obj>(o: T): T | undefined =>
    Object.values(o).some((v) => v !== undefined) ? o : undefined;
  const loadBalancer = str(lb.simple)
    ? { simple: lb.simple as 'ROUND_ROBIN' }
    : str(hash.httpHeaderName)
      ? { consistentHash: { httpHeaderName: hash.httpHeaderName as string } }
      : isObj(hash.httpCookie) && str(hash.httpCookie.name)
        ? {
            consistentHash: {
              httpCookie: {
                name: hash.httpCookie.name as string,
                ...(parseDurationMs(hash.httpCookie.ttl)
                  ? { ttlMs: parseDurationMs(hash.httpCookie.ttl) }
                  : {}),
              },
            },
          }
        : hash.useSourceIp === true
          ? { consistentHash: { useSourceIp: true as const } }
          : undefined;
  const policy = {
    loadBalancer,
    connectionPool: defined({
      maxConnections: num(tcp.maxConnections),
      http1MaxPendingRequests: num(http.http1MaxPendingRequests),
      http2MaxRequests: num(http.http2MaxRequests),
      maxRequestsPerConnection: num(http.maxRequestsPerConnection),
      maxRetries: num(http.maxRetries),
    }),
    outlierDetection: defined({
      consecutive5xxErrors: num(outlier.consecutive5xxErrors),
      consecutiveGatewayErrors: num(outlier.consecutiveGatewayErrors),
      intervalMs: parseDurationMs(outlier.interval),
      baseEjectionTimeMs: parseDurationMs(outlier.baseEjectionTime),
      maxEjectionPercent: num(outlier.maxEjectionPercent),
    }),
    tls: str(tls.mode) ? { mode: tls.mode as 'ISTIO_MUTUAL' } : undefined,
  };
  const clean = Object.fromEntries(Object.entries(policy).filter(([, v]) => v !== undefined));
  return Object.keys(clean).length ? (clean as TrafficPolicy) : undefined;
}

/** The routing model of a VirtualService and DestinationRule spec (either may be absent). */
export function readRouting(vsSpec: Obj | undefined, drSpec: Obj | undefined): RoutingSpec {
  return {
    http: list(vsSpec?.http).map(readHttpRoute),
    tcp: list(vsSpec?.tcp).map((raw, source): TcpRoute => ({
      source,
      destinations: readDestinations(obj(raw).route),
    })),
    subsets: list(drSpec?.subsets).map((raw): Subset => {
      const s = obj(raw);
      const policy = readTrafficPolicy(s.trafficPolicy);
      return {
        name: str(s.name) ?? '',
        labels: Object.fromEntries(
          Object.entries(obj(s.labels)).filter(
            (e): e is [string, string] => typeof e[1] === 'string',
          ),
        ),
        ...(policy ? { trafficPolicy: policy } : {}),
      };
    }),
    ...(readTrafficPolicy(drSpec?.trafficPolicy)
      ? { trafficPolicy: readTrafficPolicy(drSpec?.trafficPolicy) }
      : {}),
  };
}

// ---- writing ------------------------------------------------------------------------------

const writePercent = (value: number) => ({ value });

function writeMatch(m: RouteMatch): Obj {
  return {
    ...(m.headers.length
      ? { headers: Object.fromEntries(m.headers.map((h) => [h.name, { [h.type]: h.value }])) }
      : {}),
    ...(m.uri ? { uri: { [m.uri.type]: m.uri.value } } : {}),
  };
}

function writeDestinations(destinations: Destination[]): Obj[] {
  return destinations.map((d) => ({
    destination: {
      host: d.host,
      ...(d.subset ? { subset: d.subset } : {}),
      ...(d.port ? { port: { number: d.port } } : {}),
    },
    // A lone destination gets everything: Istio wants no weight (or 100) there.
    ...(destinations.length > 1 ? { weight: d.weight } : {}),
  }));
}

/** Sets `key` to `value`, or removes it when `value` is undefined. */
function put(target: Obj, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

function writeHttpRoute(route: HttpRoute, original: Obj | undefined): Obj {
  const out: Obj = original ? clone(original) : {};
  const before = original ? readHttpRoute(original, route.source ?? 0) : undefined;
  put(out, 'name', route.name);
  // Matches may hold fields we do not model (query params, source labels): keep them unless edited.
  if (!before || !same(before.match, route.match))
    put(out, 'match', route.match.length ? route.match.map(writeMatch) : undefined);
  if (!before || !same(before.destinations, route.destinations))
    put(out, 'route', writeDestinations(route.destinations));
  if (!before || !same(before.fault, route.fault)) {
    const fault = route.fault;
    put(
      out,
      'fault',
      fault && (fault.delay || fault.abort)
        ? {
            ...(fault.delay
              ? {
                  delay: {
                    fixedDelay: formatDurationMs(fault.delay.fixedDelayMs),
                    percentage: writePercent(fault.delay.percent),
                  },
                }
              : {}),
            ...(fault.abort
              ? {
                  abort: {
                    httpStatus: fault.abort.httpStatus,
                    percentage: writePercent(fault.abort.percent),
                  },
                }
              : {}),
          }
        : undefined,
    );
  }
  if (!before || before.timeoutMs !== route.timeoutMs)
    put(out, 'timeout', route.timeoutMs ? formatDurationMs(route.timeoutMs) : undefined);
  if (!before || !same(before.retries, route.retries)) {
    const r = route.retries;
    put(
      out,
      'retries',
      r
        ? {
            ...obj(out.retries),
            attempts: r.attempts,
            ...(r.perTryTimeoutMs ? { perTryTimeout: formatDurationMs(r.perTryTimeoutMs) } : {}),
            ...(r.retryOn ? { retryOn: r.retryOn } : {}),
          }
        : undefined,
    );
    if (r && !r.perTryTimeoutMs) delete obj(out.retries).perTryTimeout;
    if (r && !r.retryOn) delete obj(out.retries).retryOn;
  }
  if (!before || !same(before.mirror, route.mirror)) {
    const m = route.mirror;
    put(out, 'mirror', m ? { host: m.host, ...(m.subset ? { subset: m.subset } : {}) } : undefined);
    put(out, 'mirrorPercentage', m ? writePercent(m.percent) : undefined);
    delete out.mirrorPercent;
  }
  return out;
}

function writeTrafficPolicy(policy: TrafficPolicy | undefined, original: unknown): Obj | undefined {
  if (!policy) return undefined;
  if (isObj(original) && same(readTrafficPolicy(original), policy)) return clone(original);
  const out: Obj = isObj(original) ? clone(original) : {};
  const lb = policy.loadBalancer;
  put(
    out,
    'loadBalancer',
    !lb
      ? undefined
      : 'simple' in lb
        ? { simple: lb.simple }
        : {
            consistentHash:
              'httpHeaderName' in lb.consistentHash
                ? { httpHeaderName: lb.consistentHash.httpHeaderName }
                : 'httpCookie' in lb.consistentHash
                  ? {
                      httpCookie: {
                        name: lb.consistentHash.httpCookie.name,
                        ...(lb.consistentHash.httpCookie.ttlMs
                          ? { ttl: formatDurationMs(lb.consistentHash.httpCookie.ttlMs) }
                          : {}),
                      },
                    }
                  : { useSourceIp: true },
          },
  );
  const pool = policy.connectionPool;
  const tcp =
    pool?.maxConnections !== undefined ? { maxConnections: pool.maxConnections } : undefined;
  const http = pool
    ? Object.fromEntries(
        (
          [
            'http1MaxPendingRequests',
            'http2MaxRequests',
            'maxRequestsPerConnection',
            'maxRetries',
          ] as const
        )
          .filter((k) => pool[k] !== undefined)
          .map((k) => [k, pool[k]]),
      )
    : {};
  put(
    out,
    'connectionPool',
    tcp || Object.keys(http).length
      ? { ...(tcp ? { tcp } : {}), ...(Object.keys(http).length ? { http } : {}) }
      : undefined,
  );
  const o = policy.outlierDetection;
  put(
    out,
    'outlierDetection',
    o
      ? {
          ...(o.consecutive5xxErrors !== undefined
            ? { consecutive5xxErrors: o.consecutive5xxErrors }
            : {}),
          ...(o.consecutiveGatewayErrors !== undefined
            ? { consecutiveGatewayErrors: o.consecutiveGatewayErrors }
            : {}),
          ...(o.intervalMs ? { interval: formatDurationMs(o.intervalMs) } : {}),
          ...(o.baseEjectionTimeMs
            ? { baseEjectionTime: formatDurationMs(o.baseEjectionTimeMs) }
            : {}),
          ...(o.maxEjectionPercent !== undefined
            ? { maxEjectionPercent: o.maxEjectionPercent }
            : {}),
        }
      : undefined,
  );
  put(
    out,
    'tls',
    policy.tls
      ? { ...obj(isObj(original) ? original.tls : undefined), mode: policy.tls.mode }
      : undefined,
  );
  return Object.keys(out).length ? out : undefined;
}

/**
 * New VirtualService and DestinationRule specs for `spec`, built on the specs as read. Returns
 * undefined for an object that should not exist (no routes; no subsets and no policy).
 */
export function writeRouting(
  spec: RoutingSpec,
  original: { virtualService?: Obj; destinationRule?: Obj },
  host: string,
): { virtualService: Obj | undefined; destinationRule: Obj | undefined } {
  const vsOriginal = original.virtualService;
  const drOriginal = original.destinationRule;
  let virtualService: Obj | undefined;
  if (spec.http.length || spec.tcp.length) {
    virtualService = vsOriginal ? clone(vsOriginal) : { hosts: [host] };
    put(
      virtualService,
      'http',
      spec.http.length
        ? spec.http.map((r) =>
            writeHttpRoute(
              r,
              r.source !== undefined ? obj(list(vsOriginal?.http)[r.source]) : undefined,
            ),
          )
        : undefined,
    );
    put(
      virtualService,
      'tcp',
      spec.tcp.length
        ? spec.tcp.map((r) => {
            const base =
              r.source !== undefined && vsOriginal
                ? clone(obj(list(vsOriginal.tcp)[r.source]))
                : {};
            return { ...base, route: writeDestinations(r.destinations) };
          })
        : undefined,
    );
  }
  let destinationRule: Obj | undefined;
  if (spec.subsets.length || spec.trafficPolicy) {
    destinationRule = drOriginal ? clone(drOriginal) : { host };
    const originalSubsets = new Map(
      list(drOriginal?.subsets).map((s) => [str(obj(s).name), obj(s)]),
    );
    put(
      destinationRule,
      'subsets',
      spec.subsets.length
        ? spec.subsets.map((s) => {
            const base = originalSubsets.get(s.name);
            const out: Obj = base ? clone(base) : {};
            out.name = s.name;
            out.labels = s.labels;
            if (!same(readTrafficPolicy(base?.trafficPolicy), s.trafficPolicy))
              put(out, 'trafficPolicy', writeTrafficPolicy(s.trafficPolicy, base?.trafficPolicy));
            return out;
          })
        : undefined,
    );
    // Untouched unless edited: an explicit `null` or fields we do not model stay as they were.
    if (!same(readTrafficPolicy(drOriginal?.trafficPolicy), spec.trafficPolicy))
      put(
        destinationRule,
        'trafficPolicy',
        writeTrafficPolicy(spec.trafficPolicy, drOriginal?.trafficPolicy),
      );
  }
  return { virtualService, destinationRule };
}
