import type { ReactNode } from 'react';
import type { SeriesPoint } from '@/lib/contracts/graph-details';
import { lastValue, sparklinePath } from '@/lib/graph-view/sparkline';
import styles from './Sparkline.module.css';

export interface SparklineProps {
  label: string;
  points: readonly SeriesPoint[];
  format: (value: number) => string;
  /** CSS colour of the line. */
  color?: string;
}

const WIDTH = 180;
const HEIGHT = 28;

/** A small line chart with its latest value, labelled for screen readers. */
export function Sparkline({
  label,
  points,
  format,
  color = 'var(--accent)',
}: SparklineProps): ReactNode {
  const latest = lastValue(points);
  const text = latest === undefined ? 'no data' : format(latest);
  return (
    <div className={styles.sparkline}>
      <span className={styles.sparklineLabel}>{label}</span>
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${label}: ${text} now`}
      >
        <path
          d={sparklinePath(points, WIDTH, HEIGHT - 2)}
          fill="none"
          stroke={color}
          strokeWidth="1.5"
          transform="translate(0 1)"
        />
      </svg>
      <span className={styles.sparklineValue}>{text}</span>
    </div>
  );
}
