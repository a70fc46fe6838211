import 'server-only';
import { getConfig } from '../config';
import { createKubeClient, type KubeClient } from '../kube/client';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client';
import { createTracingClient, type TracingClient } from '../tracing/client';
import { observeUpstreamCall } from './metrics';

/** The clients of every configured backend. */
export interface Backends {
  prometheus: PrometheusClient;
  kube: KubeClient;
  /** Undefined when no tracing backend is configured (TRACING_URL unset). */
  tracing: TracingClient | undefined;
}

const globalForBackends = globalThis as typeof globalThis & { __meshlensBackends?: Backends };

/** Process-wide clients, built once from the validated configuration. */
export function getBackends(): Backends {
  if (!globalForBackends.__meshlensBackends) {
    const config = getConfig();
    globalForBackends.__meshlensBackends = {
      prometheus: createPrometheusClient({ ...config.prometheus, observe: observeUpstreamCall }),
      kube: createKubeClient({ ...config.kube, observe: observeUpstreamCall }),
      tracing: config.tracing.url
        ? createTracingClient({
            url: config.tracing.url,
            api: config.tracing.api,
            timeoutMs: config.tracing.timeoutMs,
            observe: observeUpstreamCall,
          })
        : undefined,
    };
  }
  return globalForBackends.__meshlensBackends;
}
