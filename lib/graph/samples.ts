import type { Protocol } from '../contracts/graph';
import type { VectorSample } from '../promql/types';

/** One end of a traffic sample, from Istio's `source_*` or `destination_*` labels. */
export interface Peer {
  cluster: string;
  namespace: string;
  workload: string;
  /** Canonical service (the `app` label); empty when unknown. */
  app: string;
  /** Canonical revision (the `version` label); empty when unknown. */
  version: string;
}

/** One aggregated Istio sample: a rate between two peers, as one proxy reported it. */
export interface TrafficSample {
  /**
   * Who reported it: the caller's proxy, the destination's, or (Istio ambient) the waypoint
   * proxy in front of the destination, which reports on its side.
   */
  reporter: 'source' | 'destination' | 'waypoint';
  source: Peer;
  destination: Peer & {
    /** Service namespace and name; name empty when the request named no service. */
    serviceNamespace: string;
    service: string;
    /** The host as Istio reported it, e.g. `reviews.bookinfo.svc.cluster.local` or `reviews:9080`. */
    serviceHost: string;
  };
  /** A mirrored copy (Envoy's `-shadow` host): load on the destination, not a caller's request. */
  mirrored: boolean;
  protocol: Protocol;
  /** HTTP status or gRPC status; `-` when there was no response (Istio's code `0`). */
  code: string;
  flags: string;
  /** `mutual_tls`, `none` or `unknown` (source reports cannot see mTLS). */
  security: string;
  /** Requests/s, or bytes/s for TCP. */
  rate: number;
}

/**
 * Envoy mirrors a request with `-shadow` appended to its host (`reviews-shadow:9080`, or
 * `reviews.bookinfo.svc.cluster.local-shadow` for a host without port), and the destination's
 * proxy reports that host.
 */
export const isShadowHost = (host: string): boolean =>
  /-shadow(:\d+)?$|^[^.:]+-shadow[.:]/.test(host);

/** Istio's placeholder for a peer it could not identify. */
export const UNKNOWN = 'unknown';

const known = (value: string | undefined): string => (value && value !== UNKNOWN ? value : '');

function protocolOf(labels: Readonly<Record<string, string>>, tcp: boolean): Protocol {
  if (tcp) return 'tcp';
  return labels.request_protocol === 'grpc' ? 'grpc' : 'http';
}

/** HTTP: `0` means no response, shown as `-`. gRPC: `0` is OK; a missing status is `-`. */
export function codeOf(labels: Readonly<Record<string, string>>, protocol: Protocol): string {
  if (protocol === 'tcp') return '-';
  if (protocol === 'grpc') return labels.grpc_response_status || '-';
  const code = labels.response_code ?? '';
  return code === '' || code === '0' ? '-' : code;
}

/** One Prometheus sample of Istio's request or TCP metrics as a {@link TrafficSample}. */
export function toTrafficSample(
  l: Readonly<Record<string, string>>,
  value: number,
  kind: 'requests' | 'tcp',
): TrafficSample {
  const protocol = protocolOf(l, kind === 'tcp');
  return {
    reporter: l.reporter === 'source' || l.reporter === 'waypoint' ? l.reporter : 'destination',
    source: {
      cluster: known(l.source_cluster),
      namespace: l.source_workload_namespace ?? UNKNOWN,
      workload: l.source_workload ?? UNKNOWN,
      app: known(l.source_canonical_service),
      version: known(l.source_canonical_revision),
    },
    destination: {
      cluster: known(l.destination_cluster),
      namespace: l.destination_workload_namespace ?? UNKNOWN,
      workload: l.destination_workload ?? UNKNOWN,
      app: known(l.destination_canonical_service),
      version: known(l.destination_canonical_revision),
      serviceNamespace: l.destination_service_namespace ?? UNKNOWN,
      service: l.destination_service_name ?? '',
      serviceHost: l.destination_service ?? '',
    },
    mirrored: isShadowHost(l.destination_service ?? ''),
    protocol,
    code: codeOf(l, protocol),
    flags: l.response_flags ?? '-',
    security: l.connection_security_policy ?? UNKNOWN,
    rate: value,
  };
}

/**
 * Maps Prometheus samples of Istio's request or TCP metrics to {@link TrafficSample}s. Samples
 * without a finite positive rate carry no traffic and are dropped, except with `keepZero`: an
 * empty histogram bucket still bounds the next one (without it a quantile in 5–10 s would be
 * interpolated from 0).
 */
export function toTrafficSamples(
  samples: readonly VectorSample[],
  kind: 'requests' | 'tcp',
  options: { keepZero?: boolean } = {},
): TrafficSample[] {
  const out: TrafficSample[] = [];
  for (const { labels, value } of samples) {
    if (!Number.isFinite(value) || value < 0 || (value === 0 && !options.keepZero)) continue;
    out.push(toTrafficSample(labels, value, kind));
  }
  return out;
}

/**
 * Whether a sample counts, so that each request is counted once. Traffic into the selected
 * namespaces is counted where it arrived (destination reports: they also see callers without
 * a sidecar); source reports count only for destinations outside the selection or requests
 * that never reached a sidecar (`destination_workload="unknown"`, e.g. 404 NR).
 */
export function isCounted(sample: TrafficSample, namespaces: ReadonlySet<string>): boolean {
  const intoSelection = namespaces.has(sample.destination.namespace);
  if (sample.reporter === 'destination') return intoSelection;
  // A waypoint is the only L7 witness of a request from an ambient workload: it counts wherever
  // it leads. (The query leaves out a caller's report of a request a waypoint also reported.)
  if (sample.reporter === 'waypoint')
    return intoSelection || namespaces.has(sample.source.namespace);
  return !intoSelection || sample.destination.workload === UNKNOWN;
}

/** The samples that {@link isCounted}: each request once. */
export function dedupeReporters(
  samples: readonly TrafficSample[],
  namespaces: ReadonlySet<string>,
): TrafficSample[] {
  return samples.filter((s) => isCounted(s, namespaces));
}
