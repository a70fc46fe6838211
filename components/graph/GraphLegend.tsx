import type { ReactNode } from 'react';
import { GRAPH_COLOR_TOKENS } from '@/lib/graph-view/graph-style';
import styles from './GraphLegend.module.css';

const SHAPES: [string, ReactNode][] = [
  ['Workload', <circle key="w" cx="9" cy="9" r="7" />],
  ['App', <rect key="a" x="2" y="2" width="14" height="14" rx="3" />],
  ['Service', <path key="s" d="M9 2 L16 16 L2 16 Z" />],
  ['Unknown', <path key="u" d="M9 1 L17 9 L9 17 L1 9 Z" />],
  ['Waypoint proxy (ambient)', <path key="p" d="M5 2 L13 2 L17 9 L13 16 L5 16 L1 9 Z" />],
];

/** What shapes and colours mean on the canvas. */
export function GraphLegend(): ReactNode {
  return (
    <details className={styles.legend}>
      <summary>Legend</summary>
      <ul>
        {SHAPES.map(([text, shape]) => (
          <li key={text}>
            <svg
              width="18"
              height="18"
              aria-hidden="true"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
            >
              {shape}
            </svg>
            {text}
          </li>
        ))}
        {(['healthy', 'degraded', 'failure'] as const).map((status) => (
          <li key={status}>
            <span
              className="swatch"
              style={{ borderColor: `var(${GRAPH_COLOR_TOKENS[status]})` }}
              aria-hidden="true"
            />
            {status === 'healthy'
              ? 'Healthy'
              : status === 'degraded'
                ? 'Degraded (some errors)'
                : 'Failure (≥ 10 % errors)'}
          </li>
        ))}
        <li>
          <span
            className={styles.swatchLine}
            style={{ borderColor: `var(${GRAPH_COLOR_TOKENS.tcp})`, borderTopStyle: 'dashed' }}
            aria-hidden="true"
          />
          TCP traffic
        </li>
        <li>
          <span
            className="swatch"
            style={{ borderStyle: 'double', borderWidth: 4 }}
            aria-hidden="true"
          />
          Traffic source (root)
        </li>
        <li>
          Edge width grows with the request rate; with security badges, “mTLS” marks fully encrypted
          edges.
        </li>
      </ul>
    </details>
  );
}
