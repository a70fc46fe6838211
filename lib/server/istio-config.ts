import 'server-only';
import { dumpYaml } from '@kubernetes/client-node';
import type {
  ConfigItem,
  ConfigObjectResponse,
  ConfigObjectTarget,
  IstioConfigParams,
  IstioConfigResponse,
} from '../contracts/istio-config';
import type { KubeClient } from '../kube/client';
import type { RoutingResource } from '../kube/types';
import { configKey, validateConfig, type ConfigObject, type Registry } from '../validations/checks';
import { servicesAbout } from '../validations/about';
import { KIND_TEXT } from '../validations/config-list';
import { servicesOfObject } from '../validations/services';
import {
  listingError,
  readMeshObjects,
  sharedMeshObjects,
  type Listing,
  type MeshObjects,
} from './mesh-objects';
import { NotFoundError } from './route';

/** An object as listed: with its creation, when the API said. */
type Listed = ConfigObject & { createdSec?: number };

/**
 * Every Istio and Gateway API object Meshlens lists, and the service registry the checks
 * resolve against, from one reading of the cluster. A kind that could not be read is left
 * out with a warning naming it; one the cluster does not serve is simply absent. Services are
 * required: when the Kubernetes API could not list them, this fails with its error.
 */
export function meshConfigOf(mesh: MeshObjects): {
  objects: Listed[];
  registry: Registry;
  warnings: string[];
} {
  if (mesh.services.error !== undefined) throw mesh.services.error;
  const warnings: string[] = [];
  const read = <T>(what: string, listing: Listing<T>): T[] => {
    const error = listingError(listing);
    if (error !== undefined) warnings.push(`${error} (${what} not listed)`);
    return listing.items;
  };
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
  const objects: Listed[] = [
    ...read('VirtualServices', mesh.virtualServices).map(listed('VirtualService')),
    ...read('DestinationRules', mesh.destinationRules).map(listed('DestinationRule')),
    ...read('HTTPRoutes', mesh.httpRoutes).map(listed('HTTPRoute')),
    ...read('Gateways', mesh.gateways).map((g): ConfigObject => ({
      kind: g.api === 'istio' ? 'Gateway' : 'K8sGateway',
      namespace: g.namespace,
      name: g.name,
      spec: g.spec,
    })),
    ...mesh.istio.flatMap(({ kind, listing }) =>
      read(`${kind}s`, listing).map((o) => ({ kind, ...o })),
    ),
  ];
  const deployments = read('Deployments (subsets unchecked)', mesh.deployments);
  return {
    objects,
    registry: {
      services: mesh.services.items,
      // A Deployment with pods available stands for its pods: their labels are its template's.
      pods: deployments
        .filter((d) => d.availableReplicas > 0)
        .map((d) => ({ namespace: d.namespace, labels: d.templateLabels })),
    },
    warnings,
  };
}

/** The mesh's config read now (not shared): what the config list shows. */
export async function readMeshConfig(
  kube: KubeClient,
  signal: AbortSignal | undefined,
): Promise<ReturnType<typeof meshConfigOf>> {
  return meshConfigOf(await readMeshObjects(kube, signal));
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

const validationsByReading = new WeakMap<MeshObjects, MeshValidation>();

/** A reading's objects, registry and checks, worked out once per reading. */
export function meshValidationOf(mesh: MeshObjects): MeshValidation {
  let validation = validationsByReading.get(mesh);
  if (!validation) {
    const { objects, registry } = meshConfigOf(mesh);
    validation = { objects, registry, validations: validateConfig(objects, registry) };
    validationsByReading.set(mesh, validation);
  }
  return validation;
}

/**
 * The mesh's config and its checks from the shared reading of the Kubernetes identity (see
 * mesh-objects.ts: at most 10 s old, and dropped after a write through Meshlens); one user
 * never sees checks built from objects only another may read.
 */
export async function sharedMeshValidation(kube: KubeClient): Promise<MeshValidation> {
  return meshValidationOf(await sharedMeshObjects(kube));
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
