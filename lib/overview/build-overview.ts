import type { Overview, OverviewWorkload } from '../contracts/overview';
import type { KubeDeployment } from '../kube/types';
import type { VectorSample } from '../promql/types';

export interface OverviewInput {
  timestamp: number;
  windowSeconds: number;
  requestSamples: VectorSample[];
  tcpSamples: VectorSample[];
  /** Inbound p95 per workload (ms); optional so older callers and failures leave it out. */
  p95Samples?: VectorSample[];
  /** Undefined when Kubernetes could not be read; the overview then comes from metrics alone. */
  deployments: KubeDeployment[] | undefined;
  warnings: string[];
}

/** Istio reports `unknown` for peers without a sidecar; they are not workloads we can list. */
const isKnown = (value: string | undefined): value is string => !!value && value !== 'unknown';

/** Responses that count as errors: 5xx, and `0` (no response at all). */
const isErrorCode = (code: string | undefined): boolean =>
  code === '0' || /^5\d\d$/.test(code ?? '');

/** A finite rate, or 0: NaN/Inf samples (empty windows, counter resets) must not poison sums. */
const finite = (value: number): number => (Number.isFinite(value) ? value : 0);

/**
 * Joins Kubernetes Deployments with inbound Istio traffic into a per-namespace workload table.
 * Pure: the same input always gives the same, sorted output.
 */
export function buildOverview(input: OverviewInput): Overview {
  const rows = new Map<string, OverviewWorkload & { errorRps: number }>();
  const row = (namespace: string, name: string): OverviewWorkload & { errorRps: number } => {
    const key = `${namespace}/${name}`;
    let found = rows.get(key);
    if (!found) {
      found = {
        namespace,
        name,
        inboundRps: 0,
        errorPercent: 0,
        tcpBytesPerSecond: 0,
        errorRps: 0,
      };
      rows.set(key, found);
    }
    return found;
  };

  for (const d of input.deployments ?? []) {
    const r = row(d.namespace, d.name);
    r.app = d.templateLabels.app;
    r.version = d.templateLabels.version;
    r.replicas = { desired: d.desiredReplicas, available: d.availableReplicas };
  }

  for (const sample of input.requestSamples) {
    const { destination_workload_namespace: ns, destination_workload: wl } = sample.labels;
    if (!isKnown(ns) || !isKnown(wl)) continue;
    const r = row(ns, wl);
    r.app ??= isKnown(sample.labels.destination_app) ? sample.labels.destination_app : undefined;
    r.version ??= isKnown(sample.labels.destination_version)
      ? sample.labels.destination_version
      : undefined;
    const rate = finite(sample.value);
    r.inboundRps += rate;
    if (isErrorCode(sample.labels.response_code)) r.errorRps += rate;
  }

  for (const sample of input.tcpSamples) {
    const { destination_workload_namespace: ns, destination_workload: wl } = sample.labels;
    if (!isKnown(ns) || !isKnown(wl)) continue;
    row(ns, wl).tcpBytesPerSecond += finite(sample.value);
  }

  for (const sample of input.p95Samples ?? []) {
    const { destination_workload_namespace: ns, destination_workload: wl } = sample.labels;
    // NaN: no requests in the window (histogram_quantile of empty buckets).
    if (!isKnown(ns) || !isKnown(wl) || !Number.isFinite(sample.value)) continue;
    row(ns, wl).p95Ms = sample.value;
  }

  const byNamespace = new Map<string, OverviewWorkload[]>();
  for (const { errorRps, ...workload } of rows.values()) {
    workload.errorPercent = workload.inboundRps > 0 ? (errorRps / workload.inboundRps) * 100 : 0;
    const list = byNamespace.get(workload.namespace) ?? [];
    list.push(workload);
    byNamespace.set(workload.namespace, list);
  }

  return {
    timestamp: input.timestamp,
    windowSeconds: input.windowSeconds,
    namespaces: [...byNamespace.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, workloads]) => ({
        name,
        workloads: workloads.sort((a, b) => a.name.localeCompare(b.name)),
      })),
    warnings: input.warnings,
  };
}
