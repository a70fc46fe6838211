'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartUnit } from '@/lib/contracts/entities';
import { SERIES_COLOURS, formatChartValue } from '@/lib/dashboards/format';
import styles from './TimeSeriesChart.module.css';

export interface TimeSeriesChartProps {
  title: string;
  unit: ChartUnit;
  /** Unix seconds of every point. */
  times: readonly number[];
  series: readonly { label: string; values: readonly (number | null)[] }[];
  /** Charts with the same key share one crosshair (a dashboard's). */
  syncKey: string;
  /** Said instead of an empty plot. */
  emptyText: string;
  /** Beside the title: links to the chart's queries elsewhere. */
  actions?: ReactNode;
  /** Under the plot: what was left out. */
  note?: string;
  height?: number;
}

/** The last point where any series has a value. */
function lastIndex(u: uPlot): number {
  for (let i = u.data[0].length - 1; i > 0; i -= 1)
    if (u.data.some((values, s) => s > 0 && values[i] != null)) return i;
  return 0;
}

function showNewestWhenIdle(u: uPlot): void {
  if (u.cursor.idx == null) u.setLegend({ idx: lastIndex(u) });
}

/**
 * An x-axis tick in UTC: `14:05`, with seconds when ticks are less than a minute apart
 * (`14:05:30`), with the date on a window longer than a day (`12-05 14:05`).
 */
function timeTick(sec: number, spacingSec: number, times: readonly number[]): string {
  const iso = new Date(sec * 1000).toISOString();
  const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
  if (span > 86_400) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return spacingSec < 60 ? iso.slice(11, 19) : iso.slice(11, 16);
}

/** A token of the page's theme (`--muted`) as the colour the browser resolved it to. */
function themeColour(token: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${token})`;
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}

/**
 * A time-series chart drawn by uPlot on a canvas: UTC time axis, values in their unit on the
 * y axis and in the legend under the crosshair, one colour per series. It follows its
 * container's width, and redraws in place when only the data changes.
 */
export function TimeSeriesChart({
  title,
  unit,
  times,
  series,
  syncKey,
  emptyText,
  actions,
  note,
  height = 180,
}: TimeSeriesChartProps): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<{ chart: uPlot; labels: string } | undefined>(undefined);
  const empty = series.length === 0;
  const labels = series.map((s) => s.label).join('\n');

  useEffect(() => {
    const element = container.current;
    if (!element || empty) {
      // Nothing to draw (the plot's element is gone): drop the chart drawn before.
      plot.current?.chart.destroy();
      plot.current = undefined;
      return;
    }
    const data = [
      Array.from(times),
      ...series.map((s) => Array.from(s.values)),
    ] as uPlot.AlignedData;
    // Same series: new data drawn in place, the crosshair and zoom kept.
    if (plot.current && plot.current.labels === labels) {
      plot.current.chart.setData(data);
      return;
    }
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      plot.current?.chart.destroy();
      const axis = themeColour('--muted');
      const grid = themeColour('--border');
      const format = (value: number | null) => formatChartValue(unit, value);
      const chart = new UPlot(
        {
          width: Math.max(200, element.clientWidth),
          height,
          cursor: { sync: { key: syncKey }, drag: { x: true, y: false } },
          scales: {
            x: { time: true },
            y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
          },
          tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
          axes: [
            {
              stroke: axis,
              grid: { stroke: grid, width: 1 },
              ticks: { stroke: grid },
              // Room for a label between ticks: on a short window, ticks a minute apart.
              space: 90,
              // 24-hour UTC, with the date when the window spans days.
              values: (_u, splits) =>
                splits.map((t) => timeTick(t, (splits[1] ?? t + 60) - (splits[0] ?? t), times)),
            },
            {
              stroke: axis,
              grid: { stroke: grid, width: 1 },
              ticks: { stroke: grid },
              size: 76,
              values: (_u, splits) => splits.map((v) => format(v)),
            },
          ],
          hooks: {
            // Off the plot, the legend shows the newest values rather than dashes.
            ready: [(u) => u.setLegend({ idx: lastIndex(u) })],
            setData: [showNewestWhenIdle],
            setCursor: [showNewestWhenIdle],
          },
          series: [
            {
              label: 'UTC',
              value: (_u, ts) =>
                ts == null ? '—' : new Date(ts * 1000).toISOString().slice(11, 19),
            },
            ...series.map((s, i) => ({
              label: s.label,
              stroke: SERIES_COLOURS[i % SERIES_COLOURS.length],
              width: 1.5,
              spanGaps: false,
              points: { show: false },
              value: (_u: uPlot, v: number | null) => format(v),
            })),
          ],
        },
        data,
        element,
      );
      plot.current = { chart, labels };
    });
    return () => {
      cancelled = true;
    };
  }, [times, series, labels, unit, syncKey, height, empty]);

  // Follow the container's width.
  useEffect(() => {
    const element = container.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const width = element.clientWidth;
      if (plot.current && width > 0) plot.current.chart.setSize({ width, height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [height]);

  useEffect(
    () => () => {
      plot.current?.chart.destroy();
      plot.current = undefined;
    },
    [],
  );

  return (
    <figure
      className={styles.chart}
      data-testid="chart"
      data-chart-title={title}
      style={{ margin: 0 }}
    >
      <figcaption className={styles.title}>
        <span>{title}</span>
        {actions && <span className={styles.links}>{actions}</span>}
      </figcaption>
      {empty ? (
        <div className={styles.empty}>{emptyText}</div>
      ) : (
        <div
          ref={container}
          className={styles.plot}
          role="img"
          aria-label={`${title}: ${series.map((s) => s.label).join(', ')}`}
        />
      )}
      {note && <p className={styles.note}>{note}</p>}
    </figure>
  );
}
