/**
 * The apps list's rows: the overview's workloads grouped by namespace and app (the canonical
 * service), their figures combined. Pure.
 */
import type { Overview, OverviewWorkload } from '../contracts/overview';
import { worst } from '../graph/health';

export interface AppRow {
  namespace: string;
  app: string;
  /** Its workloads' versions, sorted (a workload without one counts as its name). */
  versions: string[];
  workloads: string[];
  /** The Services in front of any of its versions. */
  services: string[];
  /** How its workloads are in the mesh (one app may mix them mid-migration). */
  dataplanes: NonNullable<OverviewWorkload['dataplane']>[];
  inboundRps: number;
  /** Of all its versions' inbound requests, 0..100. */
  errorPercent: number;
  /** The slowest version's p95: the figure that says whether any user waits. */
  p95Ms: number | undefined;
  /** The worst of its versions'. */
  health: OverviewWorkload['health'];
  replicas: { desired: number; available: number } | undefined;
}

export const APP_SORTS = ['name', 'namespace', 'rps', 'errors', 'p95'] as const;
export type AppSort = (typeof APP_SORTS)[number];

/** Every app of the overview, in the chosen namespaces, matching the text, sorted. */
export function appRows(
  overview: Overview,
  query: { namespaces?: readonly string[]; text?: string; sort?: AppSort; descending?: boolean },
): AppRow[] {
  const wanted = new Set(query.namespaces ?? []);
  const text = query.text?.trim().toLowerCase() ?? '';
  const apps = new Map<string, AppRow & { errorRps: number }>();
  for (const ns of overview.namespaces) {
    if (wanted.size && !wanted.has(ns.name)) continue;
    for (const w of ns.workloads) {
      if (!w.app) continue;
      const key = `${w.namespace}/${w.app}`;
      let row = apps.get(key);
      if (!row) {
        row = {
          namespace: w.namespace,
          app: w.app,
          versions: [],
          workloads: [],
          services: [],
          dataplanes: [],
          inboundRps: 0,
          errorPercent: 0,
          errorRps: 0,
          p95Ms: undefined,
          health: w.health,
          replicas: undefined,
        };
        apps.set(key, row);
      }
      row.versions.push(w.version ?? w.name);
      row.workloads.push(w.name);
      for (const service of w.services ?? [])
        if (!row.services.includes(service)) row.services.push(service);
      if (w.dataplane && !row.dataplanes.includes(w.dataplane)) row.dataplanes.push(w.dataplane);
      row.inboundRps += w.inboundRps;
      row.errorRps += (w.inboundRps * w.errorPercent) / 100;
      if (w.p95Ms !== undefined) row.p95Ms = Math.max(row.p95Ms ?? 0, w.p95Ms);
      row.health = worst(row.health, w.health);
      if (w.replicas)
        row.replicas = {
          desired: (row.replicas?.desired ?? 0) + w.replicas.desired,
          available: (row.replicas?.available ?? 0) + w.replicas.available,
        };
    }
  }
  const sort = query.sort ?? 'name';
  const descending = query.descending ?? (sort !== 'name' && sort !== 'namespace');
  const byName = (a: AppRow, b: AppRow) =>
    a.app.localeCompare(b.app) || a.namespace.localeCompare(b.namespace);
  const order: Record<AppSort, (a: AppRow, b: AppRow) => number> = {
    name: byName,
    namespace: (a, b) => a.namespace.localeCompare(b.namespace),
    rps: (a, b) => a.inboundRps - b.inboundRps,
    errors: (a, b) => a.errorPercent - b.errorPercent,
    p95: (a, b) => (a.p95Ms ?? -1) - (b.p95Ms ?? -1),
  };
  const sign = descending ? -1 : 1;
  return [...apps.values()]
    .map(({ errorRps, ...row }) => ({
      ...row,
      versions: row.versions.sort(),
      workloads: row.workloads.sort(),
      errorPercent: row.inboundRps > 0 ? (errorRps / row.inboundRps) * 100 : 0,
    }))
    .filter(
      (row) =>
        text === '' ||
        row.app.toLowerCase().includes(text) ||
        row.versions.some((v) => v.toLowerCase().includes(text)),
    )
    .sort((a, b) => sign * order[sort](a, b) || byName(a, b));
}
