'use client';

import type { ReactNode } from 'react';
import type { EntityKind } from '@/lib/contracts/entities';
import type { NodeData } from '@/lib/contracts/graph';
import { BASE_PATH } from '@/lib/client/api';
import { pagePath, trafficRows, type TrafficRow } from '@/lib/entity-view/traffic';
import { formatTrafficRate, healthDot } from '@/lib/format';
import { nodeLabel } from '@/lib/graph-view/cy-elements';
import type { GraphViewState } from '@/lib/graph-view/view-state';
import { useEntityGraph } from './EntityTraffic';
import styles from './NeighbourDiagram.module.css';

/** Peers drawn per side; the rest are counted. */
const MAX_PEERS = 8;
const ROW = 34;
const WIDTH = 760;
const BOX = { width: 190, height: 24 };
const COLUMNS = { in: 10, self: (WIDTH - BOX.width) / 2, out: WIDTH - BOX.width - 10 };

const clip = (text: string, max = 24): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function Box({
  x,
  y,
  label,
  href,
  status,
  strong,
}: {
  x: number;
  y: number;
  label: string;
  href: string | undefined;
  status: string;
  strong?: boolean;
}): ReactNode {
  const box = (
    <g className={`${styles.box} ${strong ? styles.self : ''}`}>
      <title>{label}</title>
      <rect x={x} y={y} width={BOX.width} height={BOX.height} rx={5} />
      <circle cx={x + 12} cy={y + BOX.height / 2} r={4} className={styles[status]} />
      <text x={x + 22} y={y + BOX.height / 2 + 4}>
        {clip(label)}
      </text>
    </g>
  );
  return href ? (
    <a href={`${BASE_PATH}${href}`} aria-label={`${label}: its page`}>
      {box}
    </a>
  ) : (
    box
  );
}

/**
 * A small graph of an entity and its direct neighbours: its callers on the left, whom it calls
 * on the right, each call with its rate and health; a neighbour opens its own page.
 */
export function NeighbourDiagram({
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
  if (!graph.data)
    return <p className="muted">{graph.error ? graph.error.message : 'Loading its neighbours…'}</p>;
  const self = graph.data.elements.nodes.find((n) => n.data.id === node.id)?.data;
  const inbound = trafficRows(graph.data, node.id, 'inbound');
  const outbound = trafficRows(graph.data, node.id, 'outbound');
  if (!self || (inbound.length === 0 && outbound.length === 0))
    return <p className="muted">No traffic to or from it in this window.</p>;
  const counts = `${inbound.length} ${inbound.length === 1 ? 'caller' : 'callers'} · ${outbound.length} ${outbound.length === 1 ? 'callee' : 'callees'}`;
  const rows = Math.max(1, Math.min(MAX_PEERS, Math.max(inbound.length, outbound.length)));
  const height = rows * ROW + 24;
  const selfY = (height - BOX.height) / 2;
  const peerY = (i: number, count: number) =>
    (height - Math.min(count, MAX_PEERS) * ROW) / 2 + i * ROW + (ROW - BOX.height) / 2;
  const label = (peer: NodeData) =>
    peer.namespace !== namespace && peer.namespace !== 'unknown'
      ? `${peer.namespace}/${nodeLabel(peer)}`
      : nodeLabel(peer);
  const side = (list: TrafficRow[], direction: 'in' | 'out') =>
    list.slice(0, MAX_PEERS).map((row, i) => {
      const y = peerY(i, list.length);
      const [x1, y1, x2, y2] =
        direction === 'in'
          ? [COLUMNS.in + BOX.width, y + BOX.height / 2, COLUMNS.self, selfY + BOX.height / 2]
          : [COLUMNS.self + BOX.width, selfY + BOX.height / 2, COLUMNS.out, y + BOX.height / 2];
      return (
        <g key={row.id}>
          <line
            x1={x1}
            y1={y1}
            x2={x2}
            y2={y2}
            className={`${styles.edge} ${styles[healthDot(row.edge.health.status)]}`}
            markerEnd="url(#neighbour-arrow)"
          />
          <text
            // At the neighbour's end, where the lines are still apart.
            x={direction === 'in' ? x1 + 6 : x2 - 6}
            y={(direction === 'in' ? y1 : y2) - 5}
            className={styles.rate}
            textAnchor={direction === 'in' ? 'start' : 'end'}
          >
            {formatTrafficRate(row.edge.protocol, row.edge.rate)}
          </text>
          <Box
            x={direction === 'in' ? COLUMNS.in : COLUMNS.out}
            y={y}
            label={label(row.peer)}
            href={pagePath(row.peer)}
            status={healthDot(row.peer.health.status)}
          />
        </g>
      );
    });
  const more = (count: number, x: number) =>
    count > MAX_PEERS && (
      <text x={x + BOX.width / 2} y={height - 4} textAnchor="middle" className={styles.more}>
        and {count - MAX_PEERS} more
      </text>
    );
  return (
    <figure className={styles.figure} aria-label={`${name} and its direct neighbours`}>
      <svg viewBox={`0 0 ${WIDTH} ${height + 8}`} role="group" aria-label={`${name}: ${counts}`}>
        <defs>
          <marker
            id="neighbour-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className={styles.arrow} />
          </marker>
        </defs>
        {side(inbound, 'in')}
        {side(outbound, 'out')}
        {more(inbound.length, COLUMNS.in)}
        {more(outbound.length, COLUMNS.out)}
        <Box
          x={COLUMNS.self}
          y={selfY}
          label={name}
          href={undefined}
          status={healthDot(self.health.status)}
          strong
        />
      </svg>
      <figcaption className="muted">{counts}, over the page&apos;s window</figcaption>
    </figure>
  );
}
