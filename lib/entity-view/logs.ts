/**
 * Reading container logs as the Logs tab shows them: each line's kubelet timestamp, and for
 * Envoy's access-log lines (Istio's default TEXT format) the request they record and its
 * `x-request-id`, by which the request's trace is found (Envoy tags its spans with it as
 * `guid:x-request-id`). Pure.
 */

export interface AccessLogEntry {
  method: string;
  path: string;
  protocol: string;
  /** 0: no response (Envoy's local reply before one). */
  code: number;
  flags: string;
  durationMs: number | undefined;
  requestId: string | undefined;
  authority: string | undefined;
  upstreamCluster: string | undefined;
}

export interface LogLine {
  /** Unix ms from the kubelet's timestamp; undefined when the line has none. */
  atMs: number | undefined;
  /** The line without its timestamp. */
  text: string;
  access: AccessLogEntry | undefined;
  /** The request id an access-log or application line names. */
  requestId: string | undefined;
}

const KUBELET_STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/**
 * `[START] "METHOD PATH PROTOCOL" CODE FLAGS DETAILS TERMINATION "FAILURE" RECEIVED SENT
 * DURATION UPSTREAM_TIME "XFF" "UA" "REQUEST_ID" "AUTHORITY" "UPSTREAM_HOST" CLUSTER …`
 */
const ACCESS_LINE =
  /^\[[^\]]+\] "(\S+) (\S+) (\S+)" (\d+) (\S+) \S+ \S+ "[^"]*" \d+ \d+ (\d+|-) \S+ "[^"]*" "[^"]*" "([^"]*)" "([^"]*)" "[^"]*" (\S+)/;

const REQUEST_ID = /^[0-9a-fA-F-]{8,64}$/;
const APP_REQUEST_ID = /\brequest_id=([0-9a-fA-F-]{8,64})\b/;

/** Reads one line of a container's log (`timestamps=true`). */
export function parseLogLine(raw: string): LogLine {
  const stamp = KUBELET_STAMP.exec(raw);
  const atMs = stamp ? Date.parse(stamp[1] as string) : undefined;
  const text = stamp ? raw.slice(stamp[0].length) : raw;
  const access = parseAccessLog(text);
  const requestId = access?.requestId ?? APP_REQUEST_ID.exec(text)?.[1];
  return { atMs: Number.isFinite(atMs) ? atMs : undefined, text, access, requestId };
}

/** An Envoy access-log line in Istio's default format, or undefined for any other line. */
export function parseAccessLog(text: string): AccessLogEntry | undefined {
  const m = ACCESS_LINE.exec(text);
  if (!m) return undefined;
  const [, method, path, protocol, code, flags, duration, requestId, authority, cluster] =
    m as unknown as string[];
  return {
    method: method as string,
    path: path as string,
    protocol: protocol as string,
    code: Number(code),
    flags: flags as string,
    durationMs: duration === '-' ? undefined : Number(duration),
    requestId: requestId && REQUEST_ID.test(requestId) ? requestId : undefined,
    authority: authority && authority !== '-' ? authority : undefined,
    upstreamCluster: cluster && cluster !== '-' ? cluster : undefined,
  };
}

/**
 * Splits streamed text into whole lines: `carry` is the unfinished line of the previous chunk.
 * Returns the finished lines and the new carry.
 */
export function splitLines(carry: string, chunk: string): { lines: string[]; carry: string } {
  const parts = (carry + chunk).split('\n');
  const rest = parts.pop() ?? '';
  return { lines: parts.filter((l) => l.length > 0), carry: rest };
}

/** Lines whose text holds `filter` (any case); all lines without one. */
export function filterLines(lines: readonly LogLine[], filter: string): readonly LogLine[] {
  const needle = filter.trim().toLowerCase();
  return needle ? lines.filter((l) => l.text.toLowerCase().includes(needle)) : lines;
}
