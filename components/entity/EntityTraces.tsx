'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { useUrlParams } from '@/lib/client/url-params';
import type { EntityDetails, EntityKind } from '@/lib/contracts/entities';
import { entityPath } from '@/lib/entity-view/entity-links';
import type { TraceSearchTarget } from '@/lib/graph-view/trace-target';
import { DEFAULT_VIEW, serializeViewState, type GraphViewState } from '@/lib/graph-view/view-state';
import { TracesPanel } from '../traces/TracesPanel';

/** How often a live search moves its window forward. */
const SEARCH_EVERY_MS = 30_000;

/** Now, in unix seconds, moving on every `everyMs` (a search's key must not change per render). */
function useNowSec(everyMs: number): number {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The traces panel's filters, as the URL names them. */
const TRACE_PARAMS = ['traceLimit', 'traceErrors', 'traceMinDuration', 'traceTags'] as const;

/**
 * An entity's traces, as the graph's side panel finds them: a workload's through its pods'
 * spans, an app's and a service's through their tracing service. The filters are in the URL.
 */
export function EntityTraces({
  kind,
  namespace,
  name,
  details,
  view,
}: {
  kind: EntityKind;
  namespace: string;
  name: string;
  details: EntityDetails | undefined;
  view: GraphViewState;
}): ReactNode {
  const [search, update] = useUrlParams();
  const nowSec = useNowSec(SEARCH_EVERY_MS);
  const target: TraceSearchTarget =
    kind === 'workload'
      ? {
          through: { kind: 'workload', namespace, name },
          label: `workload ${name}`,
          app: details?.workloads[0]?.app,
        }
      : { through: { kind: 'service', namespace, name }, label: `${kind} ${name}` };
  return (
    <div style={{ maxWidth: 880 }}>
      <TracesPanel
        target={target}
        state={view}
        nowSec={nowSec}
        graphHref={entityPath(kind, namespace, name, {
          ...Object.fromEntries(search),
          tab: 'traces',
        })}
        onChange={(patch) => {
          const next = serializeViewState({ ...DEFAULT_VIEW, ...view, ...patch });
          update(Object.fromEntries(TRACE_PARAMS.map((key) => [key, next.get(key) ?? ''])));
        }}
      />
    </div>
  );
}
