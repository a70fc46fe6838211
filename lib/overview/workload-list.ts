/**
 * The workloads list's rows: every workload of the overview, filtered by namespace and name,
 * sorted by a column. Pure.
 */
import type { Overview, OverviewWorkload } from '../contracts/overview';

export const WORKLOAD_SORTS = ['name', 'namespace', 'rps', 'errors', 'p95'] as const;
export type WorkloadSort = (typeof WORKLOAD_SORTS)[number];

export interface WorkloadQuery {
  /** Only these namespaces (none: every namespace). */
  namespaces?: readonly string[];
  /** Part of the name, app or version, any case. */
  text?: string;
  sort?: WorkloadSort;
  /** Largest first; by default for figures, not for names. */
  descending?: boolean;
}

/** Figures sort largest first unless told otherwise; names A to Z. */
export const defaultDescending = (sort: WorkloadSort): boolean =>
  sort === 'rps' || sort === 'errors' || sort === 'p95';

const byName = (a: OverviewWorkload, b: OverviewWorkload): number =>
  a.name.localeCompare(b.name) || a.namespace.localeCompare(b.namespace);

/** The column's own order, ascending; ties are broken by name, A to Z, either way. */
function primary(sort: WorkloadSort): (a: OverviewWorkload, b: OverviewWorkload) => number {
  switch (sort) {
    case 'namespace':
      return (a, b) => a.namespace.localeCompare(b.namespace);
    case 'rps':
      return (a, b) => a.inboundRps - b.inboundRps;
    case 'errors':
      return (a, b) => a.errorPercent - b.errorPercent;
    case 'p95':
      // Without requests there is no p95: below every figure.
      return (a, b) => (a.p95Ms ?? -1) - (b.p95Ms ?? -1);
    default:
      return byName;
  }
}

export function workloadRows(overview: Overview, query: WorkloadQuery): OverviewWorkload[] {
  const namespaces = new Set(query.namespaces ?? []);
  const text = query.text?.trim().toLowerCase() ?? '';
  const sort = query.sort ?? 'name';
  const descending = query.descending ?? defaultDescending(sort);
  const order = primary(sort);
  const sign = descending ? -1 : 1;
  return overview.namespaces
    .filter((n) => namespaces.size === 0 || namespaces.has(n.name))
    .flatMap((n) => n.workloads)
    .filter(
      (w) =>
        text === '' ||
        [w.name, w.app, w.version].some((v) => v?.toLowerCase().includes(text) ?? false),
    )
    .sort((a, b) => sign * order(a, b) || byName(a, b));
}
