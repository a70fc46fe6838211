/**
 * Validations across Istio objects: Kiali's most used checks, computed from the objects and
 * the service registry (Services, ServiceEntries, pods) as read. Pure: objects in, checks out.
 * Each check has an id, Kiali's code where Kiali has the same check, a severity, where in the
 * object it is (`path`) and a message that says what to change.
 * @see https://kiali.io/docs/features/validations/
 */
import { isObj, list, num, obj, str, type Obj } from '../json';
import { hostRefersTo } from '../routing/hosts';
import type { Check, CheckId, ConfigKind } from '../contracts/istio-config';

export type { Check, CheckId, ConfigKind };

/** An Istio (or Gateway API) object as stored: `K8sGateway` is the Gateway API's Gateway. */
export interface ConfigObject {
  kind: ConfigKind;
  namespace: string;
  name: string;
  spec: Obj;
}

/** The service registry the checks resolve hosts and subsets against. */
export interface Registry {
  services: readonly {
    namespace: string;
    name: string;
    selector: Readonly<Record<string, string>>;
  }[];
  pods: readonly { namespace: string; labels: Readonly<Record<string, string>> }[];
  /** Istio's root namespace, whose selector-less PeerAuthentication is mesh-wide. */
  rootNamespace?: string;
}

export type Severity = Check['severity'];

/** An object's checks (none: valid). */
export interface ObjectValidation {
  kind: ConfigKind;
  namespace: string;
  name: string;
  checks: Check[];
}

const CODES: Record<CheckId, { code: string; severity: Severity }> = {
  'vs.subset-not-found': { code: 'KIA1107', severity: 'error' },
  'vs.host-not-found': { code: 'KIA1101', severity: 'error' },
  'vs.weights-zero': { code: 'MLS0001', severity: 'error' },
  'dr.host-not-found': { code: 'KIA0202', severity: 'error' },
  'dr.subset-selects-no-pod': { code: 'KIA0203', severity: 'error' },
  'dr.tls-disabled-under-strict': { code: 'KIA0207', severity: 'error' },
  'dr.multiple-for-host': { code: 'KIA0201', severity: 'warning' },
  'gateway.host-port-conflict': { code: 'KIA0301', severity: 'warning' },
};

const check = (id: CheckId, path: string, message: string): Check => ({
  id,
  ...CODES[id],
  path,
  message,
});

/** The key of an object in {@link validateConfig}'s answer. */
export const configKey = (o: { kind: string; namespace: string; name: string }): string =>
  `${o.kind}/${o.namespace}/${o.name}`;

/** What a host resolves to: a Service of the registry, an entry's host, or nothing. */
type Resolved = { service: Registry['services'][number] } | { entry: string } | undefined;

/**
 * Resolves hosts as Istio does, indexed: a short name in the object's namespace,
 * `name.namespace`, `name.namespace.svc` and the FQDN by one lookup each; wildcards by a scan.
 * A thousand-service mesh has thousands of destinations to resolve every few seconds.
 */
function resolver(objects: readonly ConfigObject[], registry: Registry) {
  const byKey = new Map(registry.services.map((s) => [`${s.name}.${s.namespace}`, s]));
  const entryHosts = objects
    .filter((o) => o.kind === 'ServiceEntry')
    .flatMap((o) => list(o.spec.hosts).flatMap((h) => str(h) ?? []));
  const exactEntries = new Set(entryHosts);
  const wildcardEntries = entryHosts.filter((e) => e.startsWith('*.'));
  const keyOf = (host: string, namespace: string): string | undefined => {
    const parts = host.split('.');
    if (parts.length === 1) return `${host}.${namespace}`;
    const [name, ns, svc, ...domain] = parts;
    if (parts.length === 2) return `${name}.${ns}`;
    if (svc === 'svc' && (parts.length === 3 || domain.join('.') === 'cluster.local'))
      return `${name}.${ns}`;
    return undefined;
  };
  const memo = new Map<string, Resolved>();
  return (host: string, namespace: string): Resolved => {
    const memoKey = `${host} ${namespace}`;
    if (memo.has(memoKey)) return memo.get(memoKey);
    const key = host.startsWith('*.') ? undefined : keyOf(host, namespace);
    const service =
      key !== undefined
        ? byKey.get(key)
        : host.startsWith('*.')
          ? registry.services.find((s) => hostRefersTo(host, namespace, s.name, s.namespace))
          : undefined;
    const entry =
      service === undefined
        ? exactEntries.has(host)
          ? host
          : wildcardEntries.find((e) => host.endsWith(e.slice(1)))
        : undefined;
    const resolved: Resolved = service ? { service } : entry ? { entry } : undefined;
    memo.set(memoKey, resolved);
    return resolved;
  };
}

/** `reviews` in bookinfo → `reviews.bookinfo.svc.cluster.local`; an FQDN as it is. */
const fqdnOf = (host: string, namespace: string, resolved: Resolved): string =>
  resolved && 'service' in resolved
    ? `${resolved.service.name}.${resolved.service.namespace}.svc.cluster.local`
    : host.includes('.')
      ? host
      : `${host}.${namespace}.svc.cluster.local`;

const labelsText = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

const stringRecord = (v: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(obj(v)).flatMap(([k, x]) => (str(x) ? [[k, x as string]] : [])),
  );

/** The routes of a VirtualService that send to destinations: http, tcp and tls. */
function routesOf(
  spec: Obj,
): { path: string; destinations: { path: string; d: Obj; weight?: number }[] }[] {
  return (['http', 'tcp', 'tls'] as const).flatMap((section) =>
    list(spec[section]).map((raw, i) => ({
      path: `spec.${section}[${i}]`,
      destinations: list(obj(raw).route).map((r, j) => ({
        path: `spec.${section}[${i}].route[${j}].destination`,
        d: obj(obj(r).destination),
        weight: num(obj(r).weight),
      })),
    })),
  );
}

/**
 * Validates every object against the others and the registry. Objects without a problem are
 * in the answer too, with no checks: the caller lists them as valid.
 */
export function validateConfig(
  objects: readonly ConfigObject[],
  registry: Registry,
): Map<string, ObjectValidation> {
  const out = new Map<string, ObjectValidation>(
    objects.map((o) => [
      configKey(o),
      { kind: o.kind, namespace: o.namespace, name: o.name, checks: [] },
    ]),
  );
  const add = (o: ConfigObject, c: Check) => out.get(configKey(o))?.checks.push(c);
  const resolve = resolver(objects, registry);
  const rules = objects.filter((o) => o.kind === 'DestinationRule');
  // DestinationRules by the FQDN of their host, however they name it.
  const byHost = new Map<string, ConfigObject[]>();
  for (const dr of rules) {
    const host = str(dr.spec.host);
    if (!host) continue;
    const fqdn = fqdnOf(host, dr.namespace, resolve(host, dr.namespace));
    byHost.set(fqdn, [...(byHost.get(fqdn) ?? []), dr]);
  }
  /** The DestinationRules for a host (as the VirtualService in `namespace` names it). */
  const rulesFor = (host: string, namespace: string): ConfigObject[] =>
    byHost.get(fqdnOf(host, namespace, resolve(host, namespace))) ?? [];
  const podsIn = new Map<string, Registry['pods'][number][]>();
  for (const pod of registry.pods)
    podsIn.set(pod.namespace, [...(podsIn.get(pod.namespace) ?? []), pod]);

  for (const vs of objects.filter((o) => o.kind === 'VirtualService')) {
    for (const route of routesOf(vs.spec)) {
      for (const { path, d } of route.destinations) {
        const host = str(d.host);
        if (!host || host.startsWith('*')) continue;
        if (!resolve(host, vs.namespace)) {
          add(
            vs,
            check(
              'vs.host-not-found',
              path,
              `No Service or ServiceEntry is called ${host}: requests routed here fail (503 NR). Fix the host, or create the Service.`,
            ),
          );
          continue;
        }
        const subset = str(d.subset);
        if (!subset) continue;
        const defining = rulesFor(host, vs.namespace);
        const defined = defining.flatMap((dr) =>
          list(dr.spec.subsets).flatMap((s) => str(obj(s).name) ?? []),
        );
        if (!defined.includes(subset))
          add(
            vs,
            check(
              'vs.subset-not-found',
              path,
              defining.length === 0
                ? `Subset ${subset} of ${host} is not defined: no DestinationRule for ${host} exists, so requests routed here fail (503 NR). Create a DestinationRule defining ${subset}, or route without a subset.`
                : `Subset ${subset} of ${host} is not defined by DestinationRule ${defining.map((dr) => `${dr.namespace}/${dr.name}`).join(', ')}${defined.length ? ` (it defines ${defined.join(', ')})` : ''}: requests routed here fail (503 NR). Add ${subset} to its subsets, or route to one it defines.`,
            ),
          );
      }
      const weights = route.destinations.map((d) => d.weight);
      if (
        route.destinations.length > 0 &&
        weights.some((w) => w !== undefined) &&
        weights.every((w) => (w ?? 0) === 0)
      )
        add(
          vs,
          check(
            'vs.weights-zero',
            `${route.path}.route`,
            `The weights of ${route.path.replace('spec.', '')} add up to 0: this route sends requests nowhere. Give at least one destination a weight above 0.`,
          ),
        );
    }
  }

  const strictFor = peerAuthenticationStrictness(objects, registry.rootNamespace ?? 'istio-system');
  for (const dr of rules) {
    const host = str(dr.spec.host);
    if (!host || host.startsWith('*')) continue;
    const resolved = resolve(host, dr.namespace);
    if (!resolved) {
      add(
        dr,
        check(
          'dr.host-not-found',
          'spec.host',
          `No Service or ServiceEntry is called ${host}: this DestinationRule applies to nothing. Fix the host, or create the Service.`,
        ),
      );
      continue;
    }
    if ('service' in resolved) {
      const { service } = resolved;
      list(dr.spec.subsets).forEach((raw, i) => {
        const subset = obj(raw);
        const labels = stringRecord(subset.labels);
        const wanted = Object.entries({ ...service.selector, ...labels });
        const selects = (pod: Registry['pods'][number]) =>
          wanted.every(([k, v]) => pod.labels[k] === v);
        if (Object.keys(labels).length > 0 && !(podsIn.get(service.namespace) ?? []).some(selects))
          add(
            dr,
            check(
              'dr.subset-selects-no-pod',
              `spec.subsets[${i}]`,
              `Subset ${str(subset.name) ?? i} (${labelsText(labels)}) selects no pod of Service ${service.namespace}/${service.name}: requests routed to it fail (503 UH). Fix its labels, or deploy pods that carry them.`,
            ),
          );
      });
      const strict = strictFor(service.namespace);
      const disabled = tlsDisabledAt(dr.spec);
      if (strict && disabled)
        add(
          dr,
          check(
            'dr.tls-disabled-under-strict',
            disabled,
            `Turns TLS off towards ${service.name}.${service.namespace}, whose workloads accept mutual TLS only (PeerAuthentication ${strict}, STRICT): its requests are refused. Remove tls.mode DISABLE (auto mTLS applies), or set ISTIO_MUTUAL.`,
          ),
        );
    }
  }
  for (const [host, same] of byHost) {
    if (same.length < 2) continue;
    for (const dr of same)
      add(
        dr,
        check(
          'dr.multiple-for-host',
          'spec.host',
          `DestinationRule ${same
            .filter((o) => o !== dr)
            .map((o) => `${o.namespace}/${o.name}`)
            .join(
              ', ',
            )} is for ${host} too: Istio merges their subsets and uses one traffic policy. Keep one DestinationRule per host.`,
        ),
      );
  }

  gatewayConflicts(objects, add);
  return out;
}

/** Where a DestinationRule turns TLS off (`spec.trafficPolicy.tls.mode`, or a port's), if it does. */
function tlsDisabledAt(spec: Obj): string | undefined {
  const policy = obj(spec.trafficPolicy);
  if (str(obj(policy.tls).mode) === 'DISABLE') return 'spec.trafficPolicy.tls.mode';
  const port = list(policy.portLevelSettings).findIndex(
    (p) => str(obj(obj(p).tls).mode) === 'DISABLE',
  );
  return port >= 0 ? `spec.trafficPolicy.portLevelSettings[${port}].tls.mode` : undefined;
}

/**
 * For a namespace, the selector-less PeerAuthentication that makes its workloads accept
 * mutual TLS only (`namespace/name`), if any: the namespace's own, else the mesh-wide one in
 * the root namespace (a namespace's own mode overrides the mesh's).
 */
function peerAuthenticationStrictness(
  objects: readonly ConfigObject[],
  rootNamespace: string,
): (namespace: string) => string | undefined {
  const wide = objects.filter((o) => o.kind === 'PeerAuthentication' && !isObj(o.spec.selector));
  const modeOf = (o: ConfigObject) => str(obj(o.spec.mtls).mode);
  return (namespace) => {
    const own = wide.find((o) => o.namespace === namespace && modeOf(o) !== undefined);
    const mesh = wide.find((o) => o.namespace === rootNamespace && modeOf(o) !== undefined);
    const applies = own ?? mesh;
    return applies && modeOf(applies) === 'STRICT'
      ? `${applies.namespace}/${applies.name}`
      : undefined;
  };
}

/**
 * Istio Gateways on the same gateway pods (equal selectors) that claim the same port and
 * host (`*` claims every host): the gateway serves only one of them there.
 */
function gatewayConflicts(
  objects: readonly ConfigObject[],
  add: (o: ConfigObject, c: Check) => void,
): void {
  const gateways = objects.filter((o) => o.kind === 'Gateway');
  const claims = (g: ConfigObject) =>
    list(g.spec.servers).flatMap((raw, i) => {
      const server = obj(raw);
      const port = num(obj(server.port).number);
      return port === undefined
        ? []
        : list(server.hosts).flatMap((h) => {
            const host = str(h);
            // `ns/host` names the routes' namespace; the host is after the slash.
            return host ? [{ port, host: host.split('/').at(-1) as string, server: i }] : [];
          });
    });
  const selectorOf = (g: ConfigObject) => labelsText(stringRecord(g.spec.selector));
  for (const g of gateways) {
    for (const other of gateways) {
      if (other === g || selectorOf(other) !== selectorOf(g)) continue;
      const theirs = claims(other);
      const clash = claims(g).find((mine) =>
        theirs.some(
          (t) =>
            t.port === mine.port && (t.host === mine.host || t.host === '*' || mine.host === '*'),
        ),
      );
      if (clash)
        add(
          g,
          check(
            'gateway.host-port-conflict',
            `spec.servers[${clash.server}]`,
            `Gateway ${other.namespace}/${other.name} also claims ${clash.host} on port ${clash.port} of the same gateway pods: only one of them serves it. Give each Gateway its own hosts or port.`,
          ),
        );
    }
  }
}
