/**
 * The PromQL Kiali sends to build one namespace's graph, to time it side by side with ours on
 * the same Prometheus. Read from kiali/kiali `graph/telemetry/istio/istio.go`
 * (`buildNamespaceTrafficMap`) and `graph/telemetry/istio/appender/{response_time,throughput,
 * security_policy}.go` at commit d733a096e (Apache-2.0), for a sidecar mesh, HTTP rate =
 * requests, TCP rate = sent: six traffic queries and six appender queries per namespace, each
 * wrapped in `round(…, 0.001)`. Kiali runs them one after another, namespace after namespace.
 */

const G13 = [
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
].join(',');
const G17 = `${G13},request_protocol,response_code,grpc_response_status,response_flags`;
const GTCP = `app,${G13},response_flags`;
const GRT = `le,${G13},request_protocol`;
const GSEC = [
  'source_cluster',
  'source_workload_namespace',
  'source_workload',
  'source_canonical_service',
  'source_canonical_revision',
  'source_principal',
  'destination_cluster',
  'destination_service_namespace',
  'destination_service_name',
  'destination_workload_namespace',
  'destination_workload',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_principal',
  'connection_security_policy',
].join(',');

/** Kiali's queries for one namespace (a validated Kubernetes name) over a window of seconds. */
export function kialiNamespaceQueries(
  namespace: string,
  windowSeconds: number,
): { traffic: string[]; appenders: string[] } {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))
    throw new RangeError(`not a namespace name: ${JSON.stringify(namespace)}`);
  const ns = namespace;
  const d = `${windowSeconds}s`;
  const svcRegex = `destination_service=~"^.+\\\\.${ns}\\\\..+$"`;
  const round = (q: string) => `round(${q}, 0.001)`;
  return {
    traffic: [
      `sum(rate(istio_requests_total{reporter="source",source_workload_namespace!="${ns}",destination_workload_namespace="unknown",destination_workload="unknown",${svcRegex}}[${d}])) by (${G17}) > 0`,
      `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="${ns}"}[${d}])) by (${G17}) > 0`,
      `sum(rate(istio_requests_total{reporter="source",source_workload_namespace="${ns}"}[${d}])) by (${G17}) > 0`,
      `sum(rate(istio_tcp_received_bytes_total{app!="ztunnel",reporter="source",source_workload_namespace!="${ns}",destination_workload_namespace="unknown",destination_workload="unknown",${svcRegex}}[${d}])) by (${GTCP}) > 0`,
      `sum(rate(istio_tcp_received_bytes_total{app!="ztunnel",reporter="destination",destination_workload_namespace="${ns}"}[${d}])) by (${GTCP}) > 0`,
      `sum(rate(istio_tcp_received_bytes_total{app!="ztunnel",reporter="source",source_workload_namespace="${ns}"}[${d}])) by (${GTCP}) > 0`,
    ].map(round),
    appenders: [
      `histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_namespace="${ns}"}[${d}])) by (${GRT})) > 0`,
      `histogram_quantile(0.95, sum(rate(istio_request_duration_milliseconds_bucket{reporter="source",source_workload_namespace="${ns}"}[${d}])) by (${GRT})) > 0`,
      `sum(rate(istio_response_bytes_sum{reporter="destination",source_workload_namespace!="${ns}",destination_service_namespace="${ns}"}[${d}])) by (${G13}) > 0`,
      `sum(rate(istio_response_bytes_sum{reporter="destination",source_workload_namespace="${ns}"}[${d}])) by (${G13}) > 0`,
      `(sum(rate(istio_requests_total{reporter="destination",source_workload_namespace!="${ns}",destination_service_namespace="${ns}"}[${d}])) by (${GSEC}) > 0) OR (sum(rate(istio_tcp_sent_bytes_total{app!="ztunnel",reporter="destination",source_workload_namespace!="${ns}",destination_service_namespace="${ns}"}[${d}])) by (${GSEC}) > 0)`,
      `(sum(rate(istio_requests_total{reporter="destination",source_workload_namespace="${ns}"}[${d}])) by (${GSEC}) > 0) OR (sum(rate(istio_tcp_sent_bytes_total{app!="ztunnel",reporter="destination",source_workload_namespace="${ns}"}[${d}])) by (${GSEC}) > 0)`,
    ].map(round),
  };
}
