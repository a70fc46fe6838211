import 'server-only';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CallObserver } from '../upstream/fetch-json';

/** Meshlens' own metrics, served at `/api/metrics`. */
export interface AppMetrics {
  registry: Registry;
  upstreamDuration: Histogram<'upstream' | 'outcome'>;
  apiRequests: Counter<'route' | 'status'>;
  routingWrites: Counter<'kind' | 'action' | 'outcome'>;
}

function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'meshlens_' });
  return {
    registry,
    upstreamDuration: new Histogram({
      name: 'meshlens_upstream_request_duration_seconds',
      help: 'Duration of calls to Prometheus, Kubernetes and tracing backends',
      labelNames: ['upstream', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    apiRequests: new Counter({
      name: 'meshlens_api_requests_total',
      help: 'Requests served by the Meshlens API, by route and HTTP status',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    routingWrites: new Counter({
      name: 'meshlens_routing_writes_total',
      help: 'Writes of Istio routing objects, by kind, action (create, replace, delete, rollback) and outcome',
      labelNames: ['kind', 'action', 'outcome'],
      registers: [registry],
    }),
  };
}

// Next's dev server re-evaluates modules on every change; registering the same metric twice
// throws, so the registry lives on globalThis and is created once per process.
const globalForMetrics = globalThis as typeof globalThis & { __meshlensMetrics?: AppMetrics };

/** The process-wide metrics. */
export function getMetrics(): AppMetrics {
  globalForMetrics.__meshlensMetrics ??= createMetrics();
  return globalForMetrics.__meshlensMetrics;
}

/** Feeds upstream call timings into the duration histogram. */
export const observeUpstreamCall: CallObserver = (upstream, outcome, seconds) =>
  getMetrics().upstreamDuration.observe({ upstream, outcome }, seconds);
