import type { Overview, OverviewWorkload } from '../contracts/overview';
import { DEFAULT_TOLERANCES, responseClass, trafficHealth, type Tolerances } from '../graph/health';
import type { HealthTarget } from '../graph/health-config';
import { selectorPicks } from '../kube/labels';
import type { KubeDeployment, KubeService } from '../kube/types';
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
  /** Namespaces in Istio's ambient mode (`istio.io/dataplane-mode: ambient`). */
  ambientNamespaces?: ReadonlySet<string>;
  /** Services, to say which are in front of each workload; absent when not read. */
  services?: readonly KubeService[];
  warnings: string[];
  /** Health tolerances per workload, as the graph uses them; Kiali's defaults when absent. */
  tolerancesFor?: (target: HealthTarget) => Tolerances;
}

/** Istio reports `unknown` for peers without a sidecar; they are not workloads we can list. */
export const isKnown = (value: string | undefined): value is string =>
  !!value && value !== 'unknown';

/** Responses that count as errors: 5xx, and `0` (no response at all). */
export const isErrorCode = (code: string | undefined): boolean =>
  code === '0' || /^5\d\d$/.test(code ?? '');

type Row = Omit<OverviewWorkload, 'health'> & {
  errorRps: number;
  /** Inbound requests/s by response class (`2xx` … `noResponse`), for health. */
  byClass: Record<string, number>;
};

/**
 * How a Deployment's pods are in the mesh: ambient when its namespace (or its pods) chose
 * Istio's ambient mode, none when sidecar injection is turned off for it, else a sidecar.
 */
export function dataplaneOf(
  d: KubeDeployment,
  ambientNamespaces: ReadonlySet<string> | undefined,
): OverviewWorkload['dataplane'] {
  const mode = d.templateLabels['istio.io/dataplane-mode'];
  if (mode === 'ambient' || (mode !== 'none' && ambientNamespaces?.has(d.namespace)))
    return 'ambient';
  return d.templateLabels['sidecar.istio.io/inject'] === 'false' || mode === 'none'
    ? 'none'
    : 'sidecar';
}

/** The Services of a Deployment's namespace whose (non-empty) selector picks its pods. */
function servicesInFront(d: KubeDeployment, services: readonly KubeService[]): string[] {
  return services
    .filter((s) => s.namespace === d.namespace && selectorPicks(s.selector, d.templateLabels))
    .map((s) => s.name)
    .sort();
}

/** A finite rate, or 0: NaN/Inf samples (empty windows, counter resets) must not poison sums. */
const finite = (value: number): number => (Number.isFinite(value) ? value : 0);

/**
 * Joins Kubernetes Deployments with inbound Istio traffic into a per-namespace workload table.
 * Pure: the same input always gives the same, sorted output.
 */
export function buildOverview(input: OverviewInput): Overview {
  const rows = new Map<string, Row>();
  const row = (namespace: string, name: string): Row => {
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
        byClass: {},
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
    r.dataplane = dataplaneOf(d, input.ambientNamespaces);
    if (input.services) r.services = servicesInFront(d, input.services);
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
    const code = sample.labels.response_code;
    const cls = responseClass('http', !code || code === '0' ? '-' : code);
    if (cls) r.byClass[cls] = (r.byClass[cls] ?? 0) + rate;
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
  for (const { errorRps, byClass, ...counted } of rows.values()) {
    const tolerances =
      input.tolerancesFor?.({
        namespace: counted.namespace,
        kind: 'workload',
        name: counted.name,
      }) ?? DEFAULT_TOLERANCES;
    const workload: OverviewWorkload = {
      ...counted,
      errorPercent: counted.inboundRps > 0 ? (errorRps / counted.inboundRps) * 100 : 0,
      health: trafficHealth('http', byClass, counted.inboundRps, tolerances, counted.p95Ms),
    };
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
