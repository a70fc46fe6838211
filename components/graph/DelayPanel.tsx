'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { GraphResponse } from '@/lib/contracts/graph';
import type { Contributor, LatencyResponse } from '@/lib/contracts/latency';
import { changeKey, changeText } from '@/lib/changes/changes';
import { formatMs, formatRps, utcMinute } from '@/lib/format';
import { nodeLabel } from '@/lib/graph-view/cy-elements';
import { contributorTitle, formatDeltaMs, formatShare } from '@/lib/graph-view/delay';
import type { ChangesResponse } from '@/lib/contracts/changes';
import { compareBefore, compareText, type GraphViewState } from '@/lib/graph-view/view-state';
import { CompareControls } from './CompareControls';
import styles from './DelayPanel.module.css';

/** Contributors listed before "Show all": a thousand-service mesh has thousands. */
const SHOWN = 20;

/** A node's name as the graph shows it, or the tail of its id when the graph does not. */
function namer(graph: GraphResponse): (id: string) => string {
  const byId = new Map(graph.elements.nodes.map((n) => [n.data.id, n.data]));
  return (id) => {
    const node = byId.get(id);
    return node ? nodeLabel(node) : id.split('/').slice(2).join(' ') || id;
  };
}

function Change({ ms }: { ms: number }): ReactNode {
  if (Math.abs(ms) < 0.05) return <span className="muted">no change</span>;
  return <span className={ms > 0 ? styles.up : styles.down}>{formatDeltaMs(ms)}</span>;
}

function ContributorItem({
  c,
  name,
  onSelect,
  onTrace,
}: {
  c: Contributor;
  name: (id: string) => string;
  onSelect: (id: string) => void;
  onTrace: (traceId: string) => void;
}): ReactNode {
  return (
    <li className={styles.item}>
      <div className={styles.head}>
        <button
          type="button"
          className={`link-button ${styles.title}`}
          onClick={() => onSelect(c.node)}
        >
          {contributorTitle(c, name)}
        </button>
        <span className={styles.figures}>
          {formatShare(c.share)} · {formatMs(c.ms)}
        </span>
      </div>
      <div
        className={styles.bar}
        role="meter"
        aria-label={`${contributorTitle(c, name)}: share of the latency`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(c.share * 100)}
      >
        <div className={styles.barFill} style={{ width: `${Math.min(100, c.share * 100)}%` }} />
      </div>
      {c.deltaMs !== undefined && (
        <p className={styles.detail}>
          <Change ms={c.deltaMs} />
          {c.shareOfAdded !== undefined && c.deltaMs > 0.05
            ? ` · ${formatShare(c.shareOfAdded)} of the added latency`
            : ''}
        </p>
      )}
      {c.part === 'callerProxy' && (
        <p className={`${styles.detail} muted`}>
          In {name(c.caller ?? '')}’s proxy and on the network, before {name(c.node)} answered
        </p>
      )}
      {c.ownMs && (
        <p className={`${styles.detail} muted`}>
          Own time {formatMs(c.ownMs.min)}
          {Math.abs(c.ownMs.max - c.ownMs.min) >= 0.05 ? `–${formatMs(c.ownMs.max)}` : ''} per
          request it answers
          {c.visits > 1.05 ? `, ${c.visits.toFixed(1)} times per entering request` : ''}
        </p>
      )}
      {c.p50Ms !== undefined && c.p95Ms !== undefined && (
        <p className={`${styles.detail} muted`}>
          On the critical path: p50 {formatMs(c.p50Ms)}, p95 {formatMs(c.p95Ms)} per traced request
        </p>
      )}
      {c.evidence.map((e) => (
        <p key={e} className={styles.detail}>
          {e}
        </p>
      ))}
      {c.exampleTraces && c.exampleTraces.length > 0 && (
        <p className={styles.detail}>
          Where it weighed most:{' '}
          {c.exampleTraces.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <button
                type="button"
                className="link-button"
                title="Light this trace's path on the graph"
                onClick={() => onTrace(id)}
              >
                trace {id.slice(0, 7)}
              </button>
            </span>
          ))}
        </p>
      )}
    </li>
  );
}

/**
 * The Delay view's side panel: where the mean request entering at one node spends its time,
 * largest part first, and what changed against a baseline window.
 */
export function DelayPanel({
  latency,
  graph,
  state,
  onChange,
  onSelect,
  changes,
  nowSec,
}: {
  latency: UseQueryResult<LatencyResponse>;
  /** The routing changes of the namespaces, newest first. */
  changes?: ChangesResponse;
  /** The live moment, unix seconds (replay uses its own). */
  nowSec: number;
  graph: GraphResponse;
  state: GraphViewState;
  onChange: (patch: Partial<GraphViewState>) => void;
  onSelect: (id: string) => void;
}): ReactNode {
  const name = namer(graph);
  const [showAll, setShowAll] = useState(false);
  const data = latency.data;
  const entry = data?.entry?.node ?? (state.delay === 'auto' ? undefined : state.delay);
  const entries = [...new Set([...(entry ? [entry] : []), ...(data?.entries ?? [])])];
  const baselineMs = data?.baseline?.meanMs;
  return (
    <section className={styles.panel} aria-label="Where the delay comes from">
      <h3>Where the delay comes from</h3>
      <div className={styles.controls}>
        <label htmlFor="delay-entry">Requests into</label>
        <select
          id="delay-entry"
          value={entry ?? ''}
          onChange={(e) => onChange({ delay: e.target.value || 'auto' })}
        >
          {!entry && <option value="">the busiest entry</option>}
          {entries.map((id) => (
            <option key={id} value={id}>
              {name(id)}
            </option>
          ))}
        </select>
        <label htmlFor="delay-from">Ranked from</label>
        <select
          id="delay-from"
          value={state.delayFrom}
          onChange={(e) =>
            onChange({ delayFrom: e.target.value === 'traces' ? 'traces' : 'metrics' })
          }
        >
          <option value="metrics">metrics (means)</option>
          <option value="traces">traces (critical paths)</option>
        </select>
        <label htmlFor="delay-compare">Compare with</label>
        <CompareControls
          id="delay-compare"
          compare={state.compare}
          atSec={state.time ?? nowSec}
          changes={changes?.changes}
          onChange={(compare) => onChange({ compare })}
        />
      </div>
      {latency.error && (
        <p className="banner banner-error" role="alert">
          {latency.error.message}
        </p>
      )}
      {latency.isPending && !data && <p className="muted">Ranking…</p>}
      {data?.warnings.map((w) => (
        <p key={w} className="muted">
          {w}
        </p>
      ))}
      {data?.entry && (
        <p className={styles.summary}>
          Mean {formatMs(data.entry.meanMs)}
          {data.entry.ratePerSecond !== undefined &&
            ` over ${formatRps(data.entry.ratePerSecond)} req/s`}
          {data.sampled && ` (${data.sampled.traces} of at most ${data.sampled.limit} traces)`}
          {baselineMs !== undefined && (
            <>
              ; {formatMs(baselineMs)} {compareText(state.compare) || 'before'} (
              <Change ms={data.entry.meanMs - baselineMs} />)
            </>
          )}
          {data.baseline && baselineMs === undefined && '; no requests in the baseline window'}
        </p>
      )}
      {data && data.contributors.length > 0 && (
        <ol className={styles.list} aria-label="Contributors, largest first">
          {(showAll ? data.contributors : data.contributors.slice(0, SHOWN)).map((c) => (
            <ContributorItem
              key={`${c.part} ${c.caller ?? ''} ${c.node}`}
              c={c}
              name={name}
              onSelect={onSelect}
              onTrace={(trace) => onChange({ trace })}
            />
          ))}
        </ol>
      )}
      {data && data.contributors.length > SHOWN && (
        <button type="button" className="link-button" onClick={() => setShowAll(!showAll)}>
          {showAll
            ? `Show the largest ${SHOWN}`
            : `Show all ${data.contributors.length.toLocaleString('en-US')} (the rest ${formatShare(
                data.contributors.slice(SHOWN).reduce((sum, c) => sum + c.share, 0),
              )} together)`}
        </button>
      )}
      {changes && changes.changes.length > 0 && (
        <>
          <h4>Changes</h4>
          <ul className={styles.list} aria-label="Changes">
            {changes.changes.slice(0, 5).map((c) => (
              <li key={changeKey(c)} className={styles.detail}>
                {utcMinute(c.atSec)} UTC: {changeText(c)}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => onChange({ compare: compareBefore(c.atSec) })}
                >
                  Compare with before it
                </button>
              </li>
            ))}
          </ul>
          {changes.total > 5 && (
            <p className="muted">
              …and {(changes.total - 5).toLocaleString('en-US')} older (Replay offers the newest 20
              as moments to go to).
            </p>
          )}
        </>
      )}
      <p className={`${styles.note} muted`}>
        {state.delayFrom === 'traces'
          ? `From the critical paths of sampled traces through the entry over the last ${state.duration}: a proxy's own time on the path is its workload's; a client span beyond the server span that answered it is the caller's proxy and the network.`
          : `From both proxies' request-duration means over the last ${state.duration}: a node's own time is what it answers in beyond its calls; a caller's proxy time is the caller's report minus the callee's (fault delays, queueing, the network). Means, not percentiles; calls assumed one after another unless they add up to more than the caller's time.`}
      </p>
    </section>
  );
}
