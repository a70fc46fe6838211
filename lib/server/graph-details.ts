import 'server-only';
import type { EdgeDetails, NodeSeries, SeriesPoint } from '../contracts/graph-details';
import { nodeMatchers, parseEdgeId, parseNodeId } from '../graph/entity';
import { edgeDetailQueries, nodeSeriesQueries, seriesWindow } from '../graph/series-queries';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult, VectorSample } from '../promql/types';
import { edgeLatency } from '../graph/edge-latency';
import { BadRequestError } from './route';

const points = (result: QueryResult): SeriesPoint[] =>
  result.resultType === 'matrix'
    ? (result.series[0]?.points ?? []).map((p) => ({
        t: p.timestampSec,
        v: Number.isFinite(p.value) ? p.value : null,
      }))
    : [];

const samples = (result: QueryResult): VectorSample[] =>
  result.resultType === 'vector' ? result.samples : [];

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
    rateWindowSec: window.rateWindowSec,
    rate,
    errorPercent,
    p95Ms,
  };
}

/** Latency (quantiles with their buckets, mean) and mTLS identities of one edge. */
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
  const [buckets, sums, principals] = await Promise.all([
    run(queries.buckets),
    run(queries.sum),
    run(queries.principals),
  ]);
  const latency = edgeLatency(samples(buckets), samples(sums));
  return {
    edge: params.edge,
    timeSec,
    durationSec: params.duration,
    latency,
    quantilesMs: {
      p50: latency.quantiles.p50?.ms,
      p95: latency.quantiles.p95?.ms,
      p99: latency.quantiles.p99?.ms,
    },
    principals: samples(principals)
      .filter((s) => Number.isFinite(s.value) && s.value > 0)
      .map((s) => ({
        source: s.labels.source_principal ?? 'unknown',
        destination: s.labels.destination_principal ?? 'unknown',
        security: s.labels.connection_security_policy ?? 'unknown',
        rate: s.value,
      }))
      .sort((a, b) => b.rate - a.rate),
  };
}
