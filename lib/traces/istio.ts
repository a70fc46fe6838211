/**
 * What Istio's Envoy proxies put on spans, read back into mesh entities: which workload,
 * app, version and namespace a span came from, and which service a client span called. This
 * is how a trace is found for a graph node and lit up on the graph.
 * @see https://istio.io/latest/docs/tasks/observability/distributed-tracing/overview/
 */
import { attribute, type Span, type Trace } from './model';

/** A mesh entity as far as a span can tell. */
export interface MeshEntity {
  /** The cluster its proxy runs in (`istio.cluster_id`), when the span says. */
  cluster?: string;
  namespace: string;
  workload?: string;
  app?: string;
  version?: string;
  /** The service through which this entity was reached in the trace, when known. */
  service?: string;
}

/** One proxied call in a trace: who called, whom, and through which service. */
export interface TraceHop {
  source: MeshEntity;
  /** Undefined when no server span answered (a failed call, or an untraced destination). */
  destination: MeshEntity | undefined;
  service: { namespace: string; name: string } | undefined;
  spanId: string;
  error: boolean;
}

export interface ProxyNode {
  type: string;
  ip: string;
  pod: string;
  namespace: string;
}

/** Envoy's `node_id`: `sidecar~10.244.0.25~productpage-v1-6f89b6c557-sg2bc.bookinfo~bookinfo.svc.cluster.local`. */
export function parseNodeId(nodeId: string): ProxyNode | undefined {
  const [type, ip, podAndNamespace] = nodeId.split('~');
  if (!type || !ip || !podAndNamespace) return undefined;
  const dot = podAndNamespace.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return {
    type,
    ip,
    pod: podAndNamespace.slice(0, dot),
    namespace: podAndNamespace.slice(dot + 1),
  };
}

/** Kubernetes' generated-name alphabet (`rand.SafeEncodeString`): no vowels, no 0, 1, 3. */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

/**
 * The workload a pod belongs to, from its generated name: Deployment pods are
 * `<name>-<template hash>-<5 chars>`, DaemonSet and Job pods `<name>-<5 chars>`, StatefulSet
 * pods `<name>-<ordinal>`. The suffixes use Kubernetes' vowel-free alphabet, so
 * `node-exporter-x7k2p` is `node-exporter`, not `node`. A name without a suffix is returned as is.
 */
export function workloadOfPod(pod: string): string {
  const deployment = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`).exec(pod);
  if (deployment?.[1]) return deployment[1];
  const generated = new RegExp(`^(.+)-(?:${SAFE}{5}|\\d+)$`).exec(pod);
  return generated?.[1] ?? pod;
}

/**
 * The service an Envoy cluster leads to: `outbound|9080||reviews.bookinfo.svc.cluster.local`
 * (a sidecar calling out) or `inbound-vip|9080|http|reviews.bookinfo.svc.cluster.local` (an
 * ambient waypoint taking requests for the service) → reviews in bookinfo.
 */
export function parseUpstreamCluster(
  cluster: string,
): { namespace: string; name: string } | undefined {
  const [direction, , , host] = cluster.split('|');
  if ((direction !== 'outbound' && direction !== 'inbound-vip') || !host) return undefined;
  const [name, namespace] = host.split('.');
  return name && namespace ? { namespace, name } : undefined;
}

const text = (span: Span, key: string): string | undefined => {
  const value = attribute(span, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The proxy's pod name, from `node_id` or the `hostname` tag. */
export function podOfSpan(span: Span): { pod: string; namespace: string | undefined } | undefined {
  const nodeId = text(span, 'node_id');
  const node = nodeId ? parseNodeId(nodeId) : undefined;
  if (node) return { pod: node.pod, namespace: node.namespace };
  const hostname =
    text(span, 'hostname') ??
    (span.resource.find((a) => a.key === 'hostname')?.value as string | undefined);
  return hostname ? { pod: hostname, namespace: text(span, 'istio.namespace') } : undefined;
}

/**
 * Does a span come from an Istio ambient waypoint proxy? Its `node_id` starts `waypoint~`. A
 * waypoint serves the workloads behind it, so its spans name both ends of the request in
 * `istio.source_*` and `istio.destination_*` attributes (Istio 1.24 and later).
 */
export const isWaypointSpan = (span: Span): boolean =>
  text(span, 'node_id')?.startsWith('waypoint~') ?? false;

/** One end of the request a waypoint span proxied, from its `istio.<end>_*` attributes. */
function waypointPeer(span: Span, end: 'source' | 'destination'): MeshEntity | undefined {
  const namespace = text(span, `istio.${end}_namespace`);
  const workload = text(span, `istio.${end}_workload`);
  if (!namespace || !workload) return undefined;
  return {
    namespace,
    workload,
    app: text(span, `istio.${end}_canonical_service`),
    version: text(span, `istio.${end}_canonical_revision`),
  };
}

/** The end a waypoint span speaks for: the caller for a client span, else the callee. */
const waypointEnd = (span: Span): 'source' | 'destination' =>
  span.kind === 'client' || span.kind === 'producer' ? 'source' : 'destination';

/**
 * The entity that emitted a span, or undefined for spans that carry no Istio identity. A
 * waypoint's span stands for the workload it served (the destination of a server span, the
 * source of a client span); an older waypoint's, without those attributes, for the waypoint.
 */
export function entityOfSpan(span: Span): MeshEntity | undefined {
  if (isWaypointSpan(span)) {
    const served = waypointPeer(span, waypointEnd(span));
    if (served) return served;
  }
  const pod = podOfSpan(span);
  const namespace = text(span, 'istio.namespace') ?? pod?.namespace;
  if (!namespace) return undefined;
  const version = text(span, 'istio.canonical_revision');
  const cluster = text(span, 'istio.cluster_id');
  return {
    ...(cluster ? { cluster } : {}),
    namespace,
    workload: pod ? workloadOfPod(pod.pod) : undefined,
    app: text(span, 'istio.canonical_service'),
    // `latest` when the workload has no version label, in spans and in metrics alike.
    version,
  };
}

/** Does a span come from this workload's proxies, or from a waypoint serving it? */
export function spanFromWorkload(span: Span, namespace: string, workload: string): boolean {
  if (isWaypointSpan(span)) {
    const peers = [waypointPeer(span, 'destination'), waypointPeer(span, 'source')];
    if (peers.some((p) => p?.namespace === namespace && p.workload === workload)) return true;
  }
  const pod = podOfSpan(span);
  return (
    pod !== undefined &&
    (pod.namespace ?? namespace) === namespace &&
    workloadOfPod(pod.pod) === workload
  );
}

/** Does a waypoint span carry a request for this service (`inbound-vip|…|<service host>`)? */
export function waypointSpanInto(span: Span, namespace: string, service: string): boolean {
  if (!isWaypointSpan(span)) return false;
  const cluster = text(span, 'upstream_cluster');
  const into = cluster ? parseUpstreamCluster(cluster) : undefined;
  return into?.namespace === namespace && into.name === service;
}

/**
 * The proxied calls of a trace: one per client span, with the server span(s) that answered
 * it as destination, and one per waypoint span that no client span led to (a call from an
 * ambient workload, which has no proxy of its own to trace it). Spans without Istio
 * attributes are skipped.
 */
export function traceHops(trace: Trace): TraceHop[] {
  const children = new Map<string, Span[]>();
  for (const span of trace.spans) {
    if (!span.parentSpanId) continue;
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span);
    children.set(span.parentSpanId, list);
  }
  const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
  const parentOf = (span: Span | undefined): Span | undefined =>
    span?.parentSpanId ? byId.get(span.parentSpanId) : undefined;
  const serviceOf = (span: Span | undefined) => {
    const cluster = span ? text(span, 'upstream_cluster') : undefined;
    return cluster ? parseUpstreamCluster(cluster) : undefined;
  };
  /** The service through which a server span was reached: a waypoint's own, else its caller's. */
  const calledVia = (server: Span | undefined): string | undefined =>
    (server && isWaypointSpan(server) ? serviceOf(server) : serviceOf(parentOf(server)))?.name;
  const withService = (entity: MeshEntity, service: string | undefined): MeshEntity =>
    service ? { ...entity, service } : entity;

  const hops: TraceHop[] = [];
  for (const span of trace.spans) {
    if (span.kind === 'client') {
      const source = entityOfSpan(span);
      if (!source) continue;
      const service = serviceOf(span);
      const parent = parentOf(span);
      const sourceService = parent?.kind === 'server' ? calledVia(parent) : undefined;
      const servers = (children.get(span.spanId) ?? []).filter((c) => c.kind === 'server');
      const answered = servers.map(entityOfSpan).filter((e): e is MeshEntity => e !== undefined);
      const destinations = answered.length
        ? answered
        : [isWaypointSpan(span) ? waypointPeer(span, 'destination') : undefined];
      for (const destination of destinations)
        hops.push({
          source: withService(source, sourceService),
          destination: destination && withService(destination, service?.name),
          service,
          spanId: span.spanId,
          error: span.error,
        });
    } else if (isWaypointSpan(span)) {
      const parent = parentOf(span);
      if (parent?.kind === 'client' && entityOfSpan(parent)) continue; // its caller's hop
      // The caller, named by the waypoint, or else the workload whose span this one continues.
      const caller = waypointPeer(span, 'source') ?? (parent && entityOfSpan(parent));
      if (!caller) continue;
      const service = serviceOf(span);
      const destination = waypointPeer(span, 'destination');
      hops.push({
        source: withService(caller, parent?.kind === 'server' ? calledVia(parent) : undefined),
        destination: destination && withService(destination, service?.name),
        service,
        spanId: span.spanId,
        error: span.error,
      });
    }
  }
  return hops;
}
