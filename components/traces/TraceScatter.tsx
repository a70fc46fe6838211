'use client';

import type { ReactNode } from 'react';
import type { TraceList } from '@/lib/contracts/traces';
import { formatClockUs, formatDurationUs } from '@/lib/format';
import { linearScale, niceTicks } from '@/lib/trace-view/scale';
import styles from './TraceScatter.module.css';

export interface TraceScatterProps {
  traces: TraceList['traces'];
  selected: string | undefined;
  onSelect: (traceId: string) => void;
}

const WIDTH = 310;
const HEIGHT = 150;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

/**
 * Jaeger's search scatter plot: x = start time, y = duration, red = has errors, size = span
 * count. The x axis spans the traces found. Points are buttons: click or Enter picks the
 * trace in the list.
 */
export function TraceScatter({ traces, selected, onSelect }: TraceScatterProps): ReactNode {
  // Like Jaeger UI, the x axis spans the results (the newest N), not the whole search window.
  const starts = traces.map((t) => t.startUs);
  const first = Math.min(...starts);
  const last = Math.max(...starts);
  const pad = Math.max((last - first) * 0.05, 500_000);
  const startUs = first - pad;
  const endUs = last + pad;
  const maxDuration = Math.max(1, ...traces.map((t) => t.durationUs));
  const x = linearScale([startUs, endUs], [PAD.left, WIDTH - PAD.right]);
  const y = linearScale([0, maxDuration * 1.1], [HEIGHT - PAD.bottom, PAD.top]);
  const yTicks = niceTicks(0, maxDuration * 1.1, 3);
  const xTicks = [startUs, (startUs + endUs) / 2, endUs];
  return (
    <svg
      className={styles.traceScatter}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="group"
      aria-label={`Scatter plot of ${traces.length} traces: start time against duration`}
    >
      {yTicks.map((tick) => (
        <g key={tick}>
          <line
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={y(tick)}
            y2={y(tick)}
            className={styles.grid}
          />
          <text x={PAD.left - 4} y={y(tick) + 3} textAnchor="end">
            {formatDurationUs(tick)}
          </text>
        </g>
      ))}
      {xTicks.map((tick, i) => (
        <text
          key={tick}
          x={x(tick)}
          y={HEIGHT - 5}
          textAnchor={i === 0 ? 'start' : i === 2 ? 'end' : 'middle'}
        >
          {formatClockUs(tick).slice(0, 8)}
        </text>
      ))}
      {traces.map((t) => (
        <circle
          key={t.traceId}
          cx={x(t.startUs)}
          cy={y(t.durationUs)}
          r={Math.min(12, 3 + Math.sqrt(t.spanCount))}
          className={`${styles.point}${t.errorSpanCount > 0 ? ` ${styles.pointError}` : ''}${t.traceId === selected ? ` ${styles.pointSelected}` : ''}`}
          tabIndex={0}
          role="button"
          aria-label={`${t.rootOperation}: ${formatDurationUs(t.durationUs)}, ${t.spanCount} spans${t.errorSpanCount ? `, ${t.errorSpanCount} with errors` : ''}`}
          onClick={() => onSelect(t.traceId)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              onSelect(t.traceId);
            }
          }}
        >
          <title>
            {`${formatClockUs(t.startUs)} · ${formatDurationUs(t.durationUs)} · ${t.spanCount} spans`}
          </title>
        </circle>
      ))}
    </svg>
  );
}
