'use client';

import type { ReactNode } from 'react';
import type { EdgeData, GraphResponse, NodeData } from '@/lib/contracts/graph';
import { formatPercent, formatTrafficRate, healthDot } from '@/lib/format';
import { errorPercent } from '@/lib/graph/health';
import { nodeLabel } from '@/lib/graph-view/cy-elements';

/**
 * The side panel for a folded namespace or an edge between folded parts: its traffic, its
 * health, and the way to open it. (Folded elements exist only in the browser: there is
 * nothing more to ask the server about them.)
 */
export function FoldedDetails({
  graph,
  node,
  edge,
  onExpand,
}: {
  graph: GraphResponse;
  node?: NodeData;
  edge?: EdgeData;
  onExpand: (namespace: string) => void;
}): ReactNode {
  const byId = (id: string) => graph.elements.nodes.find((n) => n.data.id === id)?.data;
  const folded = node
    ? [node]
    : [edge && byId(edge.source), edge && byId(edge.target)].filter(
        (n): n is NodeData => n?.nodeType === 'namespace',
      );
  return (
    <>
      <h3>{node ? `Namespace ${node.namespace}` : 'Traffic between folded namespaces'}</h3>
      {node && (
        <dl className="facts">
          <div>
            <dt>Folded</dt>
            <dd>{node.folded} nodes</dd>
          </div>
          <div>
            <dt>Health</dt>
            <dd>
              <span className={`dot dot-${healthDot(node.health.status)}`} aria-hidden="true" />{' '}
              {node.health.status}
              {node.health.reason ? ` (${node.health.reason})` : ''}
            </dd>
          </div>
          {node.traffic.map((t) => (
            <div key={t.protocol}>
              <dt>{t.protocol.toUpperCase()}</dt>
              <dd>
                in {formatTrafficRate(t.protocol, t.rateIn)}
                {t.protocol === 'tcp' || t.rateIn === 0
                  ? ''
                  : `, ${formatPercent(errorPercent(t.protocol, t.inByClass, t.rateIn))} errors`}
                ; out {formatTrafficRate(t.protocol, t.rateOut)}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {edge && (
        <dl className="facts">
          <div>
            <dt>From</dt>
            <dd>{nodeLabel(byId(edge.source) ?? { nodeType: 'unknown' })}</dd>
          </div>
          <div>
            <dt>To</dt>
            <dd>{nodeLabel(byId(edge.target) ?? { nodeType: 'unknown' })}</dd>
          </div>
          <div>
            <dt>Rate</dt>
            <dd>{formatTrafficRate(edge.protocol, edge.rate)}</dd>
          </div>
          {edge.protocol !== 'tcp' && (
            <div>
              <dt>Errors</dt>
              <dd>{formatPercent(edge.errorPercent)}</dd>
            </div>
          )}
          {edge.mtlsPercent !== undefined && (
            <div>
              <dt>mTLS</dt>
              <dd>{formatPercent(edge.mtlsPercent)}</dd>
            </div>
          )}
        </dl>
      )}
      <p className="muted">
        Latency is shown per edge once a namespace is expanded: quantiles of different edges do not
        add up.
      </p>
      {folded.map((n) => (
        <button
          key={n.namespace}
          type="button"
          className="button"
          onClick={() => onExpand(n.namespace)}
        >
          Expand {n.namespace}
        </button>
      ))}
    </>
  );
}
