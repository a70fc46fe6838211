'use client';

import type { ReactNode } from 'react';
import { useEdgeDetails, type DetailWindow } from '@/lib/client/hooks';

/** An edge’s p50/p95/p99 response time and the mTLS identities on it. */
export function EdgeLatency({ id, window }: { id: string; window: DetailWindow }): ReactNode {
  const details = useEdgeDetails(id, window);
  if (details.error) return <p className="error-text">{details.error.message}</p>;
  if (!details.data) return <p className="muted">Loading latency…</p>;
  const { quantilesMs, principals } = details.data;
  const ms = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
  return (
    <>
      <table className="table compact">
        <caption>Response time</caption>
        <thead>
          <tr>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{ms(quantilesMs.p50)}</td>
            <td>{ms(quantilesMs.p95)}</td>
            <td>{ms(quantilesMs.p99)}</td>
          </tr>
        </tbody>
      </table>
      {principals.length > 0 && (
        <>
          <h4>mTLS principals</h4>
          <ul className="principals">
            {principals.map((p) => (
              <li key={`${p.source}|${p.destination}|${p.security}`}>
                <span className="mono">{p.source}</span> →{' '}
                <span className="mono">{p.destination}</span>{' '}
                <span className="muted">
                  ({p.security === 'mutual_tls' ? 'mutual TLS' : p.security})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
