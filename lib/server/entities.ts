import 'server-only';
import type {
  EntityDetails,
  EntityKind,
  EntityPod,
  EntityService,
  EntityWorkload,
  EntityTarget,
} from '../contracts/entities';
import type { KubeClient } from '../kube/client';
import { selectorPicks } from '../kube/labels';
import type { KubeDeployment, KubePod, KubeService } from '../kube/types';
import { dataplaneOf } from '../overview/build-overview';
import { objectsApplyingTo } from '../validations/applies';
import { configItemOf, sharedMeshValidation } from './istio-config';
import { optionalList } from './optional-list';
import { NotFoundError } from './route';

type Labels = Readonly<Record<string, string>>;

const appOf = (labels: Labels): string | undefined =>
  labels['app.kubernetes.io/name'] ?? labels.app;
const versionOf = (labels: Labels): string | undefined =>
  labels['app.kubernetes.io/version'] ?? labels.version;

/** The Istio version of a pod's sidecar, from its image tag. */
function proxyVersionOf(pod: KubePod): string | undefined {
  const image = pod.containers.find((c) => c.name === 'istio-proxy')?.image;
  const tag = image?.slice(image.lastIndexOf(':') + 1);
  return tag && !tag.includes('/') ? tag : undefined;
}

/**
 * An app's, workload's or service's page: its Deployments, pods and Services from Kubernetes,
 * and the Istio objects that apply to it with their checks (the mesh's config, read at most
 * every 10 s per identity and shared with the graph). A name Kubernetes does not know is a 404;
 * config that cannot be read is a warning, the rest is still shown.
 */
export async function loadEntity(
  kube: KubeClient,
  kind: EntityKind,
  { namespace, name }: EntityTarget,
  options: { signal?: AbortSignal } = {},
): Promise<EntityDetails> {
  const { signal } = options;
  const warnings: string[] = [];
  const [namespaces, deployments, pods, services, mesh] = await Promise.all([
    optionalList(kube.listNamespaces({ signal }), (m) => warnings.push(`${m} (dataplane unknown)`)),
    kube.listDeployments(namespace, { signal }),
    kube.listPods(namespace, { signal }),
    kube.listServices(namespace, { signal }),
    sharedMeshValidation(kube).catch((error: unknown) => {
      warnings.push(
        `Istio config not read: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }),
  ]);
  const ambient = new Set(
    namespaces.filter((n) => n.labels['istio.io/dataplane-mode'] === 'ambient').map((n) => n.name),
  );

  let own: { workloads: KubeDeployment[]; services: KubeService[]; labels: Labels };
  switch (kind) {
    case 'workload': {
      const d = deployments.find((x) => x.name === name);
      if (!d) throw new NotFoundError(`workload ${name} not found in namespace ${namespace}`);
      own = {
        workloads: [d],
        services: services.filter((s) => selectorPicks(s.selector, d.templateLabels)),
        labels: d.labels,
      };
      break;
    }
    case 'app': {
      const versions = deployments.filter((d) => appOf(d.templateLabels) === name);
      if (versions.length === 0)
        throw new NotFoundError(
          `app ${name} not found in namespace ${namespace}: no Deployment's pods are labelled app=${name}`,
        );
      own = {
        workloads: versions,
        services: services.filter((s) =>
          versions.some((d) => selectorPicks(s.selector, d.templateLabels)),
        ),
        labels: {},
      };
      break;
    }
    case 'service': {
      const s = services.find((x) => x.name === name);
      if (!s) throw new NotFoundError(`service ${name} not found in namespace ${namespace}`);
      own = {
        workloads: deployments.filter((d) => selectorPicks(s.selector, d.templateLabels)),
        services: [s],
        labels: s.labels,
      };
      break;
    }
  }

  const workloadOfPod = (p: KubePod) =>
    deployments.find((d) => selectorPicks(d.templateLabels, p.labels))?.name;
  const ownPods = pods.filter((p) =>
    own.workloads.some((d) => selectorPicks(d.templateLabels, p.labels)),
  );
  const config = mesh
    ? objectsApplyingTo(
        {
          namespace,
          services: new Set(own.services.map((s) => `${s.namespace}/${s.name}`)),
          podLabels: own.workloads.map((d) => d.templateLabels),
        },
        mesh.objects,
        mesh.registry,
      ).map((o) => configItemOf(o, mesh.validations, mesh.registry))
    : [];

  return {
    kind,
    namespace,
    name,
    labels: own.labels,
    workloads: own.workloads.map((d): EntityWorkload => ({
      name: d.name,
      ...optional('app', appOf(d.templateLabels)),
      ...optional('version', versionOf(d.templateLabels)),
      desiredReplicas: d.desiredReplicas,
      availableReplicas: d.availableReplicas,
      dataplane: dataplaneOf(d, ambient) ?? 'sidecar',
      labels: d.templateLabels,
    })),
    services: own.services.map((s): EntityService => ({
      name: s.name,
      selector: s.selector,
      ports: s.ports.map((p) => ({
        ...optional('name', p.name),
        port: p.port,
        ...optional('protocol', p.protocol),
      })),
    })),
    pods: ownPods
      .map((p): EntityPod => ({
        name: p.name,
        ...optional('workload', workloadOfPod(p)),
        phase: p.phase,
        ready: p.ready,
        ...optional('createdSec', p.createdSec),
        labels: p.labels,
        containers: p.containers.map((c) => ({
          name: c.name,
          ...optional('image', c.image),
          ready: c.ready,
          restartCount: c.restartCount,
        })),
        ...optional('proxyVersion', proxyVersionOf(p)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    config,
    warnings,
  };
}

/** `{ [key]: value }` when the value is known, else nothing (no `undefined` in answers). */
const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
