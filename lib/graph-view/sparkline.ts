import type { SeriesPoint } from '../contracts/graph-details';

/**
 * An SVG path for a series scaled into `width` × `height`, starting at 0 on the y-axis so
 * small wiggles do not look dramatic. Gaps (null values) break the line. Empty for no data.
 */
export function sparklinePath(
  points: readonly SeriesPoint[],
  width: number,
  height: number,
): string {
  const values = points.filter((p): p is { t: number; v: number } => p.v !== null);
  if (values.length === 0) return '';
  const t0 = points[0]?.t ?? 0;
  const t1 = points[points.length - 1]?.t ?? t0;
  const max = Math.max(...values.map((p) => p.v));
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * width);
  const y = (v: number) => (max <= 0 ? height : height - (v / max) * height);
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (point.v === null) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${x(point.t).toFixed(1)},${y(point.v).toFixed(1)}`;
    drawing = true;
  }
  return path;
}

/** The latest value of a series, if any. */
export const lastValue = (points: readonly SeriesPoint[]): number | undefined =>
  [...points].reverse().find((p) => p.v !== null)?.v ?? undefined;
