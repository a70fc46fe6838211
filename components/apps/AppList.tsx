'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useNamespaces, useOverview } from '@/lib/client/hooks';
import { useUrlParams } from '@/lib/client/url-params';
import { entityGraphHref, entityPath } from '@/lib/entity-view/entity-links';
import { formatMs, formatPercent, formatRps, healthDot } from '@/lib/format';
import { APP_SORTS, appRows, type AppRow, type AppSort } from '@/lib/overview/app-list';
import { MetricsTable, type MetricsColumn } from '../ui/MetricsTable';
import { NamespacePicker } from '../ui/NamespacePicker';
import { QueryNotices } from '../ui/QueryNotices';
import { SearchInput } from '../ui/SearchInput';
import { SortButton } from '../ui/SortButton';
import list from '../ui/list.module.css';

const WINDOW_SECONDS = 60;
const DATAPLANE_TEXT = { sidecar: 'sidecar', ambient: 'ambient', none: 'no sidecar' };
const defaultDescending = (sort: AppSort) => sort !== 'name' && sort !== 'namespace';

/**
 * Every app (canonical service) of the mesh, or of the chosen namespaces: its versions, how
 * it is in the mesh, and the inbound traffic of all its versions over the last minute.
 */
export function AppList(): ReactNode {
  const [search, update] = useUrlParams();
  const namespaces = (search.get('namespaces') ?? '').split(',').filter(Boolean);
  const sort = APP_SORTS.find((s) => s === search.get('sort')) ?? 'name';
  const dir = search.get('dir');
  const descending = dir ? dir === 'desc' : defaultDescending(sort);
  const text = search.get('q') ?? '';
  const options = useNamespaces();
  const overview = useOverview(WINDOW_SECONDS);
  const rows = overview.data ? appRows(overview.data, { namespaces, text, sort, descending }) : [];
  const total = overview.data ? appRows(overview.data, { namespaces }).length : 0;
  const sortable = (column: AppSort, label: string) => (
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
  const columns: readonly [MetricsColumn<AppRow>, ...MetricsColumn<AppRow>[]] = [
    {
      header: sortable('name', 'App'),
      width: '22%',
      cell: (a) => (
        <>
          <span
            className={`dot dot-${healthDot(a.health.status)}`}
            role="img"
            aria-label={a.health.reason ?? a.health.status}
            title={a.health.reason ?? a.health.status}
          />
          <Link prefetch={false} href={entityPath('app', a.namespace, a.app)}>
            {a.app}
          </Link>{' '}
          <Link
            prefetch={false}
            href={entityGraphHref('app', a.namespace, a.app, { duration: '1m', time: undefined })}
            className={list.graphLink}
            aria-label={`Show ${a.app} on the graph`}
          >
            graph
          </Link>
        </>
      ),
    },
    { header: sortable('namespace', 'Namespace'), width: '11%', cell: (a) => a.namespace },
    { header: 'Versions', width: '16%', cell: (a) => a.versions.join(', ') },
    {
      header: 'Mesh',
      width: '10%',
      cell: (a) => a.dataplanes.map((d) => DATAPLANE_TEXT[d]).join(', ') || '—',
      className: (a) => (a.dataplanes.includes('none') ? 'warn-text' : undefined),
    },
    {
      header: 'Ready',
      width: '8%',
      cell: ({ replicas }) => (replicas ? `${replicas.available}/${replicas.desired}` : '—'),
      className: ({ replicas }) =>
        replicas && replicas.available < replicas.desired ? 'error-text' : undefined,
    },
    {
      header: sortable('rps', 'Requests/s'),
      width: '11%',
      numeric: true,
      cell: (a) => formatRps(a.inboundRps),
    },
    {
      header: sortable('errors', 'Errors'),
      width: '10%',
      numeric: true,
      cell: (a) => formatPercent(a.errorPercent),
      className: (a) => (a.errorPercent > 0 ? 'error-text' : undefined),
    },
    {
      header: sortable('p95', 'p95'),
      headerTitle: 'Inbound p95 of its slowest version',
      width: '12%',
      numeric: true,
      cell: (a) => (a.p95Ms === undefined ? '—' : formatMs(a.p95Ms)),
    },
  ];
  const where = namespaces.length ? namespaces.join(', ') : 'the mesh';
  return (
    <section aria-labelledby="apps-heading">
      <h1 id="apps-heading" className="page-title">
        Apps
      </h1>
      <div className={list.filters} role="search">
        <NamespacePicker
          options={options.data?.namespaces ?? []}
          selected={namespaces}
          onChange={(selected) => update({ namespaces: selected.join(',') })}
          emptyText="All namespaces"
        />
        <SearchInput label="App or version" value={text} onChange={(q) => update({ q })} />
        {overview.data && (
          <span className="muted" role="status">
            {rows.length} of {total} {total === 1 ? 'app' : 'apps'} in {where} · inbound traffic
            over the last minute
          </span>
        )}
      </div>
      <QueryNotices
        isPending={overview.isPending}
        error={overview.error}
        hasData={overview.data !== undefined}
        warnings={overview.data?.warnings}
        loading="Loading apps and traffic…"
      />
      {overview.data && rows.length === 0 && (
        <p className="muted">
          {total === 0
            ? 'No apps: no workload carries an app label (app or app.kubernetes.io/name).'
            : `No app in ${where} matches “${text}”.`}
        </p>
      )}
      {rows.length > 0 && (
        <div className="card">
          <MetricsTable
            label="Apps"
            compact={false}
            columns={columns}
            rows={rows}
            virtual
            rowKey={(a) => `${a.namespace}/${a.app}`}
          />
        </div>
      )}
    </section>
  );
}
