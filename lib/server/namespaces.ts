import 'server-only';
import type { NamespacesResponse } from '../contracts/namespaces';
import type { KubeClient } from '../kube/client';
import type { PrometheusClient } from '../prometheus/client';

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Namespaces for the picker: Kubernetes' list, marked with whether Istio metrics show traffic
 * into them. Falls back to Prometheus' label values when Kubernetes cannot be read; fails only
 * when neither answers.
 */
export async function loadNamespaces(
  deps: { prometheus: PrometheusClient; kube: KubeClient },
  signal?: AbortSignal,
): Promise<NamespacesResponse> {
  const [kube, traffic] = await Promise.allSettled([
    deps.kube.listNamespaces({ signal }),
    deps.prometheus.labelValues('destination_workload_namespace', {
      match: ['istio_requests_total', 'istio_tcp_sent_bytes_total'],
      signal,
    }),
  ]);
  if (kube.status === 'rejected' && traffic.status === 'rejected') throw traffic.reason;
  const withTraffic = new Set(
    traffic.status === 'fulfilled' ? traffic.value.filter((n) => n !== 'unknown') : [],
  );
  const warnings = [
    ...(kube.status === 'rejected' ? [`${message(kube.reason)} (namespaces from Prometheus)`] : []),
    ...(traffic.status === 'rejected' ? [message(traffic.reason)] : []),
  ];
  const names = kube.status === 'fulfilled' ? kube.value.map((n) => n.name) : [...withTraffic];
  return {
    namespaces: [...new Set(names)]
      .sort()
      .map((name) => ({ name, hasTraffic: withTraffic.has(name) })),
    source: kube.status === 'fulfilled' ? 'kubernetes' : 'prometheus',
    warnings,
  };
}
