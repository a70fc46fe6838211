'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { GraphResponse } from '@/lib/contracts/graph';
import type { ChangesResponse } from '@/lib/contracts/changes';
import type { LatencyResponse } from '@/lib/contracts/latency';
import type { DetailWindow } from '@/lib/client/hooks';
import { formatBytesPerSecond, formatPercent, formatRps, healthDot } from '@/lib/format';
import { nodeLabel } from '@/lib/graph-view/cy-elements';
import { isFoldedEdge } from '@/lib/graph-view/fold';
import type { NamespaceTotals } from '@/lib/graph-view/panel';
import { edgeTraceTarget, nodeTraceTarget } from '@/lib/graph-view/trace-target';
import { compareText, type GraphViewState } from '@/lib/graph-view/view-state';
import { DelayPanel } from './DelayPanel';
import { FoldedDetails } from './FoldedDetails';
import { GraphEdgeDetails } from './GraphEdgeDetails';
import { GraphNodeDetails } from './GraphNodeDetails';
import { TracesPanel } from '../traces/TracesPanel';
import { MetricsTable } from '../ui/MetricsTable';
import styles from './GraphSidePanel.module.css';

export interface GraphSidePanelProps {
  /** What the canvas shows (hidden parts left out, namespaces folded). */
  graph: GraphResponse;
  /** Traffic into each namespace, counted before folding. */
  totals: NamespaceTotals;
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
  /** The graph's window, for the range and latency queries of the selection. */
  window: DetailWindow;
  refreshSeconds: number;
  state: GraphViewState;
  onChange: (patch: Partial<GraphViewState>) => void;
  /** End of the live window, unix seconds. */
  nowSec: number;
  /** This graph view's URL, for links back from trace pages. */
  graphHref: string;
  /** The Delay view's ranking, shown while nothing is selected; absent when the view is off. */
  latency?: UseQueryResult<LatencyResponse>;
  /** The routing changes the Delay view lists. */
  changes?: ChangesResponse;
}

export function GraphSidePanel({
  graph,
  totals,
  selected,
  onSelect,
  window,
  refreshSeconds,
  state,
  onChange,
  nowSec,
  graphHref,
  latency,
  changes,
}: GraphSidePanelProps): ReactNode {
  const edge = selected
    ? graph.elements.edges.find((e) => e.data.id === selected)?.data
    : undefined;
  const node = selected
    ? graph.elements.nodes.find((n) => n.data.id === selected)?.data
    : undefined;
  const traceTarget = edge
    ? edgeTraceTarget(graph, edge)
    : node
      ? nodeTraceTarget(node)
      : undefined;
  // Folded namespaces and their edges exist only here, in the browser.
  const foldedSelection =
    node?.nodeType === 'namespace' || (edge !== undefined && isFoldedEdge(edge.id));
  const tab = foldedSelection ? 'details' : state.panel;
  const compareWhen = graph.comparedTo !== undefined ? compareText(state.compare) : undefined;
  const nodes = graph.elements.nodes
    .map((n) => n.data)
    .sort((a, b) => nodeLabel(a).localeCompare(nodeLabel(b)));
  return (
    <aside className="side-panel" aria-label="Graph details">
      {selected && (
        <button type="button" className="link-button back" onClick={() => onSelect(undefined)}>
          ← All nodes
        </button>
      )}
      {selected && (edge || node) && !foldedSelection && (
        <div className={styles.tabs} role="tablist" aria-label="Selection">
          {(['details', 'traces'] as const).map((panel) => (
            <button
              key={panel}
              type="button"
              role="tab"
              aria-selected={tab === panel}
              className={`${styles.tab}${tab === panel ? ` ${styles.tabActive}` : ''}`}
              onClick={() => onChange({ panel })}
            >
              {panel === 'details' ? 'Details' : 'Traces'}
            </button>
          ))}
        </div>
      )}
      {selected && tab === 'traces' && (edge || node) ? (
        <>
          <h3>{edge ? 'Traces of this edge' : `Traces of ${node ? nodeLabel(node) : ''}`}</h3>
          {traceTarget ? (
            <TracesPanel
              target={traceTarget}
              state={state}
              onChange={onChange}
              nowSec={nowSec}
              graphHref={graphHref}
            />
          ) : (
            <p className="muted">
              Traces are searched by workload, app or service; this node is none of those inside the
              mesh (an unknown caller or an egress cluster).
            </p>
          )}
        </>
      ) : foldedSelection ? (
        <FoldedDetails
          graph={graph}
          node={node}
          edge={edge}
          onExpand={(namespace) =>
            onChange({
              expand: [...new Set([...state.expand, namespace])].sort(),
              selected: undefined,
            })
          }
        />
      ) : edge ? (
        <GraphEdgeDetails
          graph={graph}
          edge={edge}
          onSelect={onSelect}
          window={window}
          compareWhen={compareWhen}
          onWhySlow={(node) => onChange({ delay: node, selected: undefined })}
        />
      ) : selected ? (
        <GraphNodeDetails
          graph={graph}
          id={selected}
          onSelect={onSelect}
          window={window}
          refreshSeconds={refreshSeconds}
          onFocus={
            state.focus === selected ? undefined : () => onChange({ focus: selected, expand: [] })
          }
          onWhySlow={() => onChange({ delay: selected, selected: undefined })}
          compareWhen={compareWhen}
        />
      ) : latency ? (
        <DelayPanel
          latency={latency}
          graph={graph}
          state={state}
          onChange={onChange}
          onSelect={onSelect}
          changes={changes}
          nowSec={nowSec}
        />
      ) : (
        <>
          <h3>Summary</h3>
          <dl className="facts">
            <div>
              <dt>Requests</dt>
              <dd>{formatRps(totals.all.requestsPerSecond)} req/s</dd>
            </div>
            <div>
              <dt>Errors</dt>
              <dd>{formatPercent(totals.all.errorPercent)}</dd>
            </div>
            <div>
              <dt>TCP</dt>
              <dd>{formatBytesPerSecond(totals.all.tcpBytesPerSecond)}</dd>
            </div>
          </dl>
          <MetricsTable
            caption="Inbound by namespace"
            rows={totals.byNamespace}
            rowKey={(t) => t.namespace}
            columns={[
              { header: 'Namespace', cell: (t) => t.namespace },
              { header: 'req/s', numeric: true, cell: (t) => formatRps(t.requestsPerSecond) },
              { header: 'Errors', numeric: true, cell: (t) => formatPercent(t.errorPercent) },
              {
                header: 'TCP',
                numeric: true,
                cell: (t) =>
                  t.tcpBytesPerSecond > 0 ? formatBytesPerSecond(t.tcpBytesPerSecond) : '—',
              },
            ]}
          />
          <h4>Nodes ({nodes.length})</h4>
          <ul className="link-list" aria-label="Nodes">
            {nodes.map((n) => (
              <li key={n.id}>
                <span className={`dot dot-${healthDot(n.health.status)}`} aria-hidden="true" />
                <button type="button" className="link-button" onClick={() => onSelect(n.id)}>
                  {nodeLabel(n)}
                </button>{' '}
                <span className="muted">
                  {n.isInjectedService ? 'service' : n.nodeType}
                  {n.namespace !== 'unknown' ? ` · ${n.namespace}` : ''}
                  {n.cluster ? ` · ${n.cluster}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
