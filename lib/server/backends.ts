import 'server-only';
import { getConfig } from '../config';
import { createKubeClient, type KubeClient } from '../kube/client';
import type { MeshClusters } from '../kube/clusters';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client';
import { connectedFetch } from '../upstream/connection';
import { createTracingClient, type TracingClient } from '../tracing/client';
import type { KubeAccess } from '../kube/types';
import type { Upstream } from '../upstream/errors';
import { ConcurrencyLimit } from '../upstream/limit';
import { observeUpstreamCall } from './metrics';
import { sharingPrometheus } from './sharing';

/** The clients of every configured backend. */
export interface Backends {
  prometheus: PrometheusClient;
  /** The Kubernetes API of the home cluster (KUBE_CLUSTERS' first), or of the only one. */
  kube: KubeClient;
  /** Every cluster's Kubernetes API by its mesh name (KUBE_CLUSTERS); none when unset. */
  clusters: MeshClusters;
  /** Undefined when no tracing backend is configured (TRACING_URL unset). */
  tracing: TracingClient | undefined;
}

const globalForBackends = globalThis as typeof globalThis & {
  __meshlensBackends?: Backends;
  __meshlensLimits?: Record<Upstream, ConcurrencyLimit>;
};

/**
 * The process-wide bound on calls in flight per backend (PROMETHEUS_, KUBE_ and
 * TRACING_MAX_CONCURRENCY), shared by every client of that backend, the per-user Kubernetes
 * clients included.
 */
export function upstreamLimits(): Record<Upstream, ConcurrencyLimit> {
  const max = getConfig().maxConcurrency;
  return (globalForBackends.__meshlensLimits ??= {
    prometheus: new ConcurrencyLimit('prometheus', max.prometheus),
    kubernetes: new ConcurrencyLimit('kubernetes', max.kubernetes),
    tracing: new ConcurrencyLimit('tracing', max.tracing),
  });
}

/** Process-wide clients, built once from the validated configuration. */
export function getBackends(): Backends {
  if (!globalForBackends.__meshlensBackends) {
    const config = getConfig();
    const limits = upstreamLimits();
    const kubeClient = (access: KubeAccess) =>
      createKubeClient({
        ...config.kube,
        access,
        observe: observeUpstreamCall,
        limit: limits.kubernetes,
      });
    // One client per cluster of KUBE_CLUSTERS, the first being the default client.
    const clients = config.kube.clusters.map(
      ({ name, access }) => [name, kubeClient(access)] as const,
    );
    globalForBackends.__meshlensBackends = {
      prometheus: sharingPrometheus(
        createPrometheusClient({
          url: config.prometheus.url,
          timeoutMs: config.prometheus.timeoutMs,
          fetchImpl: connectedFetch('prometheus', config.prometheus.connection),
          observe: observeUpstreamCall,
          limit: limits.prometheus,
        }),
        { keepMs: Math.max(1, config.graphCacheSeconds) * 1000, maxEntries: 32 },
      ),
      kube: clients[0]?.[1] ?? kubeClient(config.kube.access),
      clusters: { home: config.kube.clusters[0]?.name, clients: new Map(clients) },
      tracing: config.tracing.url
        ? createTracingClient({
            url: config.tracing.url,
            api: config.tracing.api,
            timeoutMs: config.tracing.timeoutMs,
            fetchImpl: connectedFetch('tracing', config.tracing.connection),
            observe: observeUpstreamCall,
            limit: limits.tracing,
          })
        : undefined,
    };
  }
  return globalForBackends.__meshlensBackends;
}
