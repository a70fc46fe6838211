/** Display formatting shared by components. Pure, locale-independent, tested. */

/** Requests per second: `0`, `0.05`, `1.2`, `10.0`, `1.3k`. */
export function formatRps(rps: number): string {
  if (!Number.isFinite(rps) || rps <= 0) return '0';
  if (rps < 0.1) return rps.toFixed(2);
  if (rps < 1000) return rps.toFixed(1);
  return `${(rps / 1000).toFixed(1)}k`;
}

/** A percentage with one decimal, `<0.1%` for small non-zero values. */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent) || percent <= 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  return `${percent.toFixed(1)}%`;
}

/** An amount in binary units: `0 B`, `512 B`, `1.5 KiB`, `120 MiB` (`suffix` after each). */
function formatBinary(bytes: number, suffix: string): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return `0 B${suffix}`;
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Whole bytes as they are; a fraction of a byte (an average) with one decimal.
  const digits = value >= 100 || (unit === 0 && (Number.isInteger(value) || value >= 10)) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}${suffix}`;
}

/** Bytes per second in binary units. */
export const formatBytesPerSecond = (bytes: number): string => formatBinary(bytes, '/s');

/** A size in binary units (a request's or response's). */
export const formatBytes = (bytes: number): string => formatBinary(bytes, '');

/**
 * The dot of a workload in the overview: its health as the graph judges it, and for a
 * workload without requests, healthy when TCP flows (TCP has no error signal) or idle.
 */
export function workloadDot(workload: {
  health: { status: 'healthy' | 'degraded' | 'failure' | 'notReady' | 'na' };
  tcpBytesPerSecond: number;
}): 'healthy' | 'degraded' | 'failure' | 'idle' {
  if (workload.health.status === 'na') return workload.tcpBytesPerSecond > 0 ? 'healthy' : 'idle';
  return healthDot(workload.health.status);
}

/** The dot colour class for a health status: no data and not ready both show grey. */
export function healthDot(
  status: 'healthy' | 'degraded' | 'failure' | 'notReady' | 'na',
): 'healthy' | 'degraded' | 'failure' | 'idle' {
  return status === 'na' || status === 'notReady' ? 'idle' : status;
}

/** A rate with its unit: bytes/s for TCP, requests/s otherwise. */
export function formatTrafficRate(protocol: string, value: number): string {
  return protocol === 'tcp' ? formatBytesPerSecond(value) : `${formatRps(value)} req/s`;
}

/** A span or trace duration in readable units: `850 µs`, `12.3 ms`, `1.25 s`. */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us)) return '—';
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) {
    const ms = us / 1000;
    return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  }
  const s = us / 1_000_000;
  return s < 60 ? `${s.toFixed(2)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A wall-clock time of day with milliseconds, in the browser's time zone: `10:42:13.123`. */
export function formatClockUs(us: number): string {
  const date = new Date(us / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Envoy names spans after the cluster-local host: `reviews.bookinfo.svc.cluster.local:9080/*` reads better as `reviews.bookinfo:9080/*`. */
export function shortOperation(operation: string): string {
  return operation.replace(/\.svc\.cluster\.local(?=[:/]|$)/, '');
}

/** A latency in ms, in readable units: `0.8 ms`, `30.6 ms`, `412 ms`, `9.4 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** A histogram bucket as a range: `25–50 ms`, `5–10 s`, `over 10 s` (`upperMs` null: +Inf). */
export function formatBucketMs(lowerMs: number, upperMs: number | null): string {
  if (upperMs === null) return `over ${formatMs(lowerMs)}`;
  const seconds = lowerMs >= 1000;
  const lower = seconds
    ? formatMs(lowerMs).replace(/ s$/, '')
    : formatMs(lowerMs).replace(/ ms$/, '');
  return `${lower.replace(/\.0$/, '')}–${formatMs(upperMs).replace(/\.0(?= )/, '')}`;
}

/** A moment's hour and minute in UTC: `13:55`. */
export const utcMinute = (sec: number): string => new Date(sec * 1000).toISOString().slice(11, 16);

/** `YYYY-MM-DDTHH:MM:SS` in UTC, the value format of a datetime-local input. */
export const toUtcInput = (sec: number): string => new Date(sec * 1000).toISOString().slice(0, 19);

/** A datetime-local input's value, read as UTC, in unix seconds. */
export function fromUtcInput(text: string): number | undefined {
  const ms = Date.parse(`${text}Z`);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** How long ago, as kubectl prints ages: `45s`, `12m`, `5h`, `3d`. */
export function formatAge(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60) return `${Math.max(0, Math.floor(seconds || 0))}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
