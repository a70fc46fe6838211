'use client';

import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { useIstioConfig, useNamespaces } from '@/lib/client/hooks';
import type { EntityKind } from '@/lib/contracts/entities';
import { LIVE_GRAPH_WINDOW, entityGraphHref, entityPath } from '@/lib/entity-view/entity-links';
import { useUrlParams } from '@/lib/client/url-params';
import { formatMs, formatPercent, formatRps } from '@/lib/format';
import { routingHref } from '@/lib/graph-view/links';
import { routingByService, type RoutingSummary } from '@/lib/overview/routing-badges';
import { MetricsTable, type MetricsColumn } from './MetricsTable';
import { NamespacePicker } from './NamespacePicker';
import { QueryNotices } from './QueryNotices';
import { SearchInput } from './SearchInput';
import { SortButton } from './SortButton';
import list from './list.module.css';

/** How a row's workloads are in the mesh, as the lists say it. */
export const DATAPLANE_TEXT = { sidecar: 'sidecar', ambient: 'ambient', none: 'no sidecar' };

type Dataplane = keyof typeof DATAPLANE_TEXT;

/**
 * How the row's workloads are in the mesh (a Service or app may mix them mid-migration), in the
 * warning colour when one has no sidecar.
 */
export function meshColumn<Row>(
  width: string,
  dataplanesOf: (row: Row) => readonly Dataplane[],
): MetricsColumn<Row> {
  return {
    header: 'Mesh',
    headerTitle: 'How its traffic is in the mesh: an Istio sidecar, ambient, or neither',
    width,
    cell: (row) =>
      dataplanesOf(row)
        .map((d) => DATAPLANE_TEXT[d])
        .join(', ') || '—',
    className: (row) => (dataplanesOf(row).includes('none') ? 'warn-text' : undefined),
  };
}

/** What routes the Services of a list's namespaces: the Istio config list's reading. */
export function useRoutingByService(namespaces: readonly string[]): Map<string, RoutingSummary> {
  const config = useIstioConfig(namespaces);
  return useMemo(() => routingByService(config.data?.items ?? []), [config.data]);
}

/** A list's settings in its URL: namespaces, search text, sort column and direction. */
export interface ListSettings<S extends string> {
  namespaces: string[];
  text: string;
  sort: S;
  descending: boolean;
  update: (changes: Record<string, string>) => void;
  /** A column header that sorts the list by `column`. */
  sortable: (column: S, label: string) => ReactNode;
}

/**
 * Reads a list's settings from its URL (`namespaces`, `q`, `sort`, `dir`), defaults left out:
 * sorted by name, each figure largest first.
 */
export function useListSettings<S extends string>(
  sorts: readonly S[],
  defaultDescending: (sort: S) => boolean,
): ListSettings<S> {
  const [search, update] = useUrlParams();
  const sort = sorts.find((s) => s === search.get('sort')) ?? (sorts[0] as S);
  const dir = search.get('dir');
  const descending = dir ? dir === 'desc' : defaultDescending(sort);
  return {
    namespaces: (search.get('namespaces') ?? '').split(',').filter(Boolean),
    text: search.get('q') ?? '',
    sort,
    descending,
    update,
    sortable: (column, label) => (
      <SortButton
        column={column}
        label={label}
        sort={sort}
        descending={descending}
        defaultDescending={defaultDescending}
        update={update}
      />
    ),
  };
}

/** What every list row has: inbound requests/s, error % and p95. */
interface Traffic {
  inboundRps: number;
  errorPercent: number;
  p95Ms?: number;
}

/** The inbound traffic columns every list shows, sortable, with the page's widths. */
export function trafficColumns<Row extends Traffic, S extends string>(
  sortable: ListSettings<'rps' | 'errors' | 'p95' | S>['sortable'],
  widths: { rps: string; errors: string; p95: string },
  p95Title = 'Inbound p95 response time',
): MetricsColumn<Row>[] {
  return [
    {
      header: sortable('rps', 'Requests/s'),
      width: widths.rps,
      numeric: true,
      cell: (r) => formatRps(r.inboundRps),
    },
    {
      header: sortable('errors', 'Errors'),
      width: widths.errors,
      numeric: true,
      cell: (r) => formatPercent(r.errorPercent),
      className: (r) => (r.errorPercent > 0 ? 'error-text' : undefined),
    },
    {
      header: sortable('p95', 'p95'),
      headerTitle: p95Title,
      width: widths.p95,
      numeric: true,
      cell: (r) => (r.p95Ms === undefined ? '—' : formatMs(r.p95Ms)),
    },
  ];
}

/** A `desired/available` replicas column, in the error colour when some are not ready. */
export function readyColumn<Row extends { replicas?: { desired: number; available: number } }>(
  width: string,
): MetricsColumn<Row> {
  return {
    header: 'Ready',
    width,
    cell: ({ replicas }) => (replicas ? `${replicas.available}/${replicas.desired}` : '—'),
    className: ({ replicas }) =>
      replicas && replicas.available < replicas.desired ? 'error-text' : undefined,
  };
}

/**
 * A list page of the mesh: its heading; the namespace picker and the search; how many rows
 * of how many; loading, failure and warnings; why it is empty; and the rows, drawn as the
 * viewport needs them.
 */
export function MeshList<Row>({
  title,
  noun,
  searchLabel,
  settings,
  query,
  rows,
  total,
  columns,
  rowKey,
  emptyText,
}: {
  title: string;
  /** What a row is, one and many: `['app', 'apps']`. */
  noun: [string, string];
  searchLabel: string;
  settings: Pick<ListSettings<string>, 'namespaces' | 'text' | 'update'>;
  query: {
    data: { warnings: string[] } | undefined;
    isPending: boolean;
    isFetching: boolean;
    error: Error | null;
  };
  rows: readonly Row[];
  /** Rows of the chosen namespaces before the search: what "3 of 7" counts. */
  total: number;
  columns: readonly [MetricsColumn<Row>, ...MetricsColumn<Row>[]];
  rowKey: (row: Row) => string;
  /** Why there is no row at all (nothing matching the search is said by the list). */
  emptyText: string;
}): ReactNode {
  const options = useNamespaces();
  const { namespaces, text, update } = settings;
  const where = namespaces.length ? namespaces.join(', ') : 'the mesh';
  const id = `${title.toLowerCase().replace(/\W+/g, '-')}-heading`;
  return (
    <section aria-labelledby={id}>
      <h1 id={id} className="page-title">
        {title}
      </h1>
      <div className={list.filters} role="search">
        <NamespacePicker
          options={options.data?.namespaces ?? []}
          selected={namespaces}
          onChange={(selected) => update({ namespaces: selected.join(',') })}
          emptyText="All namespaces"
        />
        <SearchInput label={searchLabel} value={text} onChange={(q) => update({ q })} />
        {query.data && (
          <span className="muted" role="status">
            {rows.length} of {total} {total === 1 ? noun[0] : noun[1]} in {where} · inbound traffic
            over the last minute
            {query.isFetching ? ' · refreshing…' : ''}
          </span>
        )}
      </div>
      <QueryNotices
        isPending={query.isPending}
        error={query.error}
        hasData={query.data !== undefined}
        warnings={query.data?.warnings}
        loading={`Loading ${noun[1]} and traffic…`}
      />
      {query.data && rows.length === 0 && (
        <p className="muted">
          {total === 0
            ? emptyText
            : `No ${noun[0]} in ${where} matches ${text ? `“${text}”` : 'these filters'}.`}
        </p>
      )}
      {rows.length > 0 && (
        <div className="card">
          <MetricsTable
            label={title}
            compact={false}
            columns={columns}
            rows={rows}
            virtual
            rowKey={rowKey}
          />
        </div>
      )}
    </section>
  );
}

/**
 * A list row's name: its health dot (with the reason on hover), the link to its page, and a
 * second link to its place on the graph. Neither prefetches: a list of hundreds would ask the
 * server for every page in view.
 */
export function RowName({
  dot,
  health,
  kind,
  namespace,
  name,
}: {
  /** The dot's colour class (`healthy`, `idle`, …). */
  dot: string;
  health: { status: string; reason?: string };
  kind: EntityKind;
  namespace: string;
  name: string;
}): ReactNode {
  const href = entityPath(kind, namespace, name);
  const graphHref = entityGraphHref(kind, namespace, name, LIVE_GRAPH_WINDOW);
  return (
    <>
      <span
        className={`dot dot-${dot}`}
        role="img"
        aria-label={health.reason ?? health.status}
        title={health.reason ?? health.status}
      />
      <Link prefetch={false} href={href}>
        {name}
      </Link>{' '}
      <Link
        prefetch={false}
        href={graphHref}
        className={list.graphLink}
        aria-label={`Show ${name} on the graph`}
        title={`Show ${name} on the graph`}
      >
        graph
      </Link>
    </>
  );
}

const ROUTING_TAG = { VirtualService: 'VS', DestinationRule: 'DR', HTTPRoute: 'HTTPRoute' };

/**
 * A row's routing badges, as the graph draws them: the kinds of routing objects for its
 * Services and their config errors, opening the routing editor; a dash when nothing routes it.
 */
export function RoutingBadges({ routing }: { routing: RoutingSummary | undefined }): ReactNode {
  if (!routing || (routing.kinds.length === 0 && routing.errors === 0))
    return <span className="muted">—</span>;
  const badges = (
    <>
      {[...routing.kinds].sort().map((kind) => (
        <span key={kind} className={list.badge} title={kind}>
          {ROUTING_TAG[kind]}
        </span>
      ))}
      {routing.errors > 0 && (
        <span className={`${list.badge} ${list.badgeError}`}>
          {routing.errors} {routing.errors === 1 ? 'error' : 'errors'}
        </span>
      )}
    </>
  );
  return routing.service ? (
    <Link
      prefetch={false}
      href={routingHref({ namespace: routing.service.namespace, service: routing.service.name })}
      className={list.badges}
    >
      {badges}
    </Link>
  ) : (
    <span className={list.badges}>{badges}</span>
  );
}

/** The routing column: what routes the row's Services (see {@link RoutingBadges}). */
export function routingColumn<Row>(
  width: string,
  routingOfRow: (row: Row) => RoutingSummary | undefined,
): MetricsColumn<Row> {
  return {
    header: 'Routing',
    headerTitle:
      'The routing objects for its Services, and their config errors; each opens the routing editor',
    width,
    cell: (row) => <RoutingBadges routing={routingOfRow(row)} />,
  };
}
