'use client';

import type { ReactNode } from 'react';
import { useEdgeDetails, type DetailWindow } from '@/lib/client/hooks';
import type { EdgeLatency as Latency } from '@/lib/contracts/graph-details';
import { formatBucketMs, formatMs } from '@/lib/format';
import { isWideBucket } from '@/lib/graph/histogram';
import styles from './EdgeLatency.module.css';

type Quantile = NonNullable<Latency['quantiles']['p95']>;

/** A quantile as read from Istio's buckets: exact enough, or "≈ 5–10 s" when the bucket is wide. */
function QuantileCell({ value }: { value: Quantile | undefined }): ReactNode {
  if (!value) return <td className="num">—</td>;
  const bucket = formatBucketMs(value.lowerMs, value.upperMs);
  const wide = isWideBucket({
    value: value.ms,
    lower: value.lowerMs,
    upper: value.upperMs ?? Infinity,
  });
  return (
    <td className="num" title={`${formatMs(value.ms)}, interpolated in the ${bucket} bucket`}>
      {wide ? `≈ ${bucket}` : formatMs(value.ms)}
    </td>
  );
}

/**
 * An edge’s response time over the graph's own window and moment, from one reporter's
 * histogram: the mean (exact) beside p50/p95/p99 (interpolated inside Istio's buckets, shown
 * as the bucket's range where it is wide), and the mTLS identities on the edge.
 */
export function EdgeLatency({ id, window }: { id: string; window: DetailWindow }): ReactNode {
  const details = useEdgeDetails(id, window);
  if (details.error) return <p className="error-text">{details.error.message}</p>;
  if (!details.data) return <p className="muted">Loading latency…</p>;
  const { latency, principals } = details.data;
  return (
    <>
      <table className="table compact" aria-label="Response time">
        <caption>
          Response time{' '}
          <span className="muted">
            {latency.reporter ? `(${latency.reporter} proxy, graph window)` : '(no requests)'}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              mean
            </th>
            <th scope="col" className="num">
              p50
            </th>
            <th scope="col" className="num">
              p95
            </th>
            <th scope="col" className="num">
              p99
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td className="num">{latency.meanMs === undefined ? '—' : formatMs(latency.meanMs)}</td>
            <QuantileCell value={latency.quantiles.p50} />
            <QuantileCell value={latency.quantiles.p95} />
            <QuantileCell value={latency.quantiles.p99} />
          </tr>
        </tbody>
      </table>
      {principals.length > 0 && (
        <>
          <h4>mTLS principals</h4>
          <ul className={styles.principals}>
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
