'use client';

import type { ReactNode } from 'react';
import type { BackendCheck } from '@/lib/contracts/readiness';
import { useReadiness } from '@/lib/client/hooks';
import styles from './ReadinessPanel.module.css';

const STATUS_TEXT: Record<BackendCheck['status'], string> = {
  ready: 'Ready',
  unreachable: 'Unreachable',
  unconfigured: 'Not configured',
};

function BackendCard({ check }: { check: BackendCheck }): ReactNode {
  return (
    <li
      className={`card ${styles.backend}${check.status === 'unreachable' ? ` ${styles.unreachable}` : ''}`}
      aria-label={`${check.label}: ${STATUS_TEXT[check.status]}`}
    >
      <div className={styles.backendTitle}>
        <span className={`dot dot-${check.status}`} aria-hidden="true" />
        <strong>{check.label}</strong>
        <span className={styles.backendStatus}>{STATUS_TEXT[check.status]}</span>
      </div>
      {check.url && <div className="muted mono">{check.url}</div>}
      <div className="muted">
        {check.version && <span>version {check.version}</span>}
        {/* A Prometheus-compatible store (VictoriaMetrics, Thanos) need not say its version. */}
        {!check.version && check.status === 'ready' && <span>version not reported</span>}
        {check.status === 'ready' && check.latencyMs !== undefined && <span> · </span>}
        {check.latencyMs !== undefined && <span>{check.latencyMs} ms</span>}
        {check.status === 'unconfigured' && <span>Set TRACING_URL to enable trace drilldown.</span>}
      </div>
      {check.error && (
        <p className="error-text" role="alert">
          {check.error}
        </p>
      )}
    </li>
  );
}

/** The state of every backend, refreshed every few seconds. */
export function ReadinessPanel(): ReactNode {
  const { data, error, isPending } = useReadiness();
  return (
    <section aria-labelledby="backends-heading" className="section">
      <h2 id="backends-heading">Backends</h2>
      {isPending && <p className="muted">Checking backends…</p>}
      {error && !data && (
        <p className="banner banner-error" role="alert">
          {error.message}
        </p>
      )}
      {data && (
        <ul className={styles.backendGrid} aria-label="Backend readiness">
          {data.backends.map((check) => (
            <BackendCard key={check.backend} check={check} />
          ))}
        </ul>
      )}
    </section>
  );
}
