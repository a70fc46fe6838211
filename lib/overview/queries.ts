import { matcher, range, selector } from '../promql/promql';

/** Labels that identify a destination workload in Istio metrics. */
export const WORKLOAD_LABELS = [
  'destination_workload_namespace',
  'destination_workload',
  'destination_app',
  'destination_version',
] as const;

/**
 * Inbound HTTP/gRPC request rate per destination workload and response code. Destination-
 * reported samples only: every request that reached a sidecar is counted once.
 */
export function inboundRequestsQuery(windowSeconds: number): string {
  const by = [...WORKLOAD_LABELS, 'response_code'].join(', ');
  return `sum by (${by}) (rate(istio_requests_total${selector([matcher('reporter', '=', 'destination')])}[${range(windowSeconds)}]))`;
}

/**
 * Inbound p95 response time per destination workload, ms (destination-reported, so what the
 * workload's own proxy measured).
 */
export function inboundP95Query(windowSeconds: number): string {
  const inbound = selector([matcher('reporter', '=', 'destination')]);
  return `histogram_quantile(0.95, sum by (destination_workload_namespace, destination_workload, le) (rate(istio_request_duration_milliseconds_bucket${inbound}[${range(windowSeconds)}])))`;
}

/**
 * Inbound TCP bytes per second (both directions) per destination workload. Each counter is
 * summed on its own before adding: `rate()` drops the metric name, so one `rate()` over both
 * names would yield duplicate label sets. Istio creates both counters together, so the
 * one-to-one `+` loses no workload.
 */
export function inboundTcpQuery(windowSeconds: number): string {
  const by = WORKLOAD_LABELS.join(', ');
  const inbound = selector([matcher('reporter', '=', 'destination')]);
  const sum = (metric: string): string =>
    `sum by (${by}) (rate(${metric}${inbound}[${range(windowSeconds)}]))`;
  return `${sum('istio_tcp_sent_bytes_total')} + ${sum('istio_tcp_received_bytes_total')}`;
}
