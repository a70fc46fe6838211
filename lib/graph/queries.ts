import { anyOf, matcher, noneOf, range, selector } from '../prometheus/promql';

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
 */
function rateOf(metric: string, namespaces: readonly string[], windowSeconds: number): string {
  const ns = (label: string) => anyOf(label, namespaces);
  const notNs = (label: string) => noneOf(label, namespaces);
  const source = matcher('reporter', '=', 'source');
  const unknownWorkload = matcher('destination_workload', '=', 'unknown');
  const w = range(windowSeconds);
  const parts = [
    [matcher('reporter', '=', 'destination'), ns('destination_workload_namespace')],
    [source, ns('source_workload_namespace'), notNs('destination_workload_namespace')],
    [
      source,
      ns('source_workload_namespace'),
      ns('destination_workload_namespace'),
      unknownWorkload,
    ],
    [
      source,
      notNs('source_workload_namespace'),
      unknownWorkload,
      ns('destination_service_namespace'),
    ],
  ];
  return parts.map((matchers) => `rate(${metric}${selector(matchers)}[${w}])`).join(' or ');
}

const sumBy = (labels: readonly string[], inner: string): string =>
  `sum by (${labels.join(', ')}) (${inner})`;

export interface GraphQueries {
  requests: string;
  tcp: string[];
  /** The duration histogram: absent for a graph without response times (`latency: false`). */
  durationBuckets?: string;
  durationSum?: string;
  responseBytes: string;
}

export type TcpRate = 'sent' | 'received' | 'total';

/**
 * Every query one graph needs; the count does not grow with the number of namespaces. Without
 * `latency` the duration histogram is left out: at a thousand services Prometheus spends most
 * of a graph's time evaluating `rate()` over its buckets, so the traffic comes first.
 */
export function graphQueries(options: {
  namespaces: readonly string[];
  windowSeconds: number;
  tcpRate: TcpRate;
  averageResponseTime: boolean;
  latency?: boolean;
}): GraphQueries {
  const { namespaces, windowSeconds: w, latency = true } = options;
  const tcpMetrics =
    options.tcpRate === 'total'
      ? ['istio_tcp_sent_bytes_total', 'istio_tcp_received_bytes_total']
      : [`istio_tcp_${options.tcpRate}_bytes_total`];
  return {
    requests: sumBy(REQUEST_LABELS, rateOf('istio_requests_total', namespaces, w)),
    tcp: tcpMetrics.map((metric) => sumBy(TCP_LABELS, rateOf(metric, namespaces, w))),
    durationBuckets: latency
      ? sumBy(
          [...EDGE_LABELS, 'request_protocol', 'le'],
          rateOf('istio_request_duration_milliseconds_bucket', namespaces, w),
        )
      : undefined,
    durationSum:
      latency && options.averageResponseTime
        ? sumBy(
            [...EDGE_LABELS, 'request_protocol'],
            rateOf('istio_request_duration_milliseconds_sum', namespaces, w),
          )
        : undefined,
    responseBytes: sumBy(
      [...EDGE_LABELS, 'request_protocol'],
      rateOf('istio_response_bytes_sum', namespaces, w),
    ),
  };
}
