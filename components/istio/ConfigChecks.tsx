'use client';

import type { ReactNode } from 'react';
import type { ConfigItem } from '@/lib/contracts/istio-config';
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
