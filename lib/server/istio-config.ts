import 'server-only';
import { dumpYaml } from '@kubernetes/client-node';
import type {
  ConfigItem,
  ConfigObjectResponse,
  ConfigObjectTarget,
  IstioConfigParams,
  IstioConfigResponse,
} from '../contracts/istio-config';
import { listServedHttpRoutes, type KubeClient } from '../kube/client';
import { ISTIO_CONFIG_KINDS, type IstioConfigKind, type RoutingResource } from '../kube/types';
import { configKey, validateConfig, type ConfigObject, type Registry } from '../validations/checks';
import { servicesAbout } from '../validations/about';
import { KIND_TEXT } from '../validations/config-list';
import { servicesOfObject } from '../validations/services';
import { optionalList } from './optional-list';
import { NotFoundError } from './route';

/** An object as listed: with its creation, when the API said. */
type Listed = ConfigObject & { createdSec?: number };

/**
 * Every Istio and Gateway API object Meshlens lists, and the service registry the checks
 * resolve against, read in parallel. A kind that cannot be read is left out with a warning
 * naming it; one the cluster does not serve is simply absent. Services are required: when the
 * Kubernetes API cannot list them, this fails with its error.
 */
export async function readMeshConfig(
  kube: KubeClient,
  signal: AbortSignal | undefined,
): Promise<{ objects: Listed[]; registry: Registry; warnings: string[] }> {
  const warnings: string[] = [];
  const optional = <T>(what: string, list: Promise<T[]>) =>
    optionalList(list, (message) => warnings.push(`${message} (${what} not listed)`));
  /** A routing object as a listed object: its kind, name and creation. */
  const listed =
    (kind: 'VirtualService' | 'DestinationRule' | 'HTTPRoute') =>
    (o: RoutingResource): Listed => ({
      kind,
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      ...(o.metadata.createdSec !== undefined ? { createdSec: o.metadata.createdSec } : {}),
      spec: o.spec,
    });
  const routing = (kind: 'VirtualService' | 'DestinationRule') =>
    optional(
      `${kind}s`,
      kube.listRouting(kind, undefined, { signal }).then((items) => items.map(listed(kind))),
    );
  const istio = (kind: IstioConfigKind) =>
    optional(
      `${kind}s`,
      kube
        .listIstioConfig(kind, undefined, { signal })
        .then((items) => items.map((o) => ({ kind, ...o }))),
    );
  const [virtualServices, destinationRules, httpRoutes, gateways, others, services, deployments] =
    await Promise.all([
      routing('VirtualService'),
      routing('DestinationRule'),
      optional(
        'HTTPRoutes',
        listServedHttpRoutes(kube, undefined, { signal }).then((served) =>
          served.routes.map(listed('HTTPRoute')),
        ),
      ),
      optional(
        'Gateways',
        kube.listGateways(undefined, { signal }).then((items) =>
          items.map((g): ConfigObject => ({
            kind: g.api === 'istio' ? 'Gateway' : 'K8sGateway',
            namespace: g.namespace,
            name: g.name,
            spec: g.spec,
          })),
        ),
      ),
      Promise.all((Object.keys(ISTIO_CONFIG_KINDS) as IstioConfigKind[]).map(istio)),
      // Not optional: without the core API there is no list to show, and the error says why.
      kube.listServices(undefined, { signal }),
      optional('Deployments (subsets unchecked)', kube.listDeployments(undefined, { signal })),
    ]);
  return {
    objects: [
      ...virtualServices,
      ...destinationRules,
      ...httpRoutes,
      ...gateways,
      ...others.flat(),
    ],
    registry: {
      services,
      // A Deployment with pods available stands for its pods: their labels are its template's.
      pods: deployments
        .filter((d) => d.availableReplicas > 0)
        .map((d) => ({ namespace: d.namespace, labels: d.templateLabels })),
    },
    warnings,
  };
}

/** `GET /api/istio`: the objects of the namespaces asked for, each with its checks. */
export async function loadIstioConfig(
  kube: KubeClient,
  params: IstioConfigParams,
  options: { signal?: AbortSignal } = {},
): Promise<IstioConfigResponse> {
  const { objects, registry, warnings } = await readMeshConfig(kube, options.signal);
  // Every object is checked against all the others: a VirtualService's subset may be defined
  // in another namespace's DestinationRule.
  const validations = validateConfig(objects, registry);
  const wanted = new Set(params.namespaces);
  const items = objects
    .filter((o) => wanted.size === 0 || wanted.has(o.namespace))
    .map((o) => configItemOf(o, validations, registry))
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.kind.localeCompare(b.kind) ||
        a.name.localeCompare(b.name),
    );
  return { items, warnings };
}

/** An object as the lists show it: its name, creation, service and checks. */
export function configItemOf(
  o: Listed,
  validations: ReturnType<typeof validateConfig>,
  registry: Registry,
): ConfigItem {
  // A routing object's service (its routing page): a VirtualService's or DestinationRule's
  // hosts, an HTTPRoute's references.
  const routes =
    o.kind === 'HTTPRoute' ? servicesAbout(o, registry) : servicesOfObject(o, registry);
  const [namespace, name] = routes[0]?.split('/') ?? [];
  return {
    kind: o.kind,
    namespace: o.namespace,
    name: o.name,
    ...(o.createdSec !== undefined ? { createdSec: o.createdSec } : {}),
    ...(namespace && name ? { service: { namespace, name } } : {}),
    checks: validations.get(configKey(o))?.checks ?? [],
  };
}

/** The mesh's objects, registry and checks: what the graph and the routing page show. */
export interface MeshValidation {
  objects: Listed[];
  registry: Registry;
  validations: ReturnType<typeof validateConfig>;
}

/** How long one reading of the mesh's config serves the graph and routing pages. */
const VALIDATION_KEEP_MS = 10_000;

const globalForValidation = globalThis as typeof globalThis & {
  __meshlensValidations?: WeakMap<KubeClient, { atMs: number; result: Promise<MeshValidation> }>;
};

/**
 * The mesh's config checked, read at most once every 10 s per Kubernetes client (so per
 * signed-in identity: one user never sees checks built from objects only another may read).
 * Every graph refresh of every viewer shares it; a failed read is not kept.
 */
export function sharedMeshValidation(
  kube: KubeClient,
  nowMs = Date.now(),
): Promise<MeshValidation> {
  const cache = (globalForValidation.__meshlensValidations ??= new WeakMap());
  const kept = cache.get(kube);
  if (kept && nowMs - kept.atMs < VALIDATION_KEEP_MS) return kept.result;
  // Its own deadline, not a viewer's: the reading outlives the request that started it.
  const result = readMeshConfig(kube, AbortSignal.timeout(VALIDATION_KEEP_MS * 3)).then(
    ({ objects, registry }) => ({
      objects,
      registry,
      validations: validateConfig(objects, registry),
    }),
  );
  cache.set(kube, { atMs: nowMs, result });
  result.catch(() => {
    if (cache.get(kube)?.result === result) cache.delete(kube);
  });
  return result;
}

/** Drops the kept reading after a write through Meshlens: the next page shows its effect. */
export function forgetMeshValidation(kube: KubeClient): void {
  globalForValidation.__meshlensValidations?.delete(kube);
}

/**
 * One object's page: its checks against the mesh's other objects, its spec as YAML, and the
 * Services it is about. From the shared reading of the mesh's config (at most 10 s old, and
 * dropped after a write through Meshlens); 404 when the object is not in it.
 */
export async function loadConfigObject(
  kube: KubeClient,
  target: ConfigObjectTarget,
): Promise<ConfigObjectResponse> {
  const mesh = await sharedMeshValidation(kube);
  const object = mesh.objects.find(
    (o) => o.kind === target.kind && o.namespace === target.namespace && o.name === target.name,
  );
  if (!object)
    throw new NotFoundError(
      `${KIND_TEXT[target.kind]} ${target.namespace}/${target.name} not found (or not readable)`,
    );
  return {
    item: configItemOf(object, mesh.validations, mesh.registry),
    specYaml: dumpYaml(object.spec),
    services: servicesAbout(object, mesh.registry).map((key) => {
      const [namespace = '', name = ''] = key.split('/');
      return { namespace, name };
    }),
  };
}
