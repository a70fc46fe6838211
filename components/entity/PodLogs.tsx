'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiClientError, BASE_PATH, apiGet } from '@/lib/client/api';
import { useUrlParams } from '@/lib/client/url-params';
import { API, apiPath } from '@/lib/contracts/api';
import { apiErrorSchema } from '@/lib/contracts/api-error';
import type { EntityPod } from '@/lib/contracts/entities';
import { entityPath } from '@/lib/entity-view/entity-links';
import { filterLines, parseLogLine, splitLines, type LogLine } from '@/lib/entity-view/logs';
import styles from './PodLogs.module.css';

const NO_LINES: LogLine[] = [];
/** Lines kept in the page: a followed log drops its oldest beyond this. */
const MAX_LINES = 5_000;
const TAILS = [100, 500, 1000, 5000] as const;
/** How often new lines are drawn while following (a busy proxy writes hundreds a second). */
const DRAW_EVERY_MS = 250;

type StreamState =
  | { kind: 'loading' }
  | { kind: 'open' }
  | { kind: 'ended' }
  | { kind: 'error'; message: string; backend?: string };

/**
 * Reads a container's log through Meshlens' API (the Kubernetes API's pods/log) into `onLines`,
 * following it when asked, until `signal` aborts.
 */
async function readLog(
  url: string,
  signal: AbortSignal,
  onLines: (lines: LogLine[]) => void,
): Promise<StreamState> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    return { kind: 'error', message: 'The Meshlens server cannot be reached' };
  }
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(await response.json().catch(() => undefined));
    return parsed.success
      ? { kind: 'error', message: parsed.data.error.message, backend: parsed.data.error.backend }
      : { kind: 'error', message: `Meshlens answered HTTP ${response.status}` };
  }
  const reader = response.body?.getReader();
  if (!reader) return { kind: 'ended' };
  const decoder = new TextDecoder();
  let carry = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const split = splitLines(carry, decoder.decode(value, { stream: true }));
    carry = split.carry;
    if (split.lines.length) onLines(split.lines.map(parseLogLine));
  }
  if (carry) onLines([parseLogLine(carry)]);
  return { kind: 'ended' };
}

/** Looks the request's trace up by its x-request-id, near the line's moment. */
async function findTrace(
  namespace: string,
  workload: string,
  requestId: string,
  atMs: number | undefined,
): Promise<string | undefined> {
  const at = Math.floor((atMs ?? Date.now()) / 1000);
  const list = await apiGet(API.workloadTraces, {
    params: { namespace, workload },
    query: {
      start: String(at - 600),
      end: String(at + 120),
      limit: '1',
      tags: `guid:x-request-id=${requestId}`,
    },
  });
  return list.traces[0]?.traceId;
}

/**
 * The logs of an app's or workload's pods: one container at a time, the last lines then new
 * ones as they are written (follow), filtered by text. An Envoy access-log line (or an
 * application line naming its request) opens the trace of its request.
 */
export function PodLogs({
  namespace,
  pods,
  pending,
  cluster,
}: {
  namespace: string;
  pods: readonly EntityPod[] | undefined;
  pending: boolean;
  /** In a mesh of several clusters, the cluster the pods run in. */
  cluster?: string;
}): ReactNode {
  const router = useRouter();
  const [search, update] = useUrlParams();
  const pod = pods?.find((p) => p.name === search.get('pod')) ?? pods?.[0];
  const container =
    pod?.containers.find((c) => c.name === search.get('container'))?.name ??
    pod?.containers[0]?.name;
  const follow = search.get('follow') !== 'false';
  const tail = TAILS.find((t) => String(t) === search.get('tail')) ?? 500;
  const filter = search.get('q') ?? '';
  const [draft, setDraft] = useState(filter);
  const [generation, setGeneration] = useState(0);
  // What one stream has read: a new pod, container or setting starts a new stream (a new key),
  // and until it reads anything the page shows it loading.
  const [log, setLog] = useState<{ key: string; lines: LogLine[]; state: StreamState }>();
  const [traceNote, setTraceNote] = useState<{ requestId: string; text: string }>();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  // By name: the pod's object is new on every refresh of the page's data, the stream is not.
  const podName = pod?.name;
  const streamKey = `${podName}/${container}/${tail}/${follow}/${generation}`;
  useEffect(() => {
    if (!podName || !container) return;
    const controller = new AbortController();
    let pending: LogLine[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const draw = (state: StreamState = { kind: 'open' }) => {
      timer = undefined;
      const batch = pending;
      pending = [];
      setLog((previous) => ({
        key: streamKey,
        lines: [...(previous?.key === streamKey ? previous.lines : []), ...batch].slice(-MAX_LINES),
        state,
      }));
    };
    const url = `${BASE_PATH}${apiPath(
      API.podLog,
      { namespace, pod: podName },
      {
        container,
        tailLines: String(tail),
        follow: String(follow),
        ...(cluster ? { cluster } : {}),
      },
    )}`;
    readLog(url, controller.signal, (batch) => {
      pending.push(...batch);
      timer ??= setTimeout(draw, DRAW_EVERY_MS);
    }).then(
      (end) => {
        if (timer) clearTimeout(timer);
        draw(end);
      },
      () => undefined, // aborted: another pod, container or setting took over
    );
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [namespace, podName, container, tail, follow, streamKey, cluster]);
  const current = log?.key === streamKey ? log : undefined;
  const lines = current?.lines ?? NO_LINES;
  const state: StreamState = current?.state ?? { kind: 'loading' };

  // Keep the newest line in view while following, unless the reader scrolled up.
  useEffect(() => {
    const element = scroller.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  if (pending && !pods) return <p className="muted">Loading pods…</p>;
  if (!pod || !container)
    return <p className="muted">No pods are running: there is no log to read.</p>;

  const shown = filterLines(lines, filter);
  const openTrace = async (line: LogLine) => {
    if (!line.requestId || !pod.workload) return;
    setTraceNote({ requestId: line.requestId, text: 'Looking for its trace…' });
    try {
      const traceId = await findTrace(namespace, pod.workload, line.requestId, line.atMs);
      if (!traceId) {
        setTraceNote({
          requestId: line.requestId,
          text: 'No trace has this request id: it was not sampled, or the tracing backend no longer keeps it.',
        });
        return;
      }
      const back = entityPath('workload', namespace, pod.workload, {
        ...Object.fromEntries(search),
        tab: 'logs',
      });
      router.push(`/traces/${traceId}?back=${encodeURIComponent(back)}`);
    } catch (error) {
      setTraceNote({
        requestId: line.requestId,
        text: error instanceof ApiClientError ? error.message : 'The trace search failed',
      });
    }
  };

  return (
    <div className={styles.logs}>
      <div className={styles.controls}>
        <label>
          Pod{' '}
          <select
            value={pod.name}
            onChange={(event) => update({ pod: event.target.value, container: '' })}
          >
            {pods?.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Container{' '}
          <select value={container} onChange={(event) => update({ container: event.target.value })}>
            {pod.containers.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name === 'istio-proxy' ? 'istio-proxy (access log)' : c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Last{' '}
          <select
            value={tail}
            onChange={(event) =>
              update({ tail: event.target.value === '500' ? '' : event.target.value })
            }
          >
            {TAILS.map((t) => (
              <option key={t} value={t}>
                {t} lines
              </option>
            ))}
          </select>
        </label>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={follow}
            onChange={(event) => update({ follow: event.target.checked ? '' : 'false' })}
          />
          Follow
        </label>
        <input
          type="search"
          aria-label="Filter lines"
          placeholder="Filter lines (text)"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') update({ q: draft });
            if (event.key === 'Escape') {
              setDraft('');
              update({ q: '' });
            }
          }}
          onBlur={() => update({ q: draft })}
        />
        <span className="muted" role="status" data-testid="log-status">
          {state.kind === 'loading'
            ? 'Connecting…'
            : filter
              ? `${shown.length} of ${lines.length} lines`
              : `${lines.length} lines`}
          {state.kind === 'open' && follow ? ' · following' : ''}
        </span>
      </div>
      {state.kind === 'error' && (
        <p className="banner banner-error" role="alert" data-backend={state.backend}>
          {state.message}
        </p>
      )}
      {state.kind === 'ended' && follow && (
        <p className="banner banner-warning" role="status">
          The log stream ended.{' '}
          <button type="button" className="link-button" onClick={() => setGeneration((g) => g + 1)}>
            Follow again
          </button>
        </p>
      )}
      {traceNote && (
        <p className="banner banner-trace" role="status">
          Request {traceNote.requestId}: {traceNote.text}
        </p>
      )}
      <div
        ref={scroller}
        className={styles.lines}
        data-testid="log-lines"
        tabIndex={0}
        aria-label={`Log of ${container} in ${pod.name}`}
        onScroll={(event) => {
          const el = event.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {shown.length === 0 && state.kind !== 'loading' && (
          <p className="muted">{lines.length ? 'No line matches the filter.' : 'No lines yet.'}</p>
        )}
        {shown.map((line, i) => (
          <div
            key={i}
            className={`${styles.line} ${line.access && (line.access.code >= 500 || line.access.code === 0) ? styles.failed : ''}`}
          >
            <time className={styles.time}>
              {line.atMs === undefined ? '' : new Date(line.atMs).toISOString().slice(11, 23)}
            </time>
            <span className={styles.text}>{line.text}</span>
            {line.requestId && pod.workload && (
              <button
                type="button"
                className={styles.trace}
                onClick={() => void openTrace(line)}
                title={`Open the trace of request ${line.requestId}`}
              >
                Trace
              </button>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
