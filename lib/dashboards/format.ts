import type { ChartUnit } from '../contracts/entities';
import { formatBytes, formatBytesPerSecond, formatMs, formatRps } from '../format';

/** A chart value in its unit, as axes and legends show it; `—` where there is none. */
export function formatChartValue(unit: ChartUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'rps':
      return `${formatRps(value)} req/s`;
    case 'ms':
      return formatMs(value);
    case 'bytes':
      return formatBytes(value);
    case 'bytesPerSecond':
      return formatBytesPerSecond(value);
  }
}

/**
 * Series colours: distinct hues that read on both themes' backgrounds, in the order series
 * come (the busiest first).
 */
export const SERIES_COLOURS = [
  '#3b82f6',
  '#f59e0b',
  '#10b981',
  '#ef4444',
  '#8b5cf6',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
  '#f97316',
  '#6366f1',
  '#14b8a6',
  '#a855f7',
] as const;
