import { anyOf, matcher, noneOf, range, selector } from '../promql/promql';
import type { AmbientTraffic, GrpcRate } from '../contracts/graph-params';
import type { ResponseTimeStat } from './enrich';

/** The Istio labels that identify both ends of an edge. */
export const EDGE_LABELS = [
  'reporter',
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'destination_cluster',
  'destination_service_namespace',
  'destination_service',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
] as const;

const REQUEST_LABELS = [
  ...EDGE_LABELS,
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
];
const TCP_LABELS = [...EDGE_LABELS, 'response_flags', 'connection_security_policy'];

/**
 * `rate()` of `metric` over exactly the samples the graph keeps (see `dedupeReporters`: each
 * request once), in one vector:
 * - destination reports of traffic into the selected namespaces;
 * - source reports from them of traffic that leaves the selection (its destination reports,
 *   if any, are not ours to count);
 * - source reports from them that never reached a sidecar (`destination_workload="unknown"`)
 *   inside the selection;
 * - source reports from elsewhere that never reached a sidecar in the selection (404 NR).
 * Source reports of traffic that stays inside the selection are left to Prometheus: their
 * destination reports count it. At a thousand services that halves the series a query reads
 * (the duration histogram's most of all). The selectors are disjoint (by reporter, then by
 * namespaces and workload), so `or` only concatenates. Namespaces arrive validated; they are
 * escaped all the same.
 *
 * With `shard` (a part of the selection), only the requests that part answers for: each part
 * above is chosen by one namespace label, so every request falls in exactly one shard.
 */
function rateOf(
  metric: string,
  namespaces: readonly string[],
  windowSeconds: number,
  shard: readonly string[] = namespaces,
  ambient: AmbientReports = NO_AMBIENT,
): string {
  const ns = (label: string) => anyOf(label, shard);
  const notNs = (label: string) => noneOf(label, namespaces);
  const source = matcher('reporter', '=', 'source');
  const waypoint = matcher('reporter', '=', 'waypoint');
  const unknownWorkload = matcher('destination_workload', '=', 'unknown');
  // ztunnel's reports carry its pod's `app="ztunnel"` (Kiali's convention).
  const l4 = ambient.ztunnel ? [] : [matcher('app', '!=', 'ztunnel')];
  const w = range(windowSeconds);
  const rate = (matchers: string[]) => `rate(${metric}${selector([...matchers, ...l4])}[${w}])`;
  // Requests from the selection (this shard's part of it) to outside it.
  const leaving = [ns('source_workload_namespace'), notNs('destination_workload_namespace')];
  const parts = [
    rate([matcher('reporter', '=', 'destination'), ns('destination_workload_namespace')]),
    ambient.waypoint
      ? // A waypoint reports on the destination's side: what it saw of a request leaving the
        // selection replaces the caller's own report of it.
        `(${rate([source, ...leaving])} unless on (${WAYPOINT_MATCH.join(', ')}) ${rate([waypoint, ...leaving])})`
      : rate([source, ...leaving]),
    rate([
      source,
      ns('source_workload_namespace'),
      anyOf('destination_workload_namespace', namespaces),
      unknownWorkload,
    ]),
    rate([
      source,
      notNs('source_workload_namespace'),
      unknownWorkload,
      ns('destination_service_namespace'),
    ]),
    ...(ambient.waypoint
      ? [rate([waypoint, ns('destination_workload_namespace')]), rate([waypoint, ...leaving])]
      : []),
  ];
  return parts.join(' or ');
}

/** Which ambient reports a query keeps: waypoint proxies' (L7) and ztunnel's (L4). */
export interface AmbientReports {
  waypoint: boolean;
  ztunnel: boolean;
}

const NO_AMBIENT: AmbientReports = { waypoint: false, ztunnel: true };

/** The ambient reports each choice keeps (Kiali's `ambientTraffic`). */
export const AMBIENT_REPORTS: Record<AmbientTraffic, AmbientReports> = {
  total: { waypoint: true, ztunnel: true },
  waypoint: { waypoint: true, ztunnel: false },
  ztunnel: { waypoint: false, ztunnel: true },
  none: { waypoint: false, ztunnel: false },
};

/** The labels one edge's caller report and waypoint report share (`unless on`). */
const WAYPOINT_MATCH = [
  'source_workload_namespace',
  'source_workload',
  'destination_service',
  'destination_workload_namespace',
  'destination_workload',
];

const sumBy = (labels: readonly string[], inner: string): string =>
  `sum by (${labels.join(', ')}) (${inner})`;

/**
 * The duration histogram, aggregated by Prometheus: one quantile per series group (the edge
 * labels and protocol), never the buckets themselves. At a thousand services the buckets were
 * 84,000 samples and 55 MB of JSON per graph; a quantile per group is 4,200 samples.
 */
export interface LatencyQueries {
  /** p95 per series group (health; the label too at p95): one query per namespace shard. */
  p95: string[];
  /** The label's own quantile when it is not p95, sharded the same way. */
  quantile?: string[];
  /** For the average: the duration sum and count per series group. */
  average?: { sum: string; count: string };
}

export interface GraphQueries {
  /** Request counts by response code: one query per namespace shard. */
  requests: string[];
  tcp: string[];
  /** Absent for a graph without response times (`latency: false`). */
  latency?: LatencyQueries;
  /** Response bytes per series group, sharded like the request counts. */
  responseBytes: string[];
  /** gRPC messages per series group (one query per direction asked for); none for requests. */
  messages: string[];
}

export type TcpRate = 'sent' | 'received' | 'total';

/** The counters of each gRPC rate: clients' messages are "sent", servers' "received". */
const GRPC_MESSAGE_METRICS: Record<GrpcRate, string[]> = {
  requests: [],
  sent: ['istio_request_messages_total'],
  received: ['istio_response_messages_total'],
  total: ['istio_request_messages_total', 'istio_response_messages_total'],
};

/**
 * The largest queries (request counts, response bytes, the histogram's quantiles) are each
 * split into this many queries by namespace, run in parallel.
 */
export const NAMESPACE_SHARDS = 3;

/**
 * The selection in at most {@link NAMESPACE_SHARDS} parts of about equal size. Prometheus
 * evaluates one query on one core: the histogram is most of a large graph's time, and two
 * halves in parallel answer in 0.5–0.7 of the time of the whole (1,000 services, 2 cores).
 * Shards also keep every answer under 2 MB of JSON at 1,000 services: whole, the request
 * counts (every response code and flag) were 3.2 MB on the live demo, and halves still
 * 2.65 MB where every series has traffic (`npm run bench:backfill`); thirds 1.90 MB, in the
 * same time within the machine's noise.
 */
export function namespaceShards(namespaces: readonly string[]): string[][] {
  const count = Math.min(NAMESPACE_SHARDS, namespaces.length);
  const shards: string[][] = Array.from({ length: count }, () => []);
  [...namespaces].sort().forEach((ns, i) => shards[i % count]?.push(ns));
  return shards;
}

const DURATION = 'istio_request_duration_milliseconds';
export const DURATION_BUCKET = `${DURATION}_bucket`;
const GROUP_LABELS = [...EDGE_LABELS, 'request_protocol'];

/** Every PromQL query of a graph, in one list. */
export const allQueries = (q: GraphQueries): string[] => [
  ...q.requests,
  ...q.tcp,
  ...(q.latency?.p95 ?? []),
  ...(q.latency?.quantile ?? []),
  ...(q.latency?.average ? [q.latency.average.sum, q.latency.average.count] : []),
  ...q.responseBytes,
  ...q.messages,
];

/**
 * Every query one graph needs; the count does not grow with the number of namespaces. Without
 * `latency` the duration histogram is left out: at a thousand services Prometheus spends most
 * of a graph's time evaluating `rate()` over its buckets, so the traffic comes first.
 */
export function graphQueries(options: {
  namespaces: readonly string[];
  windowSeconds: number;
  tcpRate: TcpRate;
  grpcRate?: GrpcRate;
  /** Ambient reports counted (default `none`: sidecars only). */
  ambientTraffic?: AmbientTraffic;
  responseTime: ResponseTimeStat;
  latency?: boolean;
}): GraphQueries {
  const { namespaces, windowSeconds: w, latency = true, responseTime } = options;
  const reports = AMBIENT_REPORTS[options.ambientTraffic ?? 'none'];
  // Waypoints report requests (L7), ztunnel bytes (L4).
  const l7: AmbientReports = { waypoint: reports.waypoint, ztunnel: true };
  const l4: AmbientReports = { waypoint: false, ztunnel: reports.ztunnel };
  const rateL7 = (metric: string, shard?: readonly string[]) =>
    rateOf(metric, namespaces, w, shard, l7);
  const tcpMetrics =
    options.tcpRate === 'total'
      ? ['istio_tcp_sent_bytes_total', 'istio_tcp_received_bytes_total']
      : [`istio_tcp_${options.tcpRate}_bytes_total`];
  const shards = namespaceShards(namespaces);
  const quantile = (q: number) =>
    shards.map(
      (shard) =>
        `histogram_quantile(${q}, ${sumBy(
          [...GROUP_LABELS, 'le'],
          rateL7(DURATION_BUCKET, shard),
        )})`,
    );
  return {
    requests: shards.map((shard) => sumBy(REQUEST_LABELS, rateL7('istio_requests_total', shard))),
    tcp: tcpMetrics.map((metric) =>
      sumBy(TCP_LABELS, rateOf(metric, namespaces, w, namespaces, l4)),
    ),
    latency: latency
      ? {
          p95: quantile(0.95),
          ...(responseTime === '50' || responseTime === '99'
            ? { quantile: quantile(Number(responseTime) / 100) }
            : {}),
          ...(responseTime === 'avg'
            ? {
                average: {
                  sum: sumBy(GROUP_LABELS, rateL7(`${DURATION}_sum`)),
                  count: sumBy(GROUP_LABELS, rateL7(`${DURATION}_count`)),
                },
              }
            : {}),
        }
      : undefined,
    responseBytes: shards.map((shard) =>
      sumBy(GROUP_LABELS, rateL7('istio_response_bytes_sum', shard)),
    ),
    messages: GRPC_MESSAGE_METRICS[options.grpcRate ?? 'requests'].map((metric) =>
      sumBy(GROUP_LABELS, rateL7(metric)),
    ),
  };
}
