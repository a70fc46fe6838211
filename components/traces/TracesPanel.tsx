'use client';

import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { ApiClientError } from '@/lib/client/api';
import { useTraceSearch } from '@/lib/client/hooks';
import { TRACE_LIMITS, parseMinDurationUs, parseTags } from '@/lib/contracts/traces';
import { formatClockUs, formatDurationUs, shortOperation } from '@/lib/format';
import { traceSearchQuery, type TraceSearchTarget } from '@/lib/graph-view/trace-target';
import type { GraphViewState } from '@/lib/graph-view/view-state';
import { TraceScatter } from './TraceScatter';
import styles from './TracesPanel.module.css';

export interface TracesPanelProps {
  target: TraceSearchTarget;
  state: GraphViewState;
  onChange: (patch: Partial<GraphViewState>) => void;
  /** End of the live window (the last graph refresh), unix seconds. */
  nowSec: number;
  /** The graph URL to come back to from a trace page. */
  graphHref: string;
}

/** A text filter that applies on Enter or blur, and says what is wrong with it. */
function FilterField({
  label,
  value,
  placeholder,
  validate,
  onApply,
}: {
  label: string;
  value: string;
  placeholder: string;
  validate: (text: string) => string | undefined;
  onApply: (text: string) => void;
}): ReactNode {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  // Follow the URL when it changes from elsewhere (back button, shared link).
  if (value !== seen) {
    setSeen(value);
    setDraft(value);
  }
  const error = draft.trim() ? validate(draft.trim()) : undefined;
  const apply = () => {
    if (!error && draft.trim() !== value) onApply(draft.trim());
  };
  return (
    <label className={styles.traceFilter}>
      <span>{label}</span>
      <input
        value={draft}
        placeholder={placeholder}
        aria-invalid={error ? 'true' : undefined}
        title={error}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply();
          if (event.key === 'Escape') setDraft(value);
        }}
      />
      {error && <small className="filter-error">{error}</small>}
    </label>
  );
}

/** Traces of the selected node or edge: filters, a scatter plot and a list. */
export function TracesPanel({
  target,
  state,
  onChange,
  nowSec,
  graphHref,
}: TracesPanelProps): ReactNode {
  const query = traceSearchQuery(target, state, nowSec);
  const search = useTraceSearch(target.through, query);
  const [highlighted, setHighlighted] = useState<string>();
  const list = search.data;
  const error = search.error;

  return (
    <section aria-label="Traces">
      <div className={styles.traceFilters}>
        <FilterField
          label="Min duration"
          value={state.traceMinDuration}
          placeholder="e.g. 100ms"
          validate={(text) =>
            parseMinDurationUs(text) === undefined
              ? 'a duration such as 100ms, 1.5s or 250us'
              : undefined
          }
          onApply={(text) => onChange({ traceMinDuration: text })}
        />
        <FilterField
          label="Tags"
          value={state.traceTags}
          placeholder="http.status_code=500"
          validate={(text) => {
            const tags = parseTags(text);
            return typeof tags === 'string' ? tags : undefined;
          }}
          onApply={(text) => onChange({ traceTags: text })}
        />
        <label className={`${styles.traceFilter} ${styles.inline}`}>
          <input
            type="checkbox"
            checked={state.traceErrors}
            onChange={(event) => onChange({ traceErrors: event.target.checked })}
          />
          Errors only
        </label>
        <label className={`${styles.traceFilter} ${styles.inline}`}>
          Limit
          <select
            value={state.traceLimit}
            onChange={(event) =>
              onChange({ traceLimit: Number(event.target.value) as GraphViewState['traceLimit'] })
            }
          >
            {TRACE_LIMITS.map((limit) => (
              <option key={limit} value={limit}>
                {limit}
              </option>
            ))}
          </select>
        </label>
      </div>

      {error && (
        <p
          className="banner banner-error"
          role="alert"
          data-backend={error instanceof ApiClientError ? error.backend : undefined}
        >
          {error.message}
        </p>
      )}
      {search.isPending && !error && <p className="muted">Searching traces of {target.label}…</p>}
      {list?.warnings.map((w) => (
        <p key={w} className="banner banner-warning" role="status">
          {w}
        </p>
      ))}
      {list && list.traces.length === 0 && (
        <div className="card empty" role="status">
          <strong>No traces found.</strong>
          <p className="muted">
            Searched {list.searched.backend} for traces of{' '}
            <span className="mono">{list.searched.service}</span>
            {list.searched.workload ? ` from workload ${list.searched.workload}` : ''}
            {list.searched.waypoint ? ` through ambient waypoint ${list.searched.waypoint}` : ''}
            {list.searched.from ? ` called by ${list.searched.from}` : ''} between{' '}
            {formatClockUs(list.searched.startUs).slice(0, 8)} and{' '}
            {formatClockUs(list.searched.endUs).slice(0, 8)}
            {list.searched.minDurationUs !== undefined
              ? `, at least ${formatDurationUs(list.searched.minDurationUs)}`
              : ''}
            {list.searched.errorsOnly ? ', with errors only' : ''}
            {Object.keys(list.searched.tags).length
              ? `, tags ${Object.entries(list.searched.tags)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')}`
              : ''}
            . Widen the graph’s time window, relax the filters, or check that the proxies send spans
            (sampling).
          </p>
        </div>
      )}
      {list && list.traces.length > 0 && (
        <>
          <TraceScatter
            traces={list.traces}
            selected={highlighted}
            onSelect={(id) => {
              setHighlighted(id);
              document.getElementById(`trace-row-${id}`)?.scrollIntoView({ block: 'nearest' });
            }}
          />
          <p className="muted small">
            {list.traces.length} trace{list.traces.length === 1 ? '' : 's'} of{' '}
            <span className="mono">{list.searched.service}</span>
            {list.searched.workload ? ` (${list.searched.workload})` : ''}
            {list.searched.waypoint ? ` through ambient waypoint ${list.searched.waypoint}` : ''}
            {list.traces.length < list.searched.limit && list.warnings.length === 0
              ? ` (all in this window; limit ${list.searched.limit})`
              : ''}{' '}
            · {list.searched.backend}
            {list.uiUrl && (
              <>
                {' · '}
                <a href={list.uiUrl} target="_blank" rel="noreferrer">
                  Open in Jaeger
                </a>
              </>
            )}
          </p>
          <ul className={styles.traceList} aria-label="Traces found">
            {list.traces.map((t) => (
              <li
                key={t.traceId}
                id={`trace-row-${t.traceId}`}
                className={`${styles.traceItem}${t.traceId === highlighted ? ` ${styles.traceItemSelected}` : ''}${state.trace === t.traceId ? ` ${styles.traceItemShown}` : ''}`}
              >
                <div className={styles.traceItemHead}>
                  <span
                    className={`dot dot-${t.errorSpanCount > 0 ? 'failure' : 'healthy'}`}
                    aria-hidden="true"
                  />
                  <Link
                    href={`/traces/${t.traceId}?back=${encodeURIComponent(graphHref)}`}
                    className={styles.traceOp}
                  >
                    {shortOperation(t.rootOperation) || t.traceId.slice(0, 8)}
                  </Link>
                  <span className="num">{formatDurationUs(t.durationUs)}</span>
                </div>
                <div className={`${styles.traceItemMeta} muted`}>
                  {/* The short id opens the trace too; the full id is its title. */}
                  <Link
                    href={`/traces/${t.traceId}?back=${encodeURIComponent(graphHref)}`}
                    className="mono"
                    title={`Trace ${t.traceId}`}
                  >
                    {t.traceId.slice(0, 7)}
                  </Link>{' '}
                  · {formatClockUs(t.startUs)} · {t.spanCount} spans
                  {t.errorSpanCount > 0 && (
                    <span className="error-text"> · {t.errorSpanCount} errors</span>
                  )}{' '}
                  ·{' '}
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={state.trace === t.traceId}
                    onClick={() =>
                      onChange({ trace: state.trace === t.traceId ? undefined : t.traceId })
                    }
                  >
                    {state.trace === t.traceId ? 'Shown on graph' : 'Show on graph'}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
