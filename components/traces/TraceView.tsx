'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState, type ReactNode } from 'react';
import { ApiClientError } from '@/lib/client/api';
import { useTrace } from '@/lib/client/hooks';
import { formatClockUs, formatDurationUs, shortOperation } from '@/lib/format';
import { graphLinkForTrace } from '@/lib/trace-view/links';
import { serviceColor } from '@/lib/trace-view/scale';
import { entityOfSpan } from '@/lib/traces/istio';
import { TRACE_ID_PATTERN } from '@/lib/traces/ids';
import { buildTraceTree } from '@/lib/traces/tree';
import { SpanDetails } from './SpanDetails';
import { TraceWaterfall } from './TraceWaterfall';
import styles from './TraceView.module.css';

/** The trace page: summary, warnings, waterfall and the selected span's details. */
export function TraceView({ traceId }: { traceId: string }): ReactNode {
  const search = useSearchParams();
  const valid = TRACE_ID_PATTERN.test(traceId);
  const query = useTrace(valid ? traceId.toLowerCase() : undefined);
  const tree = useMemo(
    () => (query.data ? buildTraceTree(query.data.trace) : undefined),
    [query.data],
  );
  const [selectedKey, setSelectedKey] = useState<string>();

  if (!valid) {
    return (
      <p className="banner banner-error" role="alert">
        {JSON.stringify(traceId)} is not a trace id: expected 16 or 32 hexadecimal digits.
      </p>
    );
  }
  if (query.error) {
    const backend = query.error instanceof ApiClientError ? query.error.backend : undefined;
    return (
      <div className={styles.tracePage}>
        <p className="banner banner-error" role="alert" data-backend={backend}>
          {query.error.message}
        </p>
        <Link href="/graph">Back to the graph</Link>
      </div>
    );
  }
  if (!tree || !query.data)
    return <p className="muted graph-message">Loading trace {traceId.slice(0, 8)}…</p>;

  const root = tree.rows[0]?.span;
  const namespaces = tree.rows
    .map((r) => entityOfSpan(r.span)?.namespace)
    .filter((n): n is string => n !== undefined);
  const links = graphLinkForTrace(search.get('back') ?? undefined, tree.traceId, namespaces);
  const selected = tree.rows.find((r) => r.key === selectedKey) ?? undefined;
  const maxDepth = tree.rows.reduce((max, r) => Math.max(max, r.depth), 0);

  return (
    <div className={styles.tracePage}>
      <header className={styles.traceHeader}>
        <div>
          <h1 className="page-title">
            {root ? (
              <>
                <span style={{ color: serviceColor(tree.services, root.service) }}>
                  {root.service}
                </span>
                {': '}
                {shortOperation(root.operation)}
              </>
            ) : (
              'Empty trace'
            )}
          </h1>
          <dl className={`facts ${styles.traceFacts}`}>
            <div>
              <dt>Trace</dt>
              <dd className="mono">{tree.traceId}</dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>
                {tree.rows.length
                  ? `${new Date(tree.startUs / 1000).toLocaleDateString()} ${formatClockUs(tree.startUs)}`
                  : '—'}
              </dd>
            </div>
            <div>
              <dt>Duration</dt>
              <dd>{formatDurationUs(tree.durationUs)}</dd>
            </div>
            <div>
              <dt>Spans</dt>
              <dd>{tree.rows.length}</dd>
            </div>
            <div>
              <dt>Depth</dt>
              <dd>{tree.rows.length ? maxDepth + 1 : 0}</dd>
            </div>
            <div>
              <dt>Errors</dt>
              <dd className={tree.errorSpanCount ? 'error-text' : undefined}>
                {tree.errorSpanCount}
              </dd>
            </div>
            <div>
              <dt>Backend</dt>
              <dd>{query.data.backend}</dd>
            </div>
          </dl>
        </div>
        <nav className={styles.traceActions} aria-label="Trace actions">
          <Link className="button" href={links.withTrace}>
            Show on graph
          </Link>
          <Link href={links.href}>Back to graph</Link>
          {query.data.uiUrl && (
            <a href={query.data.uiUrl} target="_blank" rel="noreferrer">
              Open in Jaeger
            </a>
          )}
        </nav>
      </header>
      <ul className={styles.serviceLegend} aria-label="Services">
        {tree.services.map((service) => (
          <li key={service}>
            <span
              className="swatch"
              style={{ background: serviceColor(tree.services, service) }}
              aria-hidden="true"
            />
            {service}
          </li>
        ))}
        <li className="muted">
          <span className={`swatch ${styles.criticalSwatch}`} aria-hidden="true" />
          critical path
        </li>
      </ul>
      {tree.warnings.map((w) => (
        <p key={w} className="banner banner-warning" role="status">
          {w}
        </p>
      ))}
      <div className={styles.traceBody}>
        <TraceWaterfall tree={tree} selectedKey={selected?.key} onSelect={setSelectedKey} />
        <aside className={`side-panel ${styles.spanPanel}`} aria-label="Span details">
          {selected ? (
            <SpanDetails row={selected} tree={tree} onSelect={setSelectedKey} />
          ) : (
            <p className="muted">Select a span to see its attributes, events and process.</p>
          )}
        </aside>
      </div>
    </div>
  );
}
