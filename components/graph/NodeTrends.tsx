'use client';

import type { ReactNode } from 'react';
import { useNodeSeries, type DetailWindow } from '@/lib/client/hooks';
import { formatPercent, formatRps } from '@/lib/format';
import { Sparkline } from '../ui/Sparkline';
import styles from './NodeTrends.module.css';

/** Sparklines of a node’s request rate, error % and p95 (range queries). */
export function NodeTrends({
  id,
  direction,
  window,
  refreshSeconds,
}: {
  id: string;
  direction: 'inbound' | 'outbound';
  window: DetailWindow;
  refreshSeconds: number;
}): ReactNode {
  const series = useNodeSeries(id, direction, window, refreshSeconds);
  return (
    <section
      aria-label={`${direction === 'inbound' ? 'Inbound' : 'Outbound'} trends`}
      className={styles.trends}
    >
      <h4>{direction === 'inbound' ? 'Inbound' : 'Outbound'} over time</h4>
      {series.data && (
        // Why these figures differ from the health line above: a short window, not the graph's.
        <p className="muted small">
          Each point is a {series.data.rateWindowSec} s rate; the figure is the latest. Health above
          covers the whole graph window.
        </p>
      )}
      {series.error && <p className="error-text">{series.error.message}</p>}
      {series.isPending && <p className="muted">Loading trends…</p>}
      {series.data && (
        <>
          <Sparkline
            label="Requests"
            points={series.data.rate}
            format={(v) => `${formatRps(v)} req/s`}
          />
          <Sparkline
            label="Errors"
            points={series.data.errorPercent}
            format={formatPercent}
            color="var(--fail)"
          />
          <Sparkline
            label="p95 latency"
            points={series.data.p95Ms}
            format={(v) => `${v.toFixed(1)} ms`}
            color="var(--warn)"
          />
        </>
      )}
    </section>
  );
}
