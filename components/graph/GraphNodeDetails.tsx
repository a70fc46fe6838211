'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { EdgeData, GraphResponse, NodeBadge, NodeData } from '@/lib/contracts/graph';
import { BADGE_MEANINGS, BADGE_TAGS, WORKLOAD_BADGES } from '@/lib/graph/badge-text';
import type { DetailWindow } from '@/lib/client/hooks';
import { formatPercent, formatTrafficRate } from '@/lib/format';
import { nodeLabel } from '@/lib/graph-view/cy-elements';
import { routingHref } from '@/lib/graph-view/links';
import { pagePath } from '@/lib/entity-view/traffic';
import { nodeDetails, ratesByCode, routingServicesOf } from '@/lib/graph-view/panel';
import { CodeTable } from '../ui/CodeTable';
import { MetricsTable } from '../ui/MetricsTable';
import { ComparedLine } from './ComparedLine';
import { GatewayListeners } from './GatewayListeners';
import { HealthLine } from '../ui/HealthLine';
import { NodeTrends } from './NodeTrends';
import styles from './GraphNodeDetails.module.css';

function EdgeList({
  title,
  edges,
  graph,
  end,
  onSelect,
}: {
  title: string;
  edges: EdgeData[];
  graph: GraphResponse;
  end: 'source' | 'target';
  onSelect: (id: string) => void;
}): ReactNode {
  if (edges.length === 0) return null;
  const name = (id: string) => {
    const node = graph.elements.nodes.find((n) => n.data.id === id)?.data;
    return node ? nodeLabel(node) : id;
  };
  return (
    <>
      <h4>{title}</h4>
      <ul className="link-list">
        {edges.map((e) => (
          <li key={e.id}>
            <button type="button" className="link-button" onClick={() => onSelect(e.id)}>
              {name(e[end])}
            </button>{' '}
            <span className="muted">
              {e.protocol} · {formatTrafficRate(e.protocol, e.rate)}
              {e.errorPercent > 0 ? ` · ${formatPercent(e.errorPercent)} errors` : ''}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Links to the routing editor of the services in front of the node. */
function RoutingLinks({ graph, id }: { graph: GraphResponse; id: string }): ReactNode {
  const services = routingServicesOf(graph, id);
  if (services.length === 0) return null;
  return (
    <p className="panel-links">
      Routing:{' '}
      {services.map((s, i) => (
        <span key={`${s.namespace}/${s.service}`}>
          {i > 0 && ', '}
          <Link href={routingHref(s)}>{s.service}</Link>
        </span>
      ))}
    </p>
  );
}

/** Badges that flag a problem, drawn in the warning colour. */
const WARNING_BADGES: ReadonlySet<NodeBadge> = new Set(['missingSidecar', 'certificateExpiring']);

/** The node's badges: each says what it means on hover, routing ones open the editor. */
function Badges({ graph, node }: { graph: GraphResponse; node: NodeData }): ReactNode {
  if (!node.badges?.length) return null;
  const service = routingServicesOf(graph, node.id)[0];
  const href = service && routingHref(service);
  return (
    <ul className={styles.badges} aria-label="Badges">
      {node.badges.map((badge) => (
        <li key={badge}>
          {href && !WORKLOAD_BADGES.has(badge) ? (
            <Link href={href} className={styles.badge} title={BADGE_MEANINGS[badge]}>
              {BADGE_TAGS[badge]}
            </Link>
          ) : (
            <span
              className={`${styles.badge} ${WARNING_BADGES.has(badge) ? styles.badgeWarn : ''}`}
              title={BADGE_MEANINGS[badge]}
            >
              {BADGE_TAGS[badge]}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The side panel for a selected node: health, traffic, codes, trends, neighbours. */
export function GraphNodeDetails({
  graph,
  id,
  onSelect,
  window,
  refreshSeconds,
  onFocus,
  onWhySlow,
  compareWhen,
}: {
  graph: GraphResponse;
  id: string;
  onSelect: (id: string) => void;
  window: DetailWindow;
  refreshSeconds: number;
  /** Show only this node's neighbourhood (absent: it is shown already). */
  onFocus?: () => void;
  /** Open the Delay view with this node as the entry. */
  onWhySlow?: () => void;
  /** The baseline of a compared graph, in words (`1 hour before`). */
  compareWhen?: string;
}): ReactNode {
  const details = nodeDetails(graph, id);
  if (!details) return <p className="muted">The selected node is not in this graph.</p>;
  const { node, inbound, outbound } = details;
  const page = pagePath(node);
  // HTTP codes and gRPC statuses apart: `0` is "no response" in one and OK in the other.
  const byProtocol = (edges: EdgeData[], protocol: 'http' | 'grpc') =>
    edges.filter((e) => e.protocol === protocol);
  return (
    <>
      <h3>{nodeLabel(node)}</h3>
      <p className="muted">
        {node.isWaypoint
          ? 'waypoint proxy (ambient)'
          : node.isInjectedService
            ? 'service'
            : node.nodeType}{' '}
        {node.cluster ? ` · cluster ${node.cluster}` : ''} · namespace {node.namespace}
        {node.isRoot ? ' · traffic source' : ''}
        {node.isOutside ? ' · outside the selected namespaces' : ''}
        {node.egress ? ` · egress (${node.egress})` : ''}
      </p>
      <HealthLine health={node.health} />
      {compareWhen && <ComparedLine compared={node.compared} when={compareWhen} />}
      {(onFocus || onWhySlow || page) && (
        <p className={styles.actions}>
          {page && <Link href={page}>Open its page</Link>}
          {onFocus && (
            <button type="button" className="link-button" onClick={onFocus}>
              Focus on its neighbourhood
            </button>
          )}
          {onWhySlow && node.nodeType !== 'service' && node.nodeType !== 'unknown' && (
            <button type="button" className="link-button" onClick={onWhySlow}>
              Why slow?
            </button>
          )}
        </p>
      )}
      <Badges graph={graph} node={node} />
      {node.gateways && <GatewayListeners gateways={node.gateways} />}
      <RoutingLinks graph={graph} id={node.id} />
      <MetricsTable
        caption="Traffic"
        rows={node.traffic}
        rowKey={(t) => t.protocol}
        columns={[
          { header: 'Protocol', cell: (t) => t.protocol },
          { header: 'In', numeric: true, cell: (t) => formatTrafficRate(t.protocol, t.rateIn) },
          { header: 'Out', numeric: true, cell: (t) => formatTrafficRate(t.protocol, t.rateOut) },
        ]}
      />
      {node.traffic
        .filter((t) => t.mirroredIn)
        .map((t) => (
          <p key={t.protocol} className="muted small">
            Also receives {formatTrafficRate(t.protocol, t.mirroredIn ?? 0)} of mirrored copies (
            {t.protocol}), not counted above.
          </p>
        ))}
      {(['http', 'grpc'] as const).flatMap((protocol) =>
        (
          [
            ['Inbound', inbound],
            ['Outbound', outbound],
          ] as const
        ).map(([direction, edges]) => {
          const requests = byProtocol(edges, protocol);
          return (
            <CodeTable
              key={`${protocol} ${direction}`}
              caption={`${direction} by ${protocol === 'grpc' ? 'gRPC status' : 'response code'}`}
              kind={protocol === 'grpc' ? 'grpc' : 'code'}
              byCode={ratesByCode(requests)}
              total={requests.reduce((sum, e) => sum + e.rate, 0)}
            />
          );
        }),
      )}
      <NodeTrends
        id={node.id}
        direction={node.isRoot ? 'outbound' : 'inbound'}
        window={window}
        refreshSeconds={refreshSeconds}
      />
      <EdgeList
        title="Inbound from"
        edges={inbound}
        graph={graph}
        end="source"
        onSelect={onSelect}
      />
      <EdgeList
        title="Outbound to"
        edges={outbound}
        graph={graph}
        end="target"
        onSelect={onSelect}
      />
    </>
  );
}
