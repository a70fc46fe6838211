'use client';

import type { ReactNode } from 'react';
import { useUrlParams } from '@/lib/client/url-params';
import { useIstioConfig, useNamespaces } from '@/lib/client/hooks';
import { CONFIG_KINDS, type ConfigKind } from '@/lib/contracts/istio-config';
import {
  KIND_TEXT,
  configSummary,
  filterConfig,
  type ConfigFilter,
} from '@/lib/validations/config-list';
import { MetricsTable } from '../ui/MetricsTable';
import { NamespacePicker } from '../ui/NamespacePicker';
import { QueryNotices } from '../ui/QueryNotices';
import { CONFIG_COLUMNS } from './ConfigChecks';
import list from '../ui/list.module.css';

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
            columns={CONFIG_COLUMNS}
            rows={items}
            rowKey={(item) => `${item.kind}/${item.namespace}/${item.name}`}
          />
        </div>
      )}
    </section>
  );
}
