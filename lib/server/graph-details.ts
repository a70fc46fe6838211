import 'server-only';
import type { EdgeDetails, NodeSeries, SeriesPoint } from '../contracts/graph-details';
import { nodeMatchers, parseEdgeId, parseNodeId } from '../graph/entity';
import { edgeDetailQueries, nodeSeriesQueries, seriesWindow } from '../graph/series-queries';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult } from '../prometheus/types';
import { BadRequestError } from './route';

const points = (result: QueryResult): SeriesPoint[] =>
  result.resultType === 'matrix'
    ? (result.series[0]?.points ?? []).map((p) => ({
        t: p.timestampSec,
        v: Number.isFinite(p.value) ? p.value : null,
      }))
    : [];

const scalar = (result: QueryResult): number | undefined => {
  const value = result.resultType === 'vector' ? result.samples[0]?.value : undefined;
  return value !== undefined && Number.isFinite(value) ? value : undefined;
};

/** Rate, error % and p95 of a node over time, for the side panel's sparklines. */
export async function loadNodeSeries(
  prometheus: PrometheusClient,
  params: { node: string; direction: 'inbound' | 'outbound'; duration: number; queryTime?: number },
  options: { nowSec: number; signal?: AbortSignal },
): Promise<NodeSeries> {
  const ref = parseNodeId(params.node);
  if (!ref)
    throw new BadRequestError(
      `parameter node: ${JSON.stringify(params.node)} is not a node id of the graph`,
    );
  const window = seriesWindow(params.duration, params.queryTime ?? options.nowSec);
  const side = params.direction === 'inbound' ? 'destination' : 'source';
  const queries = nodeSeriesQueries(
    nodeMatchers(ref, side),
    params.direction,
    window.rateWindowSec,
  );
  const run = (query: string) =>
    prometheus.rangeQuery(query, { ...window, signal: options.signal }).then((r) => points(r.data));
  const [rate, errorPercent, p95Ms] = await Promise.all([
    run(queries.rate),
    run(queries.errors),
    run(queries.p95),
  ]);
  return {
    node: params.node,
    direction: params.direction,
    stepSec: window.stepSec,
    rate,
    errorPercent,
    p95Ms,
  };
}

/** Latency quantiles and mTLS identities of one edge over the graph's window. */
export async function loadEdgeDetails(
  prometheus: PrometheusClient,
  params: { edge: string; duration: number; queryTime?: number },
  options: { nowSec: number; signal?: AbortSignal },
): Promise<EdgeDetails> {
  const edge = parseEdgeId(params.edge);
  if (!edge)
    throw new BadRequestError(
      `parameter edge: ${JSON.stringify(params.edge)} is not an edge id of the graph`,
    );
  const matchers = [
    ...nodeMatchers(edge.source, 'source'),
    ...nodeMatchers(edge.target, 'destination'),
  ];
  const queries = edgeDetailQueries(matchers, params.duration);
  const timeSec = params.queryTime ?? options.nowSec;
  const run = (query: string) =>
    prometheus.instantQuery(query, { timeSec, signal: options.signal }).then((r) => r.data);
  const [p50, p95, p99, principals] = await Promise.all([
    run(queries.quantiles.p50),
    run(queries.quantiles.p95),
    run(queries.quantiles.p99),
    run(queries.principals),
  ]);
  return {
    edge: params.edge,
    quantilesMs: { p50: scalar(p50), p95: scalar(p95), p99: scalar(p99) },
    principals:
      principals.resultType === 'vector'
        ? principals.samples
            .filter((s) => Number.isFinite(s.value) && s.value > 0)
            .map((s) => ({
              source: s.labels.source_principal ?? 'unknown',
              destination: s.labels.destination_principal ?? 'unknown',
              security: s.labels.connection_security_policy ?? 'unknown',
              rate: s.value,
            }))
            .sort((a, b) => b.rate - a.rate)
        : [],
  };
}
