'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatClockUs, formatDurationUs } from '@/lib/format';
import type { Attribute } from '@/lib/traces/model';
import type { SpanRow, TraceTree } from '@/lib/traces/tree';
import styles from './SpanDetails.module.css';

function AttributeTable({
  caption,
  attributes,
}: {
  caption: string;
  attributes: Attribute[];
}): ReactNode {
  if (attributes.length === 0) return null;
  return (
    <table className="table compact attributes">
      <caption>{caption}</caption>
      <tbody>
        {[...attributes]
          .sort((a, b) => a.key.localeCompare(b.key))
          .map((a, i) => (
            <tr key={`${a.key}-${i}`}>
              <th scope="row" className="mono">
                {a.key}
              </th>
              <td className="mono" title={a.type}>
                {String(a.value)}
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** Everything about one span: timing, status, tags, events/logs, process, references, warnings. */
export function SpanDetails({
  row,
  tree,
  onSelect,
}: {
  row: SpanRow;
  tree: TraceTree;
  onSelect: (key: string) => void;
}): ReactNode {
  const { span } = row;
  const parent = span.parentSpanId ? tree.rows.find((r) => r.key === span.parentSpanId) : undefined;
  return (
    <>
      <h3>{span.operation || '(no operation name)'}</h3>
      <p className="muted">
        {span.service} · {span.kind} span
      </p>
      {row.warnings.map((w) => (
        <p key={w} className="banner banner-warning" role="status">
          {w}
        </p>
      ))}
      {span.error && (
        <p className="banner banner-error" role="status">
          Error{span.statusMessage ? `: ${span.statusMessage}` : ''}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>Duration</dt>
          <dd>{formatDurationUs(span.durationUs)}</dd>
        </div>
        <div>
          <dt>Starts at</dt>
          <dd>+{formatDurationUs(row.offsetUs)}</dd>
        </div>
        <div>
          <dt>Clock</dt>
          <dd>{formatClockUs(span.startUs)}</dd>
        </div>
        <div>
          <dt>Critical path</dt>
          <dd>{row.onCriticalPath ? 'yes' : 'no'}</dd>
        </div>
        <div>
          <dt>Span id</dt>
          <dd className="mono">{span.spanId}</dd>
        </div>
        <div>
          <dt>Parent</dt>
          <dd className="mono">
            {parent ? (
              <button
                type="button"
                className="link-button mono"
                onClick={() => onSelect(parent.key)}
              >
                {span.parentSpanId}
              </button>
            ) : (
              (span.parentSpanId ?? 'none (root)')
            )}
          </dd>
        </div>
      </dl>
      <AttributeTable caption="Tags" attributes={span.attributes} />
      {span.events.length > 0 && (
        <>
          <h4>Events ({span.events.length})</h4>
          <ul className={styles.events}>
            {span.events.map((event, i) => (
              <li key={i}>
                <span className="mono">+{formatDurationUs(event.timeUs - tree.startUs)}</span>{' '}
                {event.name}
                <AttributeTable caption="" attributes={event.attributes} />
              </li>
            ))}
          </ul>
        </>
      )}
      <AttributeTable caption="Process" attributes={span.resource} />
      {span.references.length > 0 && (
        <>
          <h4>References</h4>
          <ul className="link-list">
            {span.references.map((ref) => (
              <li key={`${ref.type}-${ref.traceId}-${ref.spanId}`} className="mono">
                {ref.type}{' '}
                {ref.traceId === tree.traceId ? (
                  <button
                    type="button"
                    className="link-button mono"
                    onClick={() => onSelect(ref.spanId)}
                  >
                    {ref.spanId}
                  </button>
                ) : (
                  <>
                    {ref.spanId} in{' '}
                    <Link href={`/traces/${ref.traceId}`}>trace {ref.traceId.slice(0, 8)}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
