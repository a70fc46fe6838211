import 'server-only';
import type { Overview } from '../contracts/overview';
import type { KubeClient } from '../kube/client';
import type { Tolerances } from '../graph/health';
import type { HealthTarget } from '../graph/health-config';
import { buildOverview } from '../overview/build-overview';
import { inboundP95Query, inboundRequestsQuery, inboundTcpQuery } from '../overview/queries';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult, VectorSample } from '../promql/types';

const vector = (result: QueryResult): VectorSample[] =>
  result.resultType === 'vector' ? result.samples : [];

/**
 * Loads the mesh overview: three Prometheus queries and one Kubernetes list, in parallel.
 * Prometheus failing fails the call (rates are the point); Kubernetes failing only warns.
 */
export async function loadOverview(
  deps: {
    prometheus: PrometheusClient;
    kube: KubeClient;
    /** The graph's health rules, so both pages judge a workload alike. */
    tolerancesFor?: (target: HealthTarget) => Tolerances;
  },
  options: { timeSec: number; windowSeconds: number; signal?: AbortSignal },
): Promise<Overview> {
  const { timeSec, windowSeconds, signal } = options;
  const [requests, tcp, p95, deployments, namespaces, services] = await Promise.all([
    deps.prometheus.instantQuery(inboundRequestsQuery(windowSeconds), { timeSec, signal }),
    deps.prometheus.instantQuery(inboundTcpQuery(windowSeconds), { timeSec, signal }),
    deps.prometheus.instantQuery(inboundP95Query(windowSeconds), { timeSec, signal }),
    deps.kube.listDeployments(undefined, { signal }).then(
      (items) => ({ items, warning: undefined }),
      (error: unknown) => ({
        items: undefined,
        warning: error instanceof Error ? error.message : String(error),
      }),
    ),
    // Which namespaces are ambient; without it every workload reads as sidecar or none.
    deps.kube.listNamespaces({ signal }).catch(() => []),
    // Which Services are in front of each workload (its routing badges); none when unread.
    deps.kube.listServices(undefined, { signal }).catch(() => undefined),
  ]);
  return buildOverview({
    timestamp: timeSec,
    windowSeconds,
    requestSamples: vector(requests.data),
    tcpSamples: vector(tcp.data),
    p95Samples: vector(p95.data),
    deployments: deployments.items,
    ambientNamespaces: new Set(
      namespaces
        .filter((n) => n.labels['istio.io/dataplane-mode'] === 'ambient')
        .map((n) => n.name),
    ),
    services,
    tolerancesFor: deps.tolerancesFor,
    warnings: [
      ...requests.warnings.map((w) => `Prometheus: ${w}`),
      ...tcp.warnings.map((w) => `Prometheus: ${w}`),
      ...(deployments.warning
        ? [`${deployments.warning} (showing workloads seen in metrics only)`]
        : []),
    ],
  });
}
