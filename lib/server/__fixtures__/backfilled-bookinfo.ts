import type { CounterSeries } from '../../../scripts/lib/openmetrics';

/**
 * Istio's series for a small Bookinfo, with constant, known rates: what the graph tests
 * backfill into a real Prometheus (and VictoriaMetrics), so every figure they assert follows
 * from these definitions.
 */
export const START = 1_699_999_200;
export const AT = START + 1800;

/** A workload as Istio's labels name it. */
export type Peer = { ns: string; wl: string; app: string; version: string };
const gateway: Peer = {
  ns: 'istio-system',
  wl: 'istio-ingressgateway',
  app: 'istio-ingressgateway',
  version: 'latest',
};
const productpage: Peer = {
  ns: 'bookinfo',
  wl: 'productpage-v1',
  app: 'productpage',
  version: 'v1',
};
const reviews1: Peer = { ns: 'bookinfo', wl: 'reviews-v1', app: 'reviews', version: 'v1' };
const reviews2: Peer = { ns: 'bookinfo', wl: 'reviews-v2', app: 'reviews', version: 'v2' };
const ratings: Peer = { ns: 'bookinfo', wl: 'ratings-v1', app: 'ratings', version: 'v1' };
const mongodb: Peer = { ns: 'bookinfo', wl: 'mongodb-v1', app: 'mongodb', version: 'v1' };

/** Istio's labels of one edge as `reporter` reports it (mTLS seen on the destination's side). */
export function edgeLabels(
  reporter: string,
  s: Peer,
  d: Peer,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    reporter,
    source_workload_namespace: s.ns,
    source_workload: s.wl,
    source_canonical_service: s.app,
    source_canonical_revision: s.version,
    destination_workload_namespace: d.ns,
    destination_workload: d.wl,
    destination_canonical_service: d.app,
    destination_canonical_revision: d.version,
    destination_service_namespace: d.ns,
    destination_service_name: d.app,
    destination_service: `${d.app}.${d.ns}.svc.cluster.local`,
    request_protocol: 'http',
    response_flags: '-',
    connection_security_policy: reporter === 'source' ? 'unknown' : 'mutual_tls',
    source_principal: `spiffe://cluster.local/ns/${s.ns}/sa/${s.app}`,
    destination_principal: `spiffe://cluster.local/ns/${d.ns}/sa/${d.app}`,
    ...extra,
  };
}

const requests = (labels: Record<string, string>, code: string, rate: number): CounterSeries => ({
  name: 'istio_requests_total',
  labels: { ...labels, response_code: code },
  ratePerSecond: rate,
});

/** Cumulative duration buckets for an edge: `counts` requests/s at or below each bound. */
const buckets = (labels: Record<string, string>, counts: [string, number][]): CounterSeries[] =>
  counts.map(([le, rate]) => ({
    name: 'istio_request_duration_milliseconds_bucket',
    labels: { ...labels, response_code: '200', le },
    ratePerSecond: rate,
  }));

const pp1 = edgeLabels('destination', productpage, reviews1);
const checkout: Peer = { ns: 'payments', wl: 'checkout-v1', app: 'checkout', version: 'v1' };
const ledger: Peer = { ns: 'payments', wl: 'ledger-v1', app: 'ledger', version: 'v1' };
/** A gRPC stream in its own namespace, so the Bookinfo graphs stay as they are. */
const grpcLabels = (status: string): Record<string, string> => ({
  ...edgeLabels('destination', checkout, ledger, { request_protocol: 'grpc' }),
  response_code: '200',
  grpc_response_status: status,
});

export const SERIES: CounterSeries[] = [
  // checkout → ledger over gRPC: 10 calls/s, 2 of them UNAVAILABLE (20 %); one message in per
  // call, four back per successful call.
  { name: 'istio_requests_total', labels: grpcLabels('0'), ratePerSecond: 8 },
  { name: 'istio_requests_total', labels: grpcLabels('14'), ratePerSecond: 2 },
  { name: 'istio_request_messages_total', labels: grpcLabels('0'), ratePerSecond: 8 },
  { name: 'istio_request_messages_total', labels: grpcLabels('14'), ratePerSecond: 2 },
  { name: 'istio_response_messages_total', labels: grpcLabels('0'), ratePerSecond: 32 },
  { name: 'istio_response_messages_total', labels: grpcLabels('14'), ratePerSecond: 0 },
  requests(edgeLabels('destination', gateway, productpage), '200', 10),
  requests(edgeLabels('source', gateway, productpage), '200', 10), // duplicate: must not count
  requests(pp1, '200', 4),
  requests(pp1, '503', 1),
  requests(edgeLabels('source', productpage, reviews1), '200', 5), // duplicate: must not count
  requests(edgeLabels('destination', productpage, reviews2), '200', 3),
  requests(
    edgeLabels('destination', productpage, reviews2, { connection_security_policy: 'none' }),
    '200',
    2,
  ),
  requests(edgeLabels('destination', reviews2, ratings), '200', 5),
  // p95 of productpage → reviews-v1: rank 4.75 of 5 lies in (10, 25], 2.5 below it: 10 + 15 × 2.25/2.5 = 23.5 ms
  ...buckets(pp1, [
    ['5', 0],
    ['10', 2.5],
    ['25', 5],
    ['+Inf', 5],
  ]),
  // mean of productpage → reviews-v1: 60 ms/s over 5 req/s = 12 ms
  {
    name: 'istio_request_duration_milliseconds_sum',
    labels: { ...pp1, response_code: '200' },
    ratePerSecond: 60,
  },
  {
    name: 'istio_response_bytes_sum',
    labels: { ...pp1, response_code: '200' },
    ratePerSecond: 2000,
  },
  {
    name: 'istio_tcp_sent_bytes_total',
    labels: edgeLabels('destination', ratings, mongodb, { request_protocol: 'tcp' }),
    ratePerSecond: 1000,
  },
];
