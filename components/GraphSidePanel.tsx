'use client';

import type { ReactNode } from 'react';
import type { EdgeData, GraphResponse, NodeData } from '@/lib/contracts/graph';
import { useEdgeDetails, useNodeSeries, type DetailWindow } from '@/lib/client/hooks';
import { formatBytesPerSecond, formatPercent, formatRps } from '@/lib/format';
import { nodeLabel } from '@/lib/graph-view/cy-elements';
import { namespaceTotals, nodeDetails, ratesByCode } from '@/lib/graph-view/panel';
import { Sparkline } from './Sparkline';

export interface GraphSidePanelProps {
  graph: GraphResponse;
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
  /** The graph's window, for the range and latency queries of the selection. */
  window: DetailWindow;
  refreshSeconds: number;
}

function NodeTrends({
  id,
  direction,
  window,
  refreshSeconds,
}: {
  id: string;
  direction: 'inbound' | 'outbound';
  window: DetailWindow;
  refreshSeconds: number;
}): ReactNode {
  const series = useNodeSeries(id, direction, window, refreshSeconds);
  return (
    <section
      aria-label={`${direction === 'inbound' ? 'Inbound' : 'Outbound'} trends`}
      className="trends"
    >
      <h4>{direction === 'inbound' ? 'Inbound' : 'Outbound'} over time</h4>
      {series.error && <p className="error-text">{series.error.message}</p>}
      {series.isPending && <p className="muted">Loading trends…</p>}
      {series.data && (
        <>
          <Sparkline
            label="Requests"
            points={series.data.rate}
            format={(v) => `${formatRps(v)} req/s`}
          />
          <Sparkline
            label="Errors"
            points={series.data.errorPercent}
            format={formatPercent}
            color="var(--fail)"
          />
          <Sparkline
            label="p95 latency"
            points={series.data.p95Ms}
            format={(v) => `${v.toFixed(1)} ms`}
            color="var(--warn)"
          />
        </>
      )}
    </section>
  );
}

function EdgeLatency({ id, window }: { id: string; window: DetailWindow }): ReactNode {
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

const rate = (protocol: string, value: number): string =>
  protocol === 'tcp' ? formatBytesPerSecond(value) : `${formatRps(value)} req/s`;

function Health({ health }: { health: NodeData['health'] }): ReactNode {
  const text = {
    healthy: 'Healthy',
    degraded: 'Degraded',
    failure: 'Failure',
    notReady: 'Not ready',
    na: 'No health data',
  }[health.status];
  return (
    <p className="health-line">
      <span
        className={`dot dot-${health.status === 'notReady' ? 'idle' : health.status === 'na' ? 'idle' : health.status}`}
        aria-hidden="true"
      />
      <strong>{text}</strong>
      {health.reason && <span className="muted"> · {health.reason}</span>}
    </p>
  );
}

function CodeTable({
  caption,
  byCode,
  total,
}: {
  caption: string;
  byCode: Record<string, number>;
  total: number;
}): ReactNode {
  const rows = Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return null;
  return (
    <table className="table compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col" className="num">
            req/s
          </th>
          <th scope="col" className="num">
            %
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([code, value]) => (
          <tr key={code}>
            <th scope="row">{code === '-' ? 'no response' : code}</th>
            <td className="num">{formatRps(value)}</td>
            <td className="num">{formatPercent((value / total) * 100)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
              {e.protocol} · {rate(e.protocol, e.rate)}
              {e.errorPercent > 0 ? ` · ${formatPercent(e.errorPercent)} errors` : ''}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function NodePanel({
  graph,
  id,
  onSelect,
  window,
  refreshSeconds,
}: {
  graph: GraphResponse;
  id: string;
  onSelect: (id: string) => void;
  window: DetailWindow;
  refreshSeconds: number;
}): ReactNode {
  const details = nodeDetails(graph, id);
  if (!details) return <p className="muted">The selected node is not in this graph.</p>;
  const { node, inbound, outbound } = details;
  const requestsIn = inbound.filter((e) => e.protocol !== 'tcp');
  const requestsOut = outbound.filter((e) => e.protocol !== 'tcp');
  return (
    <>
      <h3>{nodeLabel(node)}</h3>
      <p className="muted">
        {node.isInjectedService ? 'service' : node.nodeType} · namespace {node.namespace}
        {node.isRoot ? ' · traffic source' : ''}
        {node.isOutside ? ' · outside the selected namespaces' : ''}
        {node.egress ? ` · egress (${node.egress})` : ''}
      </p>
      <Health health={node.health} />
      <table className="table compact">
        <caption>Traffic</caption>
        <thead>
          <tr>
            <th scope="col">Protocol</th>
            <th scope="col" className="num">
              In
            </th>
            <th scope="col" className="num">
              Out
            </th>
          </tr>
        </thead>
        <tbody>
          {node.traffic.map((t) => (
            <tr key={t.protocol}>
              <th scope="row">{t.protocol}</th>
              <td className="num">{rate(t.protocol, t.rateIn)}</td>
              <td className="num">{rate(t.protocol, t.rateOut)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CodeTable
        caption="Inbound by response code"
        byCode={ratesByCode(requestsIn)}
        total={requestsIn.reduce((s, e) => s + e.rate, 0)}
      />
      <CodeTable
        caption="Outbound by response code"
        byCode={ratesByCode(requestsOut)}
        total={requestsOut.reduce((s, e) => s + e.rate, 0)}
      />
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

function EdgePanel({
  graph,
  edge,
  onSelect,
  window,
}: {
  graph: GraphResponse;
  edge: EdgeData;
  onSelect: (id: string) => void;
  window: DetailWindow;
}): ReactNode {
  const name = (id: string) =>
    nodeLabel(graph.elements.nodes.find((n) => n.data.id === id)?.data ?? { nodeType: 'unknown' });
  const facts: [string, string][] = [
    ['Protocol', edge.protocol],
    ['Rate', rate(edge.protocol, edge.rate)],
    ['Share of source traffic', formatPercent(edge.percentOfSource)],
    ...(edge.protocol !== 'tcp'
      ? ([['Errors', formatPercent(edge.errorPercent)]] as [string, string][])
      : []),
    ...(edge.responseTimeMs !== undefined
      ? ([['Response time (p95)', `${edge.responseTimeMs.toFixed(1)} ms`]] as [string, string][])
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
      <Health health={edge.health} />
      <dl className="facts">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {edge.protocol !== 'tcp' && (
        <CodeTable caption="By response code" byCode={edge.rateByCode} total={edge.rate} />
      )}
      <CodeTable caption="By response flags" byCode={edge.rateByFlags} total={edge.rate} />
      {edge.protocol !== 'tcp' && <EdgeLatency id={edge.id} window={window} />}
    </>
  );
}

/** Details of the selection, or the graph's totals and a keyboard-usable list of its nodes. */
export function GraphSidePanel({
  graph,
  selected,
  onSelect,
  window,
  refreshSeconds,
}: GraphSidePanelProps): ReactNode {
  const edge = selected
    ? graph.elements.edges.find((e) => e.data.id === selected)?.data
    : undefined;
  const totals = namespaceTotals(graph);
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
      {edge ? (
        <EdgePanel graph={graph} edge={edge} onSelect={onSelect} window={window} />
      ) : selected ? (
        <NodePanel
          graph={graph}
          id={selected}
          onSelect={onSelect}
          window={window}
          refreshSeconds={refreshSeconds}
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
          <table className="table compact">
            <caption>Inbound by namespace</caption>
            <thead>
              <tr>
                <th scope="col">Namespace</th>
                <th scope="col" className="num">
                  req/s
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
                <th scope="col" className="num">
                  TCP
                </th>
              </tr>
            </thead>
            <tbody>
              {totals.byNamespace.map((t) => (
                <tr key={t.namespace}>
                  <th scope="row">{t.namespace}</th>
                  <td className="num">{formatRps(t.requestsPerSecond)}</td>
                  <td className="num">{formatPercent(t.errorPercent)}</td>
                  <td className="num">
                    {t.tcpBytesPerSecond > 0 ? formatBytesPerSecond(t.tcpBytesPerSecond) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Nodes ({nodes.length})</h4>
          <ul className="link-list" aria-label="Nodes">
            {nodes.map((n) => (
              <li key={n.id}>
                <span
                  className={`dot dot-${n.health.status === 'na' || n.health.status === 'notReady' ? 'idle' : n.health.status}`}
                  aria-hidden="true"
                />
                <button type="button" className="link-button" onClick={() => onSelect(n.id)}>
                  {nodeLabel(n)}
                </button>{' '}
                <span className="muted">
                  {n.isInjectedService ? 'service' : n.nodeType}
                  {n.namespace !== 'unknown' ? ` · ${n.namespace}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
