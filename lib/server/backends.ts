import 'server-only';
import { getConfig } from '../config';
import { createKubeClient, type KubeClient } from '../kube/client';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client';
import { connectedFetch } from '../upstream/connection';
import { createTracingClient, type TracingClient } from '../tracing/client';
import type { Upstream } from '../upstream/errors';
import { ConcurrencyLimit } from '../upstream/limit';
import { observeUpstreamCall } from './metrics';
import { sharingPrometheus } from './sharing';

/** The clients of every configured backend. */
export interface Backends {
  prometheus: PrometheusClient;
  kube: KubeClient;
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
      kube: createKubeClient({
        ...config.kube,
        observe: observeUpstreamCall,
        limit: limits.kubernetes,
      }),
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
