import { Counter, Histogram, Registry } from 'prom-client';
import type { Hop } from './traffic';
import type { DemoWorkload } from './topology';

/**
 * Istio's standard metrics, recorded the way Envoy sidecars report them: every hop twice,
 * once by the client-side proxy (`reporter="source"`) and once by the server-side proxy
 * (`reporter="destination"`), with the full standard label set.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */

/** Istio's default buckets for `istio_request_duration_milliseconds`. */
export const ISTIO_DURATION_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
  1800000, 3600000,
];

/** Istio's buckets for request and response sizes. */
export const ISTIO_SIZE_BUCKETS_BYTES = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000];

const PEER_LABELS = [
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'source_app',
  'source_version',
  'source_canonical_service',
  'source_canonical_revision',
  'source_cluster',
  'destination_workload',
  'destination_workload_namespace',
  'destination_principal',
  'destination_app',
  'destination_version',
  'destination_service',
  'destination_service_name',
  'destination_service_namespace',
  'destination_canonical_service',
  'destination_canonical_revision',
  'destination_cluster',
] as const;

const HTTP_LABELS = [
  'reporter',
  ...PEER_LABELS,
  'request_protocol',
  'response_code',
  'grpc_response_status',
  'response_flags',
  'connection_security_policy',
] as const;

const TCP_LABELS = [
  'reporter',
  ...PEER_LABELS,
  'request_protocol',
  'response_flags',
  'connection_security_policy',
] as const;

type HttpLabel = (typeof HTTP_LABELS)[number];
type TcpLabel = (typeof TCP_LABELS)[number];

export type Reporter = 'source' | 'destination';

const CLUSTER = 'Kubernetes';
const TRUST_DOMAIN = 'cluster.local';

const principal = (w: DemoWorkload): string =>
  w.name === 'unknown'
    ? 'unknown'
    : `spiffe://${TRUST_DOMAIN}/ns/${w.namespace}/sa/${w.serviceAccount}`;

/** Labels shared by every metric for a hop seen by `reporter`. */
export function peerLabels(
  hop: Hop,
  reporter: Reporter,
): Record<(typeof PEER_LABELS)[number] | 'reporter', string> {
  const { source: s, destination: d } = hop;
  return {
    reporter,
    source_workload: s.name,
    source_workload_namespace: s.namespace,
    source_principal: principal(s),
    source_app: s.app,
    source_version: s.version,
    source_canonical_service: s.app,
    source_canonical_revision: s.version === 'unknown' ? 'latest' : s.version,
    source_cluster: CLUSTER,
    destination_workload: d.name,
    destination_workload_namespace: d.namespace,
    destination_principal: principal(d),
    destination_app: d.app,
    destination_version: d.version,
    // Envoy sends a mirrored copy with `-shadow` appended to the host; Istio reports that host.
    destination_service: `${d.service}.${d.namespace}.svc.cluster.local${hop.mirrored ? '-shadow' : ''}`,
    destination_service_name: d.service,
    destination_service_namespace: d.namespace,
    destination_canonical_service: d.app,
    destination_canonical_revision: d.version,
    destination_cluster: CLUSTER,
  };
}

/**
 * mTLS is visible only to the server-side proxy, so Istio reports `mutual_tls` on destination
 * reports and `unknown` on source reports.
 */
const securityPolicy = (reporter: Reporter): string =>
  reporter === 'destination' ? 'mutual_tls' : 'unknown';

/** The Istio metrics of one simulated mesh, in a registry of their own. */
export class IstioMetrics {
  readonly registry = new Registry();

  private readonly requests = new Counter<HttpLabel>({
    name: 'istio_requests_total',
    help: 'Total number of requests handled by an Istio proxy',
    labelNames: HTTP_LABELS,
    registers: [this.registry],
  });

  private readonly duration = new Histogram<HttpLabel>({
    name: 'istio_request_duration_milliseconds',
    help: 'Duration of requests handled by an Istio proxy',
    labelNames: HTTP_LABELS,
    buckets: ISTIO_DURATION_BUCKETS_MS,
    registers: [this.registry],
  });

  private readonly requestBytes = new Histogram<HttpLabel>({
    name: 'istio_request_bytes',
    help: 'Size of HTTP request bodies handled by an Istio proxy',
    labelNames: HTTP_LABELS,
    buckets: ISTIO_SIZE_BUCKETS_BYTES,
    registers: [this.registry],
  });

  private readonly responseBytes = new Histogram<HttpLabel>({
    name: 'istio_response_bytes',
    help: 'Size of HTTP response bodies handled by an Istio proxy',
    labelNames: HTTP_LABELS,
    buckets: ISTIO_SIZE_BUCKETS_BYTES,
    registers: [this.registry],
  });

  private readonly tcpSent = new Counter<TcpLabel>({
    name: 'istio_tcp_sent_bytes_total',
    help: 'Total bytes sent during response in a TCP connection',
    labelNames: TCP_LABELS,
    registers: [this.registry],
  });

  private readonly tcpReceived = new Counter<TcpLabel>({
    name: 'istio_tcp_received_bytes_total',
    help: 'Total bytes received during request in a TCP connection',
    labelNames: TCP_LABELS,
    registers: [this.registry],
  });

  private readonly tcpOpened = new Counter<TcpLabel>({
    name: 'istio_tcp_connections_opened_total',
    help: 'Total TCP connections opened',
    labelNames: TCP_LABELS,
    registers: [this.registry],
  });

  private readonly tcpClosed = new Counter<TcpLabel>({
    name: 'istio_tcp_connections_closed_total',
    help: 'Total TCP connections closed',
    labelNames: TCP_LABELS,
    registers: [this.registry],
  });

  /** Records one hop as the proxies that saw it would (both, unless the hop says otherwise). */
  record(hop: Hop): void {
    for (const reporter of hop.reporters ?? (['source', 'destination'] as const)) {
      const seen =
        reporter === 'destination' && hop.destinationResponse
          ? hop.destinationResponse
          : { code: hop.responseCode, flags: hop.responseFlags };
      const base = {
        ...peerLabels(hop, reporter),
        request_protocol: hop.protocol,
        response_flags: seen.flags,
        connection_security_policy: securityPolicy(reporter),
      };
      if (hop.protocol === 'tcp') {
        this.tcpOpened.inc(base);
        this.tcpReceived.inc(base, hop.requestBytes);
        this.tcpSent.inc(base, hop.responseBytes);
        this.tcpClosed.inc(base);
        continue;
      }
      const labels = { ...base, response_code: String(seen.code), grpc_response_status: '' };
      const ms = reporter === 'source' ? hop.sourceDurationMs : hop.destinationDurationMs;
      this.requests.inc(labels);
      this.duration.observe(labels, ms);
      this.requestBytes.observe(labels, hop.requestBytes);
      this.responseBytes.observe(labels, hop.responseBytes);
    }
  }

  /** Prometheus text exposition of every recorded series. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
