'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { useUrlParams } from '@/lib/client/url-params';
import { useIstioConfig, useNamespaces } from '@/lib/client/hooks';
import { CONFIG_KINDS, type ConfigItem, type ConfigKind } from '@/lib/contracts/istio-config';
import {
  KIND_TEXT,
  configSummary,
  filterConfig,
  statusOf,
  type ConfigFilter,
} from '@/lib/validations/config-list';
import { routingHref } from '@/lib/graph-view/links';
import { MetricsTable, type MetricsColumn } from '../ui/MetricsTable';
import { NamespacePicker } from '../ui/NamespacePicker';
import { QueryNotices } from '../ui/QueryNotices';
import { ConfigChecks } from './ConfigChecks';
import list from '../ui/list.module.css';
import styles from './IstioConfigList.module.css';

/** An object's status, and the number of its checks. */
function Status({ item }: { item: ConfigItem }): ReactNode {
  const status = statusOf(item);
  const errors = item.checks.filter((c) => c.severity === 'error').length;
  const warnings = item.checks.length - errors;
  const text =
    status === 'valid'
      ? 'Valid'
      : [
          errors && `${errors} ${errors === 1 ? 'error' : 'errors'}`,
          warnings && `${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`,
        ]
          .filter(Boolean)
          .join(', ');
  return (
    <span className={`${styles.status} ${status !== 'valid' ? styles[status] : ''}`}>
      <span
        className={`dot dot-${status === 'valid' ? 'healthy' : status === 'error' ? 'failure' : 'degraded'}`}
        aria-hidden="true"
      />
      {text}
    </span>
  );
}

const COLUMNS: readonly [MetricsColumn<ConfigItem>, ...MetricsColumn<ConfigItem>[]] = [
  {
    header: 'Name',
    width: '18%',
    // A VirtualService or DestinationRule opens the routing page of its service.
    cell: (item) =>
      item.service ? (
        <Link
          href={routingHref({ namespace: item.service.namespace, service: item.service.name })}
          title={`Routing of ${item.service.name}.${item.service.namespace}`}
        >
          {item.name}
        </Link>
      ) : (
        item.name
      ),
  },
  { header: 'Namespace', width: '11%', cell: (item) => item.namespace },
  { header: 'Kind', width: '14%', cell: (item) => KIND_TEXT[item.kind] },
  { header: 'Validation', width: '11%', cell: (item) => <Status item={item} /> },
  { header: 'Checks', cell: (item) => <ConfigChecks item={item} /> },
];

const STATUSES = ['all', 'invalid', 'error'] as const;
const isKind = (k: string): k is ConfigKind => (CONFIG_KINDS as readonly string[]).includes(k);

/**
 * The Istio config list: every Istio and Gateway API object of the chosen namespaces with its
 * validation, filtered by kind, status and name; the filters live in the URL.
 */
export function IstioConfigList(): ReactNode {
  const [search, update] = useUrlParams();
  const namespaces = (search.get('namespaces') ?? '').split(',').filter(Boolean);
  const filter: ConfigFilter = {
    kinds: (search.get('kind') ?? '').split(',').filter(isKind),
    status: STATUSES.find((s) => s === search.get('status')) ?? 'all',
    text: search.get('q') ?? '',
  };
  const options = useNamespaces();
  const config = useIstioConfig(namespaces);
  const items = config.data ? filterConfig(config.data.items, filter) : [];
  const all = config.data ? configSummary(config.data.items) : undefined;
  const where = namespaces.length ? namespaces.join(', ') : 'every namespace';

  return (
    <section aria-labelledby="istio-heading">
      <h1 id="istio-heading" className="page-title">
        Istio config
      </h1>
      <div className={list.filters} role="search">
        <NamespacePicker
          options={options.data?.namespaces ?? []}
          selected={namespaces}
          onChange={(selected) => update({ namespaces: selected.join(',') })}
          emptyText="All namespaces"
        />
        <label>
          <span className="sr-only">Kind</span>
          <select
            value={filter.kinds?.[0] ?? ''}
            onChange={(e) => update({ kind: e.target.value })}
          >
            <option value="">Every kind</option>
            {CONFIG_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_TEXT[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Validation</span>
          <select
            value={filter.status}
            onChange={(e) => update({ status: e.target.value === 'all' ? '' : e.target.value })}
          >
            <option value="all">Any validation</option>
            <option value="invalid">Errors and warnings</option>
            <option value="error">Errors only</option>
          </select>
        </label>
        <input
          type="search"
          aria-label="Name"
          placeholder="Name contains…"
          defaultValue={filter.text}
          onChange={(e) => update({ q: e.target.value })}
        />
        {all && (
          <span className="muted" role="status">
            {all.objects} {all.objects === 1 ? 'object' : 'objects'} in {where} · {all.errors} with
            errors · {all.warnings} with warnings
            {config.isFetching ? ' · refreshing…' : ''}
          </span>
        )}
      </div>
      <QueryNotices
        isPending={config.isPending}
        error={config.error}
        hasData={config.data !== undefined}
        warnings={config.data?.warnings}
        loading="Loading the Istio config…"
      />
      {config.data && config.data.items.length === 0 && (
        <p className="muted">
          No Istio config in {where}: no VirtualService, DestinationRule, Gateway, ServiceEntry,
          Sidecar, security policy or Gateway API route there.
        </p>
      )}
      {config.data && config.data.items.length > 0 && items.length === 0 && (
        <p className="muted">No object matches these filters.</p>
      )}
      {items.length > 0 && (
        <div className="card">
          <MetricsTable
            label="Istio config"
            compact={false}
            columns={COLUMNS}
            rows={items}
            rowKey={(item) => `${item.kind}/${item.namespace}/${item.name}`}
          />
        </div>
      )}
    </section>
  );
}
