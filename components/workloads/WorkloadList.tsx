'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useUrlParams } from '@/lib/client/url-params';
import { useNamespaces, useOverview } from '@/lib/client/hooks';
import type { OverviewWorkload } from '@/lib/contracts/overview';
import {
  formatBytesPerSecond,
  formatMs,
  formatPercent,
  formatRps,
  workloadDot,
} from '@/lib/format';
import { graphPath } from '@/lib/graph-view/links';
import { entityPath } from '@/lib/entity-view/entity-links';
import {
  WORKLOAD_SORTS,
  defaultDescending,
  workloadRows,
  type WorkloadSort,
} from '@/lib/overview/workload-list';
import { MetricsTable, type MetricsColumn } from '../ui/MetricsTable';
import { NamespacePicker } from '../ui/NamespacePicker';
import { QueryNotices } from '../ui/QueryNotices';
import { SearchInput } from '../ui/SearchInput';
import { SortButton } from '../ui/SortButton';
import list from '../ui/list.module.css';

const WINDOW_SECONDS = 60;

const DATAPLANE_TEXT = { sidecar: 'sidecar', ambient: 'ambient', none: 'no sidecar' };

/** The workload graph of the workload's namespace, with the workload selected. */
const graphHref = (w: OverviewWorkload): string =>
  graphPath({
    namespaces: [w.namespace],
    graphType: 'workload',
    selected: `workload/${w.namespace}/${w.name}`,
  });

/**
 * Every workload of the mesh, or of the chosen namespaces: health, replicas, how it is in the
 * mesh, and its inbound traffic over the last minute; sortable by any figure, searchable by
 * name, app or version. Every setting is in the URL.
 */
export function WorkloadList(): ReactNode {
  const [search, update] = useUrlParams();
  const namespaces = (search.get('namespaces') ?? '').split(',').filter(Boolean);
  const sort = WORKLOAD_SORTS.find((s) => s === search.get('sort')) ?? 'name';
  const dir = search.get('dir');
  const descending = dir ? dir === 'desc' : defaultDescending(sort);
  const text = search.get('q') ?? '';
  const options = useNamespaces();
  const overview = useOverview(WINDOW_SECONDS);
  const rows = overview.data
    ? workloadRows(overview.data, { namespaces, text, sort, descending })
    : [];
  // The workloads of the chosen namespaces, before the search: what "3 of 7" counts.
  const total = overview.data ? workloadRows(overview.data, { namespaces }).length : 0;

  const sortable = (column: WorkloadSort, label: string): ReactNode => (
    <SortButton
      column={column}
      label={label}
      sort={sort}
      descending={descending}
      defaultDescending={defaultDescending}
      update={update}
    />
  );

  // Row links do not prefetch: a list of hundreds would ask the server for every page in view.
  const columns: readonly [MetricsColumn<OverviewWorkload>, ...MetricsColumn<OverviewWorkload>[]] =
    [
      {
        header: sortable('name', 'Workload'),
        width: '20%',
        cell: (w) => (
          <>
            <span
              className={`dot dot-${workloadDot(w)}`}
              role="img"
              aria-label={w.health.reason ?? w.health.status}
              title={w.health.reason ?? w.health.status}
            />
            <Link prefetch={false} href={entityPath('workload', w.namespace, w.name)}>
              {w.name}
            </Link>{' '}
            <Link
              prefetch={false}
              href={graphHref(w)}
              className={list.graphLink}
              aria-label={`Show ${w.name} on the graph`}
              title={`Show ${w.name} on the graph`}
            >
              graph
            </Link>
          </>
        ),
      },
      { header: sortable('namespace', 'Namespace'), width: '9%', cell: (w) => w.namespace },
      {
        header: 'App',
        width: '14%',
        cell: (w) =>
          w.app ? (
            <Link prefetch={false} href={entityPath('app', w.namespace, w.app)}>
              {w.app}
            </Link>
          ) : (
            '—'
          ),
      },
      { header: 'Version', width: '8%', cell: (w) => w.version ?? '—' },
      {
        header: 'Mesh',
        headerTitle: 'How its traffic is in the mesh: an Istio sidecar, ambient, or neither',
        width: '9%',
        cell: (w) => (w.dataplane ? DATAPLANE_TEXT[w.dataplane] : '—'),
        className: (w) => (w.dataplane === 'none' ? 'warn-text' : undefined),
      },
      {
        header: 'Ready',
        width: '7%',
        cell: ({ replicas }) => (replicas ? `${replicas.available}/${replicas.desired}` : '—'),
        className: ({ replicas }) =>
          replicas && replicas.available < replicas.desired ? 'error-text' : undefined,
      },
      {
        header: sortable('rps', 'Requests/s'),
        width: '10%',
        numeric: true,
        cell: (w) => formatRps(w.inboundRps),
      },
      {
        header: sortable('errors', 'Errors'),
        width: '8%',
        numeric: true,
        cell: (w) => formatPercent(w.errorPercent),
        className: (w) => (w.errorPercent > 0 ? 'error-text' : undefined),
      },
      {
        header: sortable('p95', 'p95'),
        headerTitle: 'Inbound p95 response time',
        width: '7%',
        numeric: true,
        cell: (w) => (w.p95Ms === undefined ? '—' : formatMs(w.p95Ms)),
      },
      {
        header: 'TCP',
        width: '8%',
        numeric: true,
        cell: (w) => (w.tcpBytesPerSecond > 0 ? formatBytesPerSecond(w.tcpBytesPerSecond) : '—'),
      },
    ];

  const where = namespaces.length ? namespaces.join(', ') : 'the mesh';
  return (
    <section aria-labelledby="workloads-heading">
      <h1 id="workloads-heading" className="page-title">
        Workloads
      </h1>
      <div className={list.filters} role="search">
        <NamespacePicker
          options={options.data?.namespaces ?? []}
          selected={namespaces}
          onChange={(selected) => update({ namespaces: selected.join(',') })}
          emptyText="All namespaces"
        />
        <SearchInput label="Name, app or version" value={text} onChange={(q) => update({ q })} />
        {overview.data && (
          <span className="muted" role="status">
            {rows.length} of {total} {total === 1 ? 'workload' : 'workloads'} in {where} · inbound
            traffic over the last minute
            {overview.isFetching ? ' · refreshing…' : ''}
          </span>
        )}
      </div>
      <QueryNotices
        isPending={overview.isPending}
        error={overview.error}
        hasData={overview.data !== undefined}
        warnings={overview.data?.warnings}
        loading="Loading workloads and traffic…"
      />
      {overview.data && rows.length === 0 && (
        <p className="muted">
          {total === 0
            ? 'No workloads: Kubernetes lists no Deployment, and Prometheus has no Istio traffic.'
            : `No workload in ${where} matches ${text ? `“${text}”` : 'these filters'}.`}
        </p>
      )}
      {rows.length > 0 && (
        <div className="card">
          <MetricsTable
            label="Workloads"
            compact={false}
            columns={columns}
            rows={rows}
            virtual
            rowKey={(w) => `${w.namespace}/${w.name}`}
          />
        </div>
      )}
    </section>
  );
}
