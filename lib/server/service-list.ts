import 'server-only';
import { ROUTING_OBJECT_KINDS, type ServiceList, type ServiceRow } from '../contracts/entities';
import type { Tolerances } from '../graph/health';
import type { HealthTarget } from '../graph/health-config';
import type { KubeClient } from '../kube/client';
import { serviceP95Query, serviceRequestsQuery } from '../overview/queries';
import { buildServiceRows } from '../overview/service-list';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult, VectorSample } from '../promql/types';
import { configKey } from '../validations/checks';
import { servicesAbout } from '../validations/about';
import { sharedMeshValidation } from './istio-config';

const isRoutingKind = (kind: string): kind is ServiceRow['routing'][number] =>
  (ROUTING_OBJECT_KINDS as readonly string[]).includes(kind);

const vector = (result: QueryResult): VectorSample[] =>
  result.resultType === 'vector' ? result.samples : [];

/**
 * `GET /api/services`: every Service of the mesh with the workloads it selects, its inbound
 * traffic (two Prometheus queries, whatever the number of services) and the routing objects
 * that name it with their errors (the mesh's config reading shared with the graph). Services
 * come from Kubernetes, which is required; config that cannot be read is a warning.
 */
export async function loadServiceList(
  deps: {
    prometheus: PrometheusClient;
    kube: KubeClient;
    tolerancesFor?: (target: HealthTarget) => Tolerances;
  },
  options: { timeSec: number; windowSeconds: number; signal?: AbortSignal },
): Promise<ServiceList> {
  const { timeSec, windowSeconds, signal } = options;
  const warnings: string[] = [];
  const [requests, p95, services, deployments, namespaces, mesh] = await Promise.all([
    deps.prometheus.instantQuery(serviceRequestsQuery(windowSeconds), { timeSec, signal }),
    deps.prometheus.instantQuery(serviceP95Query(windowSeconds), { timeSec, signal }),
    deps.kube.listServices(undefined, { signal }),
    deps.kube.listDeployments(undefined, { signal }),
    // Which namespaces are ambient; without it every workload reads as sidecar or none.
    deps.kube.listNamespaces({ signal }).catch(() => []),
    sharedMeshValidation(deps.kube).catch((error: unknown) => {
      warnings.push(
        `Istio config not read (no routing badges): ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }),
  ]);
  const routing = new Map<string, ServiceRow['routing'][number][]>();
  const configErrors = new Map<string, number>();
  for (const o of mesh?.objects ?? []) {
    if (!mesh || !isRoutingKind(o.kind)) continue;
    const errors = (mesh.validations.get(configKey(o))?.checks ?? []).filter(
      (c) => c.severity === 'error',
    ).length;
    for (const key of servicesAbout(o, mesh.registry)) {
      const kinds = routing.get(key) ?? [];
      if (!kinds.includes(o.kind)) kinds.push(o.kind);
      routing.set(key, kinds);
      if (errors) configErrors.set(key, (configErrors.get(key) ?? 0) + errors);
    }
  }
  return {
    timestamp: timeSec,
    windowSeconds,
    services: buildServiceRows({
      services,
      deployments,
      requestSamples: vector(requests.data),
      p95Samples: vector(p95.data),
      routing,
      configErrors,
      ambientNamespaces: new Set(
        namespaces
          .filter((n) => n.labels['istio.io/dataplane-mode'] === 'ambient')
          .map((n) => n.name),
      ),
      tolerancesFor: deps.tolerancesFor,
    }),
    warnings: [...requests.warnings.map((w) => `Prometheus: ${w}`), ...warnings],
  };
}
