'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { apiGet } from '@/lib/client/api';
import { backoffInterval } from '@/lib/client/query-client';
import { API } from '@/lib/contracts/api';
import type { EntityKind } from '@/lib/contracts/entities';
import { entityNode } from '@/lib/entity-view/entity-links';
import { pagePath, trafficRows, type TrafficRow } from '@/lib/entity-view/traffic';
import { formatMs, formatPercent, formatTrafficRate, healthDot } from '@/lib/format';
import { nodeLabel } from '@/lib/graph-view/cy-elements';
import { graphApiQuery, type GraphViewState } from '@/lib/graph-view/view-state';
import { MetricsTable, type MetricsColumn } from '../ui/MetricsTable';
import { QueryNotices } from '../ui/QueryNotices';

/** A peer by its graph label, linking to its page when it has one. */
function PeerName({ peer }: { peer: TrafficRow['peer'] }): ReactNode {
  const href = pagePath(peer);
  return href ? <Link href={href}>{nodeLabel(peer)}</Link> : nodeLabel(peer);
}

const columns = (
  namespace: string,
  direction: 'inbound' | 'outbound',
): readonly [MetricsColumn<TrafficRow>, ...MetricsColumn<TrafficRow>[]] => [
  {
    header: direction === 'inbound' ? 'From' : 'To',
    width: '34%',
    cell: (row) => (
      <span>
        <span className={`dot dot-${healthDot(row.edge.health.status)}`} aria-hidden="true" />
        <PeerName peer={row.peer} />
        {row.peer.namespace !== namespace && row.peer.namespace !== 'unknown' && (
          <span className="muted"> · {row.peer.namespace}</span>
        )}
      </span>
    ),
  },
  { header: 'Protocol', cell: (row) => row.edge.protocol.toUpperCase() },
  {
    header: 'Rate',
    numeric: true,
    cell: (row) => formatTrafficRate(row.edge.protocol, row.edge.rate),
  },
  {
    header: 'Errors',
    numeric: true,
    cell: (row) => (row.edge.protocol === 'tcp' ? '—' : formatPercent(row.edge.errorPercent)),
    className: (row) => (row.edge.health.status === 'failure' ? 'error-text' : undefined),
  },
  {
    header: 'p95',
    numeric: true,
    cell: (row) =>
      row.edge.responseTimeMs === undefined ? '—' : formatMs(row.edge.responseTimeMs),
  },
  {
    header: 'mTLS',
    numeric: true,
    cell: (row) =>
      row.edge.mtlsPercent === undefined ? '—' : `${Math.round(row.edge.mtlsPercent)}%`,
  },
];

/**
 * The graph of an entity's namespace over the page's window, without service nodes (peers
 * call each other directly), refreshed with the page while live; and the entity's node in it.
 */
export function useEntityGraph(
  kind: EntityKind,
  namespace: string,
  name: string,
  view: GraphViewState,
  cluster?: string,
) {
  const node = entityNode(kind, namespace, name, cluster);
  const query = graphApiQuery({
    ...view,
    namespaces: [namespace],
    graphType: node.graphType,
    serviceNodes: false,
    idle: false,
    compare: '',
  });
  const graph = useQuery({
    queryKey: ['mesh', 'entity', kind, namespace, name, 'traffic', query],
    queryFn: ({ signal }) => apiGet(API.graph, { params: {}, query }, { signal }),
    placeholderData: (previous) => previous,
    refetchInterval: view.time === undefined ? backoffInterval(15_000) : false,
  });
  return { node, graph };
}

/**
 * Who calls the entity and whom it calls, from the graph of its namespace over the page's
 * window: rate, errors, p95 and mTLS per peer, each peer linking to its own page.
 */
export function EntityTraffic({
  kind,
  namespace,
  name,
  view,
  cluster,
}: {
  kind: EntityKind;
  namespace: string;
  name: string;
  view: GraphViewState;
  cluster?: string;
}): ReactNode {
  const { node, graph } = useEntityGraph(kind, namespace, name, view, cluster);
  const data = graph.data;
  return (
    <div>
      <QueryNotices
        isPending={graph.isPending}
        error={graph.error}
        hasData={data !== undefined}
        warnings={data?.warnings}
        loading="Loading traffic…"
      />
      {data &&
        (['inbound', 'outbound'] as const)
          .filter((direction) => kind !== 'service' || direction === 'inbound')
          .map((direction) => {
            const rows = trafficRows(data, node.id, direction);
            return (
              <section key={direction} className="section" aria-label={`${direction} traffic`}>
                <h2 className="section-title">
                  {direction === 'inbound' ? 'Inbound' : 'Outbound'} · {rows.length}{' '}
                  {rows.length === 1 ? 'peer' : 'peers'}
                </h2>
                {rows.length ? (
                  <MetricsTable
                    label={`${direction} traffic`}
                    columns={columns(namespace, direction)}
                    rows={rows}
                    rowKey={(row) => row.id}
                    compact={false}
                  />
                ) : (
                  <p className="muted">
                    {direction === 'inbound'
                      ? 'Nothing called it in this window.'
                      : 'It called nothing in this window.'}
                  </p>
                )}
              </section>
            );
          })}
    </div>
  );
}
