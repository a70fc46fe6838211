import 'server-only';
import type { BackendCheck, Readiness } from '../contracts/readiness';
import type { KubeClient } from '../kube/client';
import type { PrometheusClient } from '../prometheus/client';
import { TRACING_API_LABEL, type TracingClient } from '../tracing/client';
import { UPSTREAM_LABEL, redactUrl } from '../upstream/errors';

export interface ReadinessDeps {
  prometheus: PrometheusClient;
  kube: KubeClient;
  /** Undefined when TRACING_URL is not set. */
  tracing: TracingClient | undefined;
  now: () => Date;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

async function timed<T>(
  work: () => Promise<T>,
): Promise<{ value?: T; error?: string; latencyMs: number }> {
  const started = performance.now();
  try {
    const value = await work();
    return { value, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { error: errorText(error), latencyMs: Math.round(performance.now() - started) };
  }
}

/** One backend's entry from the outcome of its probe; URLs lose any credentials. */
function toCheck(
  backend: BackendCheck['backend'],
  required: boolean,
  url: string,
  outcome: { error?: string; latencyMs: number },
  version: string | undefined,
): BackendCheck {
  return {
    backend,
    label: UPSTREAM_LABEL[backend],
    status: outcome.error ? 'unreachable' : 'ready',
    required,
    url: redactUrl(url),
    latencyMs: outcome.latencyMs,
    version,
    error: outcome.error,
  };
}

/**
 * Asks every backend one cheap question in parallel. The dashboard is ready when the
 * required backends (Prometheus, Kubernetes) answer; tracing is optional.
 */
export async function checkReadiness(
  deps: ReadinessDeps,
  signal?: AbortSignal,
): Promise<Readiness> {
  const [prom, kube, tracing] = await Promise.all([
    timed(() => deps.prometheus.buildInfo({ signal })),
    timed(() => deps.kube.version({ signal })),
    // Asked live every time (it lists services): a cached API detection says nothing about now.
    deps.tracing ? timed(() => (deps.tracing as TracingClient).check({ signal })) : undefined,
  ]);

  const backends: BackendCheck[] = [
    toCheck('prometheus', true, deps.prometheus.url, prom, prom.value?.version),
    toCheck('kubernetes', true, deps.kube.server, kube, kube.value?.gitVersion),
    tracing && deps.tracing
      ? toCheck(
          'tracing',
          false,
          deps.tracing.url,
          tracing,
          tracing.value && TRACING_API_LABEL[tracing.value],
        )
      : {
          backend: 'tracing',
          label: UPSTREAM_LABEL.tracing,
          status: 'unconfigured',
          required: false,
        },
  ];

  return {
    ready: backends.every((b) => !b.required || b.status === 'ready'),
    checkedAt: deps.now().toISOString(),
    backends,
  };
}

/** Each backend gets this long to answer a readiness check (a probe must not hang). */
export const READINESS_TIMEOUT_MS = 3_000;
/** How long one round of checks answers every readiness request. */
const SHARED_FOR_MS = 3_000;

let shared: { at: number; report: Promise<Readiness> } | undefined;

/**
 * One round of readiness checks shared by the requests of the next few seconds (kubelet
 * probes, several dashboards polling): the checks are live, but never more often than that.
 */
export function sharedReadiness(
  check: () => Promise<Readiness>,
  nowMs: number = Date.now(),
): Promise<Readiness> {
  if (!shared || nowMs - shared.at >= SHARED_FOR_MS) shared = { at: nowMs, report: check() };
  return shared.report;
}
