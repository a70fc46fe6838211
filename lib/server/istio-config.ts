import 'server-only';
import type { ConfigItem, IstioConfigParams, IstioConfigResponse } from '../contracts/istio-config';
import { listServedHttpRoutes, type KubeClient } from '../kube/client';
import { ISTIO_CONFIG_KINDS, type IstioConfigKind } from '../kube/types';
import { configKey, validateConfig, type ConfigObject } from '../validations/checks';
import { optionalList } from './optional-list';

/**
 * Every Istio and Gateway API object Meshlens lists, and the service registry the checks
 * resolve against, read in parallel. A kind that cannot be read is left out with a warning
 * naming it; one the cluster does not serve is simply absent. Services are required: when the
 * Kubernetes API cannot list them, this fails with its error.
 */
export async function readMeshConfig(
  kube: KubeClient,
  signal: AbortSignal | undefined,
): Promise<{
  objects: (ConfigObject & { createdSec?: number })[];
  registry: Parameters<typeof validateConfig>[1];
  warnings: string[];
}> {
  const warnings: string[] = [];
  const optional = <T>(what: string, list: Promise<T[]>) =>
    optionalList(list, (message) => warnings.push(`${message} (${what} not listed)`));
  const routing = (kind: 'VirtualService' | 'DestinationRule') =>
    optional(
      `${kind}s`,
      kube.listRouting(kind, undefined, { signal }).then((items) =>
        items.map((o): ConfigObject & { createdSec?: number } => ({
          kind,
          namespace: o.metadata.namespace,
          name: o.metadata.name,
          ...(o.metadata.createdSec !== undefined ? { createdSec: o.metadata.createdSec } : {}),
          spec: o.spec,
        })),
      ),
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
          served.routes.map((o): ConfigObject & { createdSec?: number } => ({
            kind: 'HTTPRoute',
            namespace: o.metadata.namespace,
            name: o.metadata.name,
            ...(o.metadata.createdSec !== undefined ? { createdSec: o.metadata.createdSec } : {}),
            spec: o.spec,
          })),
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
    .map((o): ConfigItem => ({
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      ...(o.createdSec !== undefined ? { createdSec: o.createdSec } : {}),
      checks: validations.get(configKey(o))?.checks ?? [],
    }))
    .sort(
      (a, b) =>
        a.namespace.localeCompare(b.namespace) ||
        a.kind.localeCompare(b.kind) ||
        a.name.localeCompare(b.name),
    );
  return { items, warnings };
}
