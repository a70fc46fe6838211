'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useNamespaces, useServiceList } from '@/lib/client/hooks';
import { useUrlParams } from '@/lib/client/url-params';
import type { ServiceRow } from '@/lib/contracts/entities';
import { entityGraphHref, entityPath } from '@/lib/entity-view/entity-links';
import { formatMs, formatPercent, formatRps, healthDot } from '@/lib/format';
import { routingHref } from '@/lib/graph-view/links';
import {
  SERVICE_SORTS,
  serviceDefaultDescending,
  serviceRows,
  type ServiceSort,
} from '@/lib/overview/service-list';
import { MetricsTable, type MetricsColumn } from '../ui/MetricsTable';
import { NamespacePicker } from '../ui/NamespacePicker';
import { QueryNotices } from '../ui/QueryNotices';
import { SearchInput } from '../ui/SearchInput';
import { SortButton } from '../ui/SortButton';
import list from '../ui/list.module.css';

const WINDOW_SECONDS = 60;
const ROUTING_TAG = { VirtualService: 'VS', DestinationRule: 'DR', HTTPRoute: 'HTTPRoute' };

/**
 * Every Service of the mesh, or of the chosen namespaces: the workloads and versions it
 * selects, its routing objects (each opening the routing editor), their config errors, and its
 * inbound traffic over the last minute.
 */
export function ServiceList(): ReactNode {
  const [search, update] = useUrlParams();
  const namespaces = (search.get('namespaces') ?? '').split(',').filter(Boolean);
  const sort = SERVICE_SORTS.find((s) => s === search.get('sort')) ?? 'name';
  const dir = search.get('dir');
  const descending = dir ? dir === 'desc' : serviceDefaultDescending(sort);
  const text = search.get('q') ?? '';
  const options = useNamespaces();
  const services = useServiceList(WINDOW_SECONDS);
  const all = services.data?.services ?? [];
  const rows = serviceRows(all, { namespaces, text, sort, descending });
  const total = serviceRows(all, { namespaces }).length;
  const sortable = (column: ServiceSort, label: string) => (
    <SortButton
      column={column}
      label={label}
      sort={sort}
      descending={descending}
      defaultDescending={serviceDefaultDescending}
      update={update}
    />
  );
  // Row links do not prefetch: a list of hundreds would ask the server for every page in view.
  const columns: readonly [MetricsColumn<ServiceRow>, ...MetricsColumn<ServiceRow>[]] = [
    {
      header: sortable('name', 'Service'),
      width: '20%',
      cell: (s) => (
        <>
          <span
            className={`dot dot-${healthDot(s.health.status)}`}
            role="img"
            aria-label={s.health.reason ?? s.health.status}
            title={s.health.reason ?? s.health.status}
          />
          <Link prefetch={false} href={entityPath('service', s.namespace, s.name)}>
            {s.name}
          </Link>{' '}
          <Link
            prefetch={false}
            href={entityGraphHref('service', s.namespace, s.name, {
              duration: '1m',
              time: undefined,
            })}
            className={list.graphLink}
            aria-label={`Show ${s.name} on the graph`}
          >
            graph
          </Link>
        </>
      ),
    },
    { header: sortable('namespace', 'Namespace'), width: '10%', cell: (s) => s.namespace },
    {
      header: 'Workloads',
      headerTitle: 'The workloads its selector picks: their versions, or their names',
      width: '18%',
      cell: (s) =>
        s.workloads.length === 0 ? (
          <span className="muted">none selected</span>
        ) : s.versions.length ? (
          `${s.workloads.length} · ${s.versions.join(', ')}`
        ) : (
          s.workloads.join(', ')
        ),
      title: (s) => s.workloads.join(', ') || undefined,
    },
    {
      header: 'Routing',
      headerTitle: 'The routing objects that name it; each opens its routing editor',
      width: '14%',
      cell: (s) =>
        s.routing.length || s.configErrors ? (
          <Link
            prefetch={false}
            href={routingHref({ namespace: s.namespace, service: s.name })}
            className={list.badges}
          >
            {s.routing.map((kind) => (
              <span key={kind} className={list.badge} title={kind}>
                {ROUTING_TAG[kind]}
              </span>
            ))}
            {s.configErrors > 0 && (
              <span className={`${list.badge} ${list.badgeError}`}>
                {s.configErrors} {s.configErrors === 1 ? 'error' : 'errors'}
              </span>
            )}
          </Link>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      header: sortable('rps', 'Requests/s'),
      width: '11%',
      numeric: true,
      cell: (s) => formatRps(s.inboundRps),
    },
    {
      header: sortable('errors', 'Errors'),
      width: '9%',
      numeric: true,
      cell: (s) => formatPercent(s.errorPercent),
      className: (s) => (s.errorPercent > 0 ? 'error-text' : undefined),
    },
    {
      header: sortable('p95', 'p95'),
      width: '9%',
      numeric: true,
      cell: (s) => (s.p95Ms === undefined ? '—' : formatMs(s.p95Ms)),
    },
  ];
  const where = namespaces.length ? namespaces.join(', ') : 'the mesh';
  return (
    <section aria-labelledby="services-heading">
      <h1 id="services-heading" className="page-title">
        Services
      </h1>
      <div className={list.filters} role="search">
        <NamespacePicker
          options={options.data?.namespaces ?? []}
          selected={namespaces}
          onChange={(selected) => update({ namespaces: selected.join(',') })}
          emptyText="All namespaces"
        />
        <SearchInput label="Service or workload" value={text} onChange={(q) => update({ q })} />
        {services.data && (
          <span className="muted" role="status">
            {rows.length} of {total} {total === 1 ? 'service' : 'services'} in {where} · inbound
            traffic over the last minute
          </span>
        )}
      </div>
      <QueryNotices
        isPending={services.isPending}
        error={services.error}
        hasData={services.data !== undefined}
        warnings={services.data?.warnings}
        loading="Loading services and traffic…"
      />
      {services.data && rows.length === 0 && (
        <p className="muted">
          {total === 0
            ? 'No services: Kubernetes lists no Service in these namespaces.'
            : `No service in ${where} matches “${text}”.`}
        </p>
      )}
      {rows.length > 0 && (
        <div className="card">
          <MetricsTable
            label="Services"
            compact={false}
            columns={columns}
            rows={rows}
            virtual
            rowKey={(s) => `${s.namespace}/${s.name}`}
          />
        </div>
      )}
    </section>
  );
}
