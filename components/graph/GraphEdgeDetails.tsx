'use client';

import type { ReactNode } from 'react';
import type { EdgeData, GraphResponse } from '@/lib/contracts/graph';
import type { DetailWindow } from '@/lib/client/hooks';
import { formatBytesPerSecond, formatPercent, formatRps, formatTrafficRate } from '@/lib/format';
import { nodeLabel } from '@/lib/graph-view/cy-elements';
import { ratesByCode } from '@/lib/graph-view/panel';
import { CodeTable } from '../ui/CodeTable';
import { EdgeLatency } from './EdgeLatency';
import { ComparedLine } from './ComparedLine';
import { HealthLine } from '../ui/HealthLine';

/** Whether the Delay view can start at an edge's callee: an app or a workload, not a service. */
const calleeRanks = (graph: GraphResponse, id: string): boolean => {
  const type = graph.elements.nodes.find((n) => n.data.id === id)?.data.nodeType;
  return type === 'app' || type === 'workload';
};

/** The side panel for a selected edge: rates, errors, latency (one table), mTLS. */
export function GraphEdgeDetails({
  graph,
  edge,
  onSelect,
  window,
  compareWhen,
  onWhySlow,
}: {
  graph: GraphResponse;
  edge: EdgeData;
  onSelect: (id: string) => void;
  window: DetailWindow;
  /** The baseline of a compared graph, in words (`1 hour before`). */
  compareWhen?: string;
  /** Open the Delay view with this node (the edge's callee) as the entry. */
  onWhySlow?: (node: string) => void;
}): ReactNode {
  const name = (id: string) =>
    nodeLabel(graph.elements.nodes.find((n) => n.data.id === id)?.data ?? { nodeType: 'unknown' });
  const facts: [string, string][] = [
    ['Protocol', edge.protocol],
    ...(edge.mirrored
      ? ([['Traffic', 'mirrored copies (Envoy’s -shadow host); left out of totals and shares']] as [
          string,
          string,
        ][])
      : []),
    ['Rate', formatTrafficRate(edge.protocol, edge.rate)],
    ...(edge.mirrored
      ? []
      : ([['Share of source traffic', formatPercent(edge.percentOfSource)]] as [string, string][])),
    ...(edge.protocol !== 'tcp'
      ? ([['Errors', formatPercent(edge.errorPercent)]] as [string, string][])
      : []),
    ...(edge.messageRate !== undefined
      ? ([['gRPC messages', `${formatRps(edge.messageRate)} msg/s`]] as [string, string][])
      : []),
    ...(edge.throughputBytesPerSecond !== undefined
      ? ([['Throughput', formatBytesPerSecond(edge.throughputBytesPerSecond)]] as [
          string,
          string,
        ][])
      : []),
    [
      'mTLS',
      edge.mtlsPercent === undefined
        ? 'unknown (source-reported only)'
        : formatPercent(edge.mtlsPercent),
    ],
  ];
  return (
    <>
      <h3>
        <button type="button" className="link-button" onClick={() => onSelect(edge.source)}>
          {name(edge.source)}
        </button>{' '}
        →{' '}
        <button type="button" className="link-button" onClick={() => onSelect(edge.target)}>
          {name(edge.target)}
        </button>
      </h3>
      <HealthLine health={edge.health} />
      {onWhySlow && calleeRanks(graph, edge.target) && (
        <button type="button" className="link-button" onClick={() => onWhySlow(edge.target)}>
          Why slow?
        </button>
      )}
      {compareWhen && (
        <ComparedLine compared={edge.compared} when={compareWhen} protocol={edge.protocol} />
      )}
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {edge.protocol !== 'tcp' && (
        <CodeTable
          caption={edge.protocol === 'grpc' ? 'By gRPC status' : 'By response code'}
          kind={edge.protocol === 'grpc' ? 'grpc' : 'code'}
          byCode={ratesByCode([edge])}
          total={edge.rate}
        />
      )}
      <CodeTable
        caption="By response flags"
        kind="flags"
        byCode={edge.rateByFlags}
        total={edge.rate}
      />
      {edge.protocol !== 'tcp' && (
        // The graph's own moment when live, so the panel's figures are the graph's figures.
        <EdgeLatency id={edge.id} window={{ ...window, time: window.time ?? graph.timestamp }} />
      )}
    </>
  );
}

/** Details of the selection, or the graph's totals and a keyboard-usable list of its nodes. */
