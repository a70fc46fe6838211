/**
 * The spans Istio's Envoy proxies would report for one simulated request: for every HTTP hop
 * a client span on the caller's proxy and a server span on the callee's, with the attributes
 * Envoy sets (`node_id`, `upstream_cluster`, `istio.*`, `http.*`, `component: proxy`,
 * `error: true` on failures). TCP hops are not traced, as with Envoy. In Istio ambient mode a
 * workload has no proxy of its own: a request into it is traced by its waypoint (one server
 * span naming both ends, `istio.source_*` and `istio.destination_*`), and a request from it
 * only by the proxy at the other end.
 */
import type { Attribute, Span } from '../../traces/model';
import { podIpOf, podNameOf } from '../kube/seed';
import type { DemoTopology, DemoWorkload } from '../topology';
import { requestReporters } from '../ambient';
import { grpcStatusOfHttp } from '../grpc';
import type { Hop } from '../traffic';
import { operationPathOf, requestPathOf } from '../request-path';

/** A sampled request as the recorder keeps it: compact, spans are made on demand. */
export interface RecordedTrace {
  traceId: string;
  /** Unix ms when the request entered the mesh. */
  startMs: number;
  hops: Hop[];
  /** Two span ids per hop (client, server), 16 hex digits each, in hop order. */
  spanIds: string[];
  requestId: string;
}

const MESH_ID = 'cluster.local';
const NETWORK_US = 400;
const failed = (code: number): boolean => code >= 500 || code === 0;

/** A gRPC call failed: an HTTP failure, or HTTP 200 with a status other than OK. */
const callFailed = (hop: Hop, code: number): boolean =>
  failed(code) || (code === 200 && (hop.grpc?.status ?? 0) !== 0);

/** The tracing service name Istio gives a proxy: `<canonical service>.<namespace>`. */
export const tracingServiceOf = (w: DemoWorkload): string => `${w.app}.${w.namespace}`;

const fqdn = (w: DemoWorkload): string => `${w.service}.${w.namespace}.svc.cluster.local`;

/** Istio's name for a cluster that was given none. */
const DEFAULT_CLUSTER = 'Kubernetes';

const str = (key: string, value: string): Attribute => ({ key, value, type: 'string' });

/** Span factory for one topology; workload lookups are precomputed. */
export function spanBuilder(topology: DemoTopology): (trace: RecordedTrace) => Span[] {
  const index = new Map(topology.workloads.map((w, i) => [w.name, i]));
  const byName = new Map(topology.workloads.map((w) => [w.name, w]));
  const ipOf = (w: DemoWorkload) => podIpOf(index.get(w.name) ?? 0);
  const proxyType = (w: DemoWorkload) =>
    w.isWaypoint ? 'waypoint' : w.name === topology.entry ? 'router' : 'sidecar';
  const nodeId = (w: DemoWorkload) =>
    `${proxyType(w)}~${ipOf(w)}~${podNameOf(w)}.${w.namespace}~${w.namespace}.svc.cluster.local`;
  const identity = (w: DemoWorkload): Attribute[] => [
    str('node_id', nodeId(w)),
    str('istio.canonical_service', w.app),
    str('istio.canonical_revision', w.version === 'unknown' ? 'latest' : w.version),
    str('istio.namespace', w.namespace),
    str('istio.mesh_id', MESH_ID),
    // The cluster the proxy runs in, as Istio names it (also in its metrics' `*_cluster`).
    str('istio.cluster_id', w.cluster ?? DEFAULT_CLUSTER),
    str('component', 'proxy'),
  ];
  const resource = (w: DemoWorkload): Attribute[] => [
    str('hostname', podNameOf(w)),
    str('ip', ipOf(w)),
  ];
  /** What a waypoint says of one end of the request it proxied. */
  const peer = (end: 'source' | 'destination', w: DemoWorkload): Attribute[] => [
    str(`istio.${end}_workload`, w.name),
    str(`istio.${end}_namespace`, w.namespace),
    str(`istio.${end}_canonical_service`, w.app),
    str(`istio.${end}_canonical_revision`, w.version === 'unknown' ? 'latest' : w.version),
    ...(end === 'destination' ? [str('istio.destination_instance_name', podNameOf(w))] : []),
  ];

  return (trace) => {
    const spans: Span[] = [];
    const emitted = new Set<string>();
    const startUs = Math.round(trace.startMs * 1000);
    /** The span a hop's first span continues: the nearest hop above it that was traced. */
    const parentSpanOf = (hop: Hop): string | undefined => {
      for (let p = hop.parent; p >= 0; p = trace.hops[p]?.parent ?? -1) {
        const id = trace.spanIds[2 * p + 1] as string;
        if (emitted.has(id)) return id;
      }
      return undefined;
    };
    trace.hops.forEach((hop, i) => {
      if (hop.protocol === 'tcp') return;
      const reporters = requestReporters(hop);
      const clientId = trace.spanIds[2 * (hop.clientHop ?? i)] as string;
      const serverId = trace.spanIds[2 * i + 1] as string;
      const parentHop = parentSpanOf(hop);
      const grpc = hop.protocol === 'grpc';
      // gRPC calls a method: POST /package.Service/Method over HTTP/2.
      const path = requestPathOf(hop, topology.entry);
      const operation = `${fqdn(hop.destination)}:${hop.destination.port}${operationPathOf(hop, topology.entry)}`;
      const http = (code: number, flags: string): Attribute[] => [
        str('http.method', grpc ? 'POST' : 'GET'),
        str(
          'http.url',
          `http://${hop.destination.service}.${hop.destination.namespace}:${hop.destination.port}${path}`,
        ),
        str('http.protocol', grpc ? 'HTTP/2' : 'HTTP/1.1'),
        str('http.status_code', String(code)),
        ...(grpc
          ? [
              str('rpc.system', 'grpc'),
              str(
                'grpc.status_code',
                String(code === 200 ? (hop.grpc?.status ?? 0) : grpcStatusOfHttp(code)),
              ),
            ]
          : []),
        str('response_flags', flags),
        str('request_size', String(hop.requestBytes)),
        str('response_size', String(hop.responseBytes)),
        str('guid:x-request-id', trace.requestId),
        str('user_agent', 'Mozilla/5.0 (meshlens demo)'),
        ...(callFailed(hop, code) ? [{ key: 'error', value: true, type: 'bool' as const }] : []),
      ];
      const clientStart = startUs + Math.round(hop.startMs * 1000);
      const common = {
        traceId: trace.traceId,
        operation,
        statusMessage: undefined,
        events: [],
        warnings: [],
      };
      const push = (span: Span) => {
        spans.push(span);
        emitted.add(span.spanId);
      };
      if (reporters.includes('source')) {
        push({
          ...common,
          spanId: clientId,
          parentSpanId: parentHop,
          references: parentHop
            ? [{ type: 'CHILD_OF', traceId: trace.traceId, spanId: parentHop }]
            : [],
          service: tracingServiceOf(hop.source),
          startUs: clientStart,
          durationUs: Math.round(hop.sourceDurationMs * 1000),
          kind: 'client',
          error: callFailed(hop, hop.responseCode),
          attributes: [
            ...identity(hop.source),
            str('upstream_cluster', `outbound|${hop.destination.port}||${fqdn(hop.destination)}`),
            ...(hop.destination.name === 'unknown'
              ? []
              : [str('peer.address', ipOf(hop.destination))]),
            ...http(hop.responseCode, hop.responseFlags),
          ],
          resource: resource(hop.source),
        });
      }
      const seen = hop.destinationResponse ?? {
        code: hop.responseCode,
        flags: hop.responseFlags,
      };
      // When the destination's proxy received it: after any delay its caller's proxy added.
      const serverStart =
        hop.serverStartMs !== undefined
          ? startUs + Math.round(hop.serverStartMs * 1000)
          : clientStart + Math.round(NETWORK_US / 2);
      const caller = reporters.includes('source') ? clientId : parentHop;
      const waypoint = hop.destination.waypoint ? byName.get(hop.destination.waypoint) : undefined;
      if (reporters.includes('waypoint') && waypoint) {
        push({
          ...common,
          spanId: serverId,
          parentSpanId: caller,
          references: caller ? [{ type: 'CHILD_OF', traceId: trace.traceId, spanId: caller }] : [],
          service: tracingServiceOf(waypoint),
          startUs: serverStart,
          durationUs: Math.round(hop.destinationDurationMs * 1000),
          kind: 'server',
          error: callFailed(hop, seen.code),
          attributes: [
            ...identity(waypoint),
            str(
              'upstream_cluster',
              `inbound-vip|${hop.destination.port}|http|${fqdn(hop.destination)}`,
            ),
            ...peer('source', hop.source),
            ...peer('destination', hop.destination),
            ...http(seen.code, seen.flags),
          ],
          resource: resource(waypoint),
        });
      }
      if (reporters.includes('destination')) {
        push({
          ...common,
          spanId: serverId,
          parentSpanId: caller,
          references: caller ? [{ type: 'CHILD_OF', traceId: trace.traceId, spanId: caller }] : [],
          service: tracingServiceOf(hop.destination),
          startUs: serverStart,
          durationUs: Math.round(hop.destinationDurationMs * 1000),
          kind: 'server',
          error: callFailed(hop, seen.code),
          attributes: [
            ...identity(hop.destination),
            str('upstream_cluster', `inbound|${hop.destination.port}||`),
            str('peer.address', ipOf(hop.source)),
            ...http(seen.code, seen.flags),
          ],
          resource: resource(hop.destination),
        });
      }
    });
    return spans;
  };
}
