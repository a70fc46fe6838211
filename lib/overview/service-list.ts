/**
 * The services list's rows: every Kubernetes Service joined with its inbound Istio traffic, the
 * workloads its selector picks, and the routing objects that name it. Pure.
 */
import type { ServiceRow } from '../contracts/entities';
import { DEFAULT_TOLERANCES, responseClass, trafficHealth, type Tolerances } from '../graph/health';
import type { HealthTarget } from '../graph/health-config';
import { selectorPicks } from '../kube/labels';
import type { KubeDeployment, KubeService } from '../kube/types';
import type { VectorSample } from '../promql/types';
import { dataplaneOf, isErrorCode, isKnown } from './build-overview';

export interface ServiceListInput {
  services: readonly KubeService[];
  deployments: readonly KubeDeployment[];
  requestSamples: readonly VectorSample[];
  p95Samples: readonly VectorSample[];
  /** `namespace/name` of each Service to the routing kinds that name it. */
  routing: ReadonlyMap<string, readonly ServiceRow['routing'][number][]>;
  /** `namespace/name` to its routing objects' errors. */
  configErrors: ReadonlyMap<string, number>;
  /** Namespaces in Istio's ambient mode, for the workloads' dataplane. */
  ambientNamespaces?: ReadonlySet<string>;
  tolerancesFor?: (target: HealthTarget) => Tolerances;
}

const finite = (value: number): number => (Number.isFinite(value) ? value : 0);

/** One row per Service, sorted by namespace then name. */
export function buildServiceRows(input: ServiceListInput): ServiceRow[] {
  const traffic = new Map<
    string,
    { rps: number; errorRps: number; byClass: Record<string, number> }
  >();
  for (const s of input.requestSamples) {
    const { destination_service_namespace: ns, destination_service_name: name } = s.labels;
    if (!isKnown(ns) || !isKnown(name)) continue;
    const key = `${ns}/${name}`;
    const t = traffic.get(key) ?? { rps: 0, errorRps: 0, byClass: {} };
    const rate = finite(s.value);
    t.rps += rate;
    if (isErrorCode(s.labels.response_code)) t.errorRps += rate;
    const code = s.labels.response_code;
    const cls = responseClass('http', !code || code === '0' ? '-' : code);
    if (cls) t.byClass[cls] = (t.byClass[cls] ?? 0) + rate;
    traffic.set(key, t);
  }
  const p95 = new Map<string, number>();
  for (const s of input.p95Samples) {
    const { destination_service_namespace: ns, destination_service_name: name } = s.labels;
    if (isKnown(ns) && isKnown(name) && Number.isFinite(s.value)) p95.set(`${ns}/${name}`, s.value);
  }
  return input.services
    .map((service): ServiceRow => {
      const key = `${service.namespace}/${service.name}`;
      const selected = input.deployments.filter(
        (d) =>
          d.namespace === service.namespace && selectorPicks(service.selector, d.templateLabels),
      );
      const t = traffic.get(key);
      const p95Ms = p95.get(key);
      const tolerances =
        input.tolerancesFor?.({
          namespace: service.namespace,
          kind: 'service',
          name: service.name,
        }) ?? DEFAULT_TOLERANCES;
      return {
        namespace: service.namespace,
        name: service.name,
        ports: service.ports.map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          port: p.port,
          ...(p.protocol ? { protocol: p.protocol } : {}),
        })),
        workloads: selected.map((d) => d.name).sort(),
        versions: [...new Set(selected.flatMap((d) => d.templateLabels.version ?? []))].sort(),
        dataplanes: [
          ...new Set(selected.map((d) => dataplaneOf(d, input.ambientNamespaces) ?? 'sidecar')),
        ].sort(),
        inboundRps: t?.rps ?? 0,
        errorPercent: t && t.rps > 0 ? (t.errorRps / t.rps) * 100 : 0,
        ...(p95Ms !== undefined ? { p95Ms } : {}),
        health: trafficHealth('http', t?.byClass ?? {}, t?.rps ?? 0, tolerances, p95Ms),
        routing: [...(input.routing.get(key) ?? [])],
        configErrors: input.configErrors.get(key) ?? 0,
      };
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export const SERVICE_SORTS = ['name', 'namespace', 'rps', 'errors', 'p95'] as const;
export type ServiceSort = (typeof SERVICE_SORTS)[number];

/** Figures sort largest first unless told otherwise; names A to Z. */
export const serviceDefaultDescending = (sort: ServiceSort): boolean =>
  sort !== 'name' && sort !== 'namespace';

/** The rows of the chosen namespaces whose name or workloads hold the text, sorted. */
export function serviceRows(
  rows: readonly ServiceRow[],
  query: {
    namespaces?: readonly string[];
    text?: string;
    sort?: ServiceSort;
    descending?: boolean;
  },
): ServiceRow[] {
  const wanted = new Set(query.namespaces ?? []);
  const text = query.text?.trim().toLowerCase() ?? '';
  const sort = query.sort ?? 'name';
  const sign = (query.descending ?? serviceDefaultDescending(sort)) ? -1 : 1;
  const byName = (a: ServiceRow, b: ServiceRow) =>
    a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace);
  const order: Record<ServiceSort, (a: ServiceRow, b: ServiceRow) => number> = {
    name: byName,
    namespace: (a, b) => a.namespace.localeCompare(b.namespace),
    rps: (a, b) => a.inboundRps - b.inboundRps,
    errors: (a, b) => a.errorPercent - b.errorPercent,
    p95: (a, b) => (a.p95Ms ?? -1) - (b.p95Ms ?? -1),
  };
  return rows
    .filter((r) => wanted.size === 0 || wanted.has(r.namespace))
    .filter(
      (r) =>
        text === '' ||
        r.name.toLowerCase().includes(text) ||
        r.workloads.some((w) => w.toLowerCase().includes(text)),
    )
    .sort((a, b) => sign * order[sort](a, b) || byName(a, b));
}
