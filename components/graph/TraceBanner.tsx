'use client';

import Link from 'next/link';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { TraceResponse } from '@/lib/contracts/traces';
import type { TraceHighlight } from '@/lib/graph-view/trace-highlight';

export interface TraceBannerProps {
  traceId: string;
  trace: UseQueryResult<TraceResponse>;
  highlight: TraceHighlight | undefined;
  graphHref: string;
  onClear: () => void;
}

/** Says which trace is lit up on the graph, how much of it is visible, and clears it. */
export function TraceBanner({
  traceId,
  trace,
  highlight,
  graphHref,
  onClear,
}: TraceBannerProps): ReactNode {
  const short = traceId.slice(0, 8);
  const nodes = highlight?.nodes.size ?? 0;
  const edges = highlight?.edges.size ?? 0;
  return (
    <p
      className={`banner ${trace.error ? 'banner-error' : 'banner-trace'}`}
      role="status"
      data-testid="trace-banner"
    >
      {trace.error ? (
        <>
          Trace {short} cannot be shown: {trace.error.message}{' '}
        </>
      ) : trace.isPending ? (
        <>Loading trace {short}… </>
      ) : nodes === 0 ? (
        <>
          Trace {short} passed through none of the nodes on this graph (other namespaces, or a graph
          type it cannot be matched on).{' '}
        </>
      ) : (
        <>
          Trace <span className="mono">{short}</span> on the graph: {nodes} nodes and {edges} edges
          it passed through are lit, the rest dimmed.{' '}
        </>
      )}
      <Link href={`/traces/${traceId}?back=${encodeURIComponent(graphHref)}`}>Open trace</Link>
      {' · '}
      <button type="button" className="link-button" onClick={onClear}>
        Clear
      </button>
    </p>
  );
}
