import { matcher, range, selector } from '../promql/promql';

/** Labels that identify a destination workload in Istio metrics. */
export const WORKLOAD_LABELS = [
  'destination_workload_namespace',
  'destination_workload',
  'destination_app',
  'destination_version',
] as const;

/**
 * Requests as the destination's side saw them: its sidecar, or for an Istio ambient workload
 * its waypoint (a workload has one or the other, so each request counts once).
 */
const INBOUND = matcher('reporter', '=~', 'destination|waypoint');

/**
 * Inbound HTTP/gRPC request rate per destination workload and response code. Destination-
 * (or waypoint-) reported samples only: every request that reached the workload counts once.
 */
export function inboundRequestsQuery(windowSeconds: number): string {
  const by = [...WORKLOAD_LABELS, 'response_code'].join(', ');
  return `sum by (${by}) (rate(istio_requests_total${selector([INBOUND])}[${range(windowSeconds)}]))`;
}

/**
 * Inbound p95 response time per destination workload, ms (destination- or waypoint-reported:
 * what the proxy in front of the workload measured).
 */
export function inboundP95Query(windowSeconds: number): string {
  const inbound = selector([INBOUND]);
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

/** The labels that identify a destination Service in Istio metrics. */
const SERVICE_LABELS = ['destination_service_namespace', 'destination_service_name'] as const;

/** Inbound HTTP/gRPC request rate per destination Service and response code. */
export function serviceRequestsQuery(windowSeconds: number): string {
  const by = [...SERVICE_LABELS, 'response_code'].join(', ');
  return `sum by (${by}) (rate(istio_requests_total${selector([INBOUND])}[${range(windowSeconds)}]))`;
}

/** Inbound p95 response time per destination Service, ms. */
export function serviceP95Query(windowSeconds: number): string {
  const by = [...SERVICE_LABELS, 'le'].join(', ');
  return `histogram_quantile(0.95, sum by (${by}) (rate(istio_request_duration_milliseconds_bucket${selector([INBOUND])}[${range(windowSeconds)}])))`;
}
