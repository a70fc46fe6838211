import type { Hop, Reporter } from './traffic';
import { requestReporters, ztunnelLegs } from './ambient';
import { grpcStatusOfHttp } from './grpc';
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

/** The labels naming both ends of a hop, as every Istio metric carries them. */
type PeerLabel =
  | 'source_workload'
  | 'source_workload_namespace'
  | 'source_principal'
  | 'source_app'
  | 'source_version'
  | 'source_canonical_service'
  | 'source_canonical_revision'
  | 'source_cluster'
  | 'destination_workload'
  | 'destination_workload_namespace'
  | 'destination_principal'
  | 'destination_app'
  | 'destination_version'
  | 'destination_service'
  | 'destination_service_name'
  | 'destination_service_namespace'
  | 'destination_canonical_service'
  | 'destination_canonical_revision'
  | 'destination_cluster';

const CLUSTER = 'Kubernetes';
const TRUST_DOMAIN = 'cluster.local';

const principal = (w: DemoWorkload): string =>
  w.name === 'unknown'
    ? 'unknown'
    : `spiffe://${TRUST_DOMAIN}/ns/${w.namespace}/sa/${w.serviceAccount}`;

/** Labels shared by every metric for a hop seen by `reporter`. */
export function peerLabels(hop: Hop, reporter: Reporter): Record<PeerLabel | 'reporter', string> {
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
    source_cluster: s.cluster ?? CLUSTER,
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
    destination_cluster: d.cluster ?? CLUSTER,
  };
}

/**
 * mTLS is visible only to the server-side proxy, so Istio reports `mutual_tls` on destination
 * reports and `unknown` on source reports.
 */
const securityPolicy = (reporter: Reporter): string =>
  reporter === 'source' ? 'unknown' : 'mutual_tls';

/** The namespace whose proxy reports: the caller's for `source`, else the destination's. */
const reportedBy = (hop: Hop, reporter: Reporter): string =>
  reporter === 'source' ? hop.source.namespace : hop.destination.namespace;

/** One HTTP label set: the counters of every HTTP metric Istio reports with it. */
interface HttpSeries {
  /** `a="b",c="d"`: rendered once, when the series first appears. */
  labels: string;
  requests: number;
  duration: Float64Array;
  durationSum: number;
  requestBytes: Float64Array;
  requestBytesSum: number;
  responseBytes: Float64Array;
  responseBytesSum: number;
  /** gRPC only: messages each way (`istio_request_messages_total`, `…response…`). */
  messages?: { request: number; response: number };
}

interface TcpSeries {
  labels: string;
  opened: number;
  closed: number;
  sent: number;
  received: number;
}

/** The series reported by the proxies of one namespace (one scrape target's worth). */
interface Shard {
  http: Map<string, HttpSeries>;
  tcp: Map<string, TcpSeries>;
}

const escapeLabel = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const render = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
    .join(',');

/** Adds one observation to cumulative-by-render buckets (stored per bucket, summed on output). */
function observe(buckets: Float64Array, bounds: readonly number[], value: number): void {
  let i = 0;
  while (i < bounds.length && value > (bounds[i] as number)) i += 1;
  buckets[i] = (buckets[i] as number) + 1;
}

const HELP: Record<string, [string, string]> = {
  istio_requests_total: ['counter', 'Total number of requests handled by an Istio proxy'],
  istio_request_duration_milliseconds: [
    'histogram',
    'Duration of requests handled by an Istio proxy',
  ],
  istio_request_bytes: ['histogram', 'Size of HTTP request bodies handled by an Istio proxy'],
  istio_response_bytes: ['histogram', 'Size of HTTP response bodies handled by an Istio proxy'],
  istio_tcp_sent_bytes_total: ['counter', 'Total bytes sent during response in a TCP connection'],
  istio_tcp_received_bytes_total: [
    'counter',
    'Total bytes received during request in a TCP connection',
  ],
  istio_tcp_connections_opened_total: ['counter', 'Total TCP connections opened'],
  istio_tcp_connections_closed_total: ['counter', 'Total TCP connections closed'],
  istio_request_messages_total: ['counter', 'Total number of gRPC messages sent from a client'],
  istio_response_messages_total: ['counter', 'Total number of gRPC messages sent from a server'],
};

/**
 * The Istio metrics of one simulated mesh. A mesh of a thousand services has some 20,000 HTTP
 * label sets, each with three histograms: they are kept as plain numbers per label set (the
 * labels rendered once), grouped by the namespace of the proxy that reports them so that each
 * namespace can be scraped as its own target, as a real mesh's pods are.
 */
export class IstioMetrics {
  private readonly shards = new Map<string, Shard>();
  /** Rendered peer labels per (hop ends, reporter): most hops repeat a few hundred pairs. */
  private readonly peers = new Map<string, string>();

  /** Records one hop as the proxies that saw it would (both, unless the hop says otherwise). */
  record(hop: Hop): void {
    for (const leg of ztunnelLegs(hop)) this.recordTcp(leg, 'destination', 'app="ztunnel",');
    for (const reporter of requestReporters(hop)) {
      const seen =
        reporter !== 'source' && hop.destinationResponse
          ? hop.destinationResponse
          : { code: hop.responseCode, flags: hop.responseFlags };
      if (hop.protocol === 'tcp') {
        this.recordTcp(
          seen.flags === hop.responseFlags ? hop : { ...hop, responseFlags: seen.flags },
          reporter,
        );
        continue;
      }
      const shard = this.shardOf(reportedBy(hop, reporter));
      const peer = this.peerText(hop, reporter);
      const tail = `request_protocol="${hop.protocol}",response_flags="${escapeLabel(seen.flags)}",connection_security_policy="${securityPolicy(reporter)}"`;
      const grpcStatus =
        hop.protocol === 'grpc'
          ? String(seen.code === 200 ? (hop.grpc?.status ?? 0) : grpcStatusOfHttp(seen.code))
          : '';
      const key = `${peer},${tail},response_code="${seen.code}",grpc_response_status="${grpcStatus}"`;
      let series = shard.http.get(key);
      if (!series) {
        series = {
          labels: key,
          requests: 0,
          duration: new Float64Array(ISTIO_DURATION_BUCKETS_MS.length + 1),
          durationSum: 0,
          requestBytes: new Float64Array(ISTIO_SIZE_BUCKETS_BYTES.length + 1),
          requestBytesSum: 0,
          responseBytes: new Float64Array(ISTIO_SIZE_BUCKETS_BYTES.length + 1),
          responseBytesSum: 0,
          ...(hop.protocol === 'grpc' ? { messages: { request: 0, response: 0 } } : {}),
        };
        shard.http.set(key, series);
      }
      if (series.messages) {
        series.messages.request += hop.grpc?.requestMessages ?? 1;
        series.messages.response += hop.grpc?.responseMessages ?? 0;
      }
      const ms = reporter === 'source' ? hop.sourceDurationMs : hop.destinationDurationMs;
      series.requests += 1;
      observe(series.duration, ISTIO_DURATION_BUCKETS_MS, ms);
      series.durationSum += ms;
      observe(series.requestBytes, ISTIO_SIZE_BUCKETS_BYTES, hop.requestBytes);
      series.requestBytesSum += hop.requestBytes;
      observe(series.responseBytes, ISTIO_SIZE_BUCKETS_BYTES, hop.responseBytes);
      series.responseBytesSum += hop.responseBytes;
    }
  }

  /** One TCP connection as `reporter` saw it; `extra` labels go first (ztunnel's `app`). */
  private recordTcp(hop: Hop, reporter: Reporter, extra = ''): void {
    const shard = this.shardOf(reportedBy(hop, reporter));
    const key = `${extra}${this.peerText(hop, reporter)},request_protocol="tcp",response_flags="${escapeLabel(hop.responseFlags)}",connection_security_policy="${securityPolicy(reporter)}"`;
    let series = shard.tcp.get(key);
    if (!series) {
      series = { labels: key, opened: 0, closed: 0, sent: 0, received: 0 };
      shard.tcp.set(key, series);
    }
    series.opened += 1;
    series.closed += 1;
    series.received += hop.requestBytes;
    series.sent += hop.responseBytes;
  }

  /**
   * Prometheus text exposition of the series reported in `namespace` (every series when
   * undefined), written in pieces to `write` so a large mesh never becomes one huge string.
   */
  exposeTo(write: (chunk: string) => void, namespace?: string): void {
    const shards =
      namespace === undefined
        ? [...this.shards.values()]
        : [this.shards.get(namespace)].filter((s): s is Shard => s !== undefined);
    const http = shards.flatMap((s) => [...s.http.values()]);
    const tcp = shards.flatMap((s) => [...s.tcp.values()]);
    // Lines go out in pieces of a few thousand, as they are made.
    let pending: string[] = [];
    const line = (text: string): void => {
      pending.push(text);
      if (pending.length >= 4096) flush();
    };
    const flush = (): void => {
      if (pending.length > 0) write(`${pending.join('\n')}\n`);
      pending = [];
    };
    const family = (name: string, lines: (out: (text: string) => void) => void): void => {
      const [type, help] = HELP[name] as [string, string];
      line(`# HELP ${name} ${help}`);
      line(`# TYPE ${name} ${type}`);
      lines(line);
    };
    family('istio_requests_total', (out) => {
      for (const s of http) out(`istio_requests_total{${s.labels}} ${s.requests}`);
    });
    const histogram = (
      name: string,
      bounds: readonly number[],
      pick: (s: HttpSeries) => [Float64Array, number],
    ): void =>
      family(name, (out) => {
        for (const s of http) {
          const [buckets, sum] = pick(s);
          let cumulative = 0;
          bounds.forEach((bound, i) => {
            cumulative += buckets[i] as number;
            out(`${name}_bucket{${s.labels},le="${bound}"} ${cumulative}`);
          });
          cumulative += buckets[bounds.length] as number;
          out(`${name}_bucket{${s.labels},le="+Inf"} ${cumulative}`);
          out(`${name}_sum{${s.labels}} ${sum}`);
          out(`${name}_count{${s.labels}} ${cumulative}`);
        }
      });
    histogram('istio_request_duration_milliseconds', ISTIO_DURATION_BUCKETS_MS, (s) => [
      s.duration,
      s.durationSum,
    ]);
    histogram('istio_request_bytes', ISTIO_SIZE_BUCKETS_BYTES, (s) => [
      s.requestBytes,
      s.requestBytesSum,
    ]);
    histogram('istio_response_bytes', ISTIO_SIZE_BUCKETS_BYTES, (s) => [
      s.responseBytes,
      s.responseBytesSum,
    ]);
    const grpc = http.filter((s) => s.messages);
    if (grpc.length > 0) {
      family('istio_request_messages_total', (out) => {
        for (const s of grpc)
          out(`istio_request_messages_total{${s.labels}} ${s.messages?.request}`);
      });
      family('istio_response_messages_total', (out) => {
        for (const s of grpc)
          out(`istio_response_messages_total{${s.labels}} ${s.messages?.response}`);
      });
    }
    const counter = (name: string, value: (s: TcpSeries) => number): void =>
      family(name, (out) => {
        for (const s of tcp) out(`${name}{${s.labels}} ${value(s)}`);
      });
    counter('istio_tcp_sent_bytes_total', (s) => s.sent);
    counter('istio_tcp_received_bytes_total', (s) => s.received);
    counter('istio_tcp_connections_opened_total', (s) => s.opened);
    counter('istio_tcp_connections_closed_total', (s) => s.closed);
    flush();
  }

  /** The whole exposition as one string (tests, small meshes). */
  async expose(namespace?: string): Promise<{ contentType: string; body: string }> {
    const chunks: string[] = [];
    this.exposeTo((chunk) => chunks.push(chunk), namespace);
    return { contentType: EXPOSITION_CONTENT_TYPE, body: chunks.join('') };
  }

  private shardOf(namespace: string): Shard {
    let shard = this.shards.get(namespace);
    if (!shard) {
      shard = { http: new Map(), tcp: new Map() };
      this.shards.set(namespace, shard);
    }
    return shard;
  }

  private peerText(hop: Hop, reporter: Reporter): string {
    const { source: s, destination: d } = hop;
    const key = `${reporter} ${s.namespace}/${s.name} ${d.namespace}/${d.service}/${d.name}${hop.mirrored ? ' shadow' : ''}`;
    let text = this.peers.get(key);
    if (text === undefined) {
      text = render(peerLabels(hop, reporter));
      this.peers.set(key, text);
    }
    return text;
  }
}

/** The text exposition format, version 0.0.4. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
