/**
 * Writes OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`. Timestamps are
 * unix seconds (promtool reads milliseconds silently as seconds far in the future), series are
 * written one after another in time order, and the text ends with `# EOF`.
 */

export interface CounterSeries {
  name: string;
  labels: Record<string, string>;
  /** Constant increase per second. */
  ratePerSecond: number;
  /** From `atSec` on, the counter grows at this rate instead (a change to detect). */
  then?: { atSec: number; ratePerSecond: number };
}

/** A counter's value at `t`: its rate until the change, the new rate after it. */
function valueAt(s: CounterSeries, startSec: number, t: number): number {
  if (!s.then || t <= s.then.atSec) return s.ratePerSecond * (t - startSec);
  return s.ratePerSecond * (s.then.atSec - startSec) + s.then.ratePerSecond * (t - s.then.atSec);
}

const escape = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0
    ? ''
    : `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}

/** Every sample of the counters from `startSec` to `endSec`, as `name{labels} value time`. */
function sampleLines(
  series: CounterSeries[],
  startSec: number,
  endSec: number,
  stepSeconds: number,
  timestamp: (sec: number) => number,
): string[] {
  const lines: string[] = [];
  for (const s of series) {
    for (let t = startSec; t <= endSec; t += stepSeconds) {
      lines.push(`${s.name}${labelText(s.labels)} ${valueAt(s, startSec, t)} ${timestamp(t)}`);
    }
  }
  return lines;
}

/**
 * Counters growing at a constant rate (or two, see `then`), sampled every `stepSeconds` from
 * `startSec` to `endSec`, a series at a time: a large mesh's text is longer than a string can be.
 */
export function* openMetricsChunks(
  series: readonly CounterSeries[],
  startSec: number,
  endSec: number,
  stepSeconds: number,
): Generator<string> {
  for (const s of series)
    yield `${sampleLines([s], startSec, endSec, stepSeconds, (t) => t).join('\n')}\n`;
  yield '# EOF\n';
}

/** The same as one text (see {@link openMetricsChunks}). */
export function countersToOpenMetrics(
  series: CounterSeries[],
  startSec: number,
  endSec: number,
  stepSeconds: number,
): string {
  return [...openMetricsChunks(series, startSec, endSec, stepSeconds)].join('');
}

/**
 * The same counters in Prometheus' text format with millisecond timestamps, as
 * VictoriaMetrics imports them at `/api/v1/import/prometheus`.
 */
export function countersToPrometheusText(
  series: CounterSeries[],
  startSec: number,
  endSec: number,
  stepSeconds: number,
): string {
  return `${sampleLines(series, startSec, endSec, stepSeconds, (t) => t * 1000).join('\n')}\n`;
}
