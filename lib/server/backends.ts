import 'server-only';
import { getConfig } from '../config';
import { createKubeClient, type KubeClient } from '../kube/client';
import { createPrometheusClient, type PrometheusClient } from '../prometheus/client';
import { observeUpstreamCall } from './metrics';

/** The clients of every configured backend. */
export interface Backends {
  prometheus: PrometheusClient;
  kube: KubeClient;
}

const globalForBackends = globalThis as typeof globalThis & { __meshlensBackends?: Backends };

/** Process-wide clients, built once from the validated configuration. */
export function getBackends(): Backends {
  if (!globalForBackends.__meshlensBackends) {
    const config = getConfig();
    globalForBackends.__meshlensBackends = {
      prometheus: createPrometheusClient({ ...config.prometheus, observe: observeUpstreamCall }),
      kube: createKubeClient({ ...config.kube, observe: observeUpstreamCall }),
    };
  }
  return globalForBackends.__meshlensBackends;
}
