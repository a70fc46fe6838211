'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ConfigItem } from '@/lib/contracts/istio-config';

import { KIND_TEXT, statusOf } from '@/lib/validations/config-list';
import type { MetricsColumn } from '../ui/MetricsTable';
import styles from './IstioConfigList.module.css';

/** What is wrong with an object, each check with its code, path and what to change. */
export function ConfigChecks({
  item,
}: {
  item: Pick<ConfigItem, 'kind' | 'namespace' | 'name' | 'checks'>;
}): ReactNode {
  if (item.checks.length === 0) return <span className="muted">—</span>;
  return (
    <ul
      className={styles.checks}
      aria-label={`Checks of ${item.kind} ${item.namespace}/${item.name}`}
    >
      {item.checks.map((c) => (
        <li key={`${c.id} ${c.path}`}>
          <span className={c.severity === 'error' ? styles.error : styles.warning}>
            {c.code} {c.severity === 'error' ? 'Error' : 'Warning'}
          </span>{' '}
          <span className={styles.code}>{c.path}</span>: {c.message}
        </li>
      ))}
    </ul>
  );
}

/** An object's page. */
export const configObjectPath = (item: Pick<ConfigItem, 'kind' | 'namespace' | 'name'>): string =>
  `/istio/${encodeURIComponent(item.namespace)}/${item.kind}/${encodeURIComponent(item.name)}`;

/** An object's status, and the number of its checks. */
export function ConfigStatus({ item }: { item: ConfigItem }): ReactNode {
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

export const CONFIG_COLUMNS: readonly [MetricsColumn<ConfigItem>, ...MetricsColumn<ConfigItem>[]] =
  [
    {
      header: 'Name',
      width: '18%',
      cell: (item) => (
        <Link
          href={configObjectPath(item)}
          title={`${KIND_TEXT[item.kind]} ${item.namespace}/${item.name}`}
        >
          {item.name}
        </Link>
      ),
    },
    { header: 'Namespace', width: '11%', cell: (item) => item.namespace },
    { header: 'Kind', width: '14%', cell: (item) => KIND_TEXT[item.kind] },
    { header: 'Validation', width: '11%', cell: (item) => <ConfigStatus item={item} /> },
    { header: 'Checks', cell: (item) => <ConfigChecks item={item} /> },
  ];
