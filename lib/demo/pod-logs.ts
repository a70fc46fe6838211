/**
 * The demo's container logs: what `kubectl logs` shows for each simulated pod.
 * - `istio-proxy`: Envoy's access log in Istio's default TEXT format, one line per request the
 *   proxy handled (outbound on the caller's sidecar or gateway, inbound on the callee's), with
 *   the request's `x-request-id`, which Envoy also sets on its spans as `guid:x-request-id`.
 * - the application container: one line per request it served.
 * Lines are kept compact (the hop and its moment) and formatted when read; each container keeps
 * the newest lines up to a budget shared by the whole mesh.
 * @see https://istio.io/latest/docs/tasks/observability/logs/access-log/#default-access-log-format
 */
import {
  podContainersOf,
  podIpOf,
  podNameOf,
  PROXY_CONTAINER,
  serviceClusterIps,
} from './kube/seed';
import type { DemoTopology, DemoWorkload } from './topology';
import { requestPathOf } from './request-path';
import type { Hop } from './traffic';

/** One line as kubelet keeps it: when it was written, and its text. */
export interface LogLine {
  atMs: number;
  text: string;
}

type Side = 'outbound' | 'inbound' | 'app';

interface Entry {
  side: Side;
  hop: Hop;
  /** Unix ms when the proxy (or app) saw the request start. */
  atMs: number;
  requestId: string;
}

/** Lines kept over the whole mesh: at a thousand services, some 50 per container. */
const MESH_LINE_BUDGET = 200_000;
const MAX_LINES_PER_CONTAINER = 2_000;
const MIN_LINES_PER_CONTAINER = 50;

/** Envoy's `%RESPONSE_CODE_DETAILS%` for the demo's response flags. */
const CODE_DETAILS: Readonly<Record<string, string>> = {
  FI: 'fault_filter_abort',
  NR: 'route_not_found',
  UH: 'no_healthy_upstream',
  UO: 'overflow',
  UT: 'response_timeout',
  UF: 'upstream_reset_before_response_started{connection_failure}',
};

const fqdn = (w: DemoWorkload): string => `${w.service}.${w.namespace}.svc.cluster.local`;

class Ring {
  private readonly entries: (Entry | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.entries = new Array<Entry | undefined>(capacity);
  }

  push(entry: Entry): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Oldest first. */
  *all(): Generator<Entry> {
    for (let i = this.count; i >= 1; i -= 1) {
      const entry = this.entries[(this.next - i + this.capacity) % this.capacity];
      if (entry) yield entry;
    }
  }
}

export interface ReadOptions {
  /** Only lines written at or after this moment (Unix ms). */
  sinceMs?: number;
  /** Only the newest this many lines. */
  tailLines?: number;
}

type Listener = (line: LogLine) => void;

/** Every pod's container logs, fed by the traffic generator. */
export class PodLogs {
  private readonly rings = new Map<string, Ring>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly workloadOfPod: Map<string, DemoWorkload>;
  private readonly ipOf: (w: DemoWorkload) => string;
  private readonly clusterIpOf: (w: DemoWorkload) => string;
  private readonly entry: string;

  constructor(topology: DemoTopology) {
    this.entry = topology.entry;
    this.workloadOfPod = new Map(topology.workloads.map((w) => [podNameOf(w), w]));
    const index = new Map(topology.workloads.map((w, i) => [w.name, i]));
    this.ipOf = (w) => podIpOf(index.get(w.name) ?? 0);
    const clusterIps = serviceClusterIps(topology);
    this.clusterIpOf = (w) => clusterIps.get(`${w.namespace}/${w.service}`) ?? '-';
    const containers = topology.workloads.reduce((n, w) => n + podContainersOf(w).length, 0);
    const perContainer = Math.floor(MESH_LINE_BUDGET / Math.max(1, containers));
    const capacity = Math.max(
      MIN_LINES_PER_CONTAINER,
      Math.min(MAX_LINES_PER_CONTAINER, perContainer),
    );
    for (const w of topology.workloads)
      for (const c of podContainersOf(w))
        this.rings.set(keyOf(podNameOf(w), c.name), new Ring(capacity));
  }

  /** The containers of a pod the demo runs, or undefined for a pod it does not know. */
  containersOf(pod: string): string[] | undefined {
    const w = this.workloadOfPod.get(pod);
    return w && podContainersOf(w).map((c) => c.name);
  }

  /**
   * Records one simulated request: `requestIdOf(i)` is the `x-request-id` hop `i` carried (the
   * same for every hop of one call tree, as Envoy propagates it).
   */
  record(hops: readonly Hop[], startMs: number, requestIdOf: (hop: number) => string): void {
    hops.forEach((hop, i) => {
      const requestId = requestIdOf(i);
      const reporters = hop.reporters ?? ['source', 'destination'];
      const sentMs = startMs + hop.startMs;
      if (reporters.includes('source'))
        this.append(hop.source, PROXY_CONTAINER, {
          side: 'outbound',
          hop,
          atMs: sentMs,
          requestId,
        });
      if (!reporters.includes('destination')) return;
      const receivedMs = startMs + (hop.serverStartMs ?? hop.startMs);
      this.append(hop.destination, PROXY_CONTAINER, {
        side: 'inbound',
        hop,
        atMs: receivedMs,
        requestId,
      });
      if (hop.protocol !== 'tcp')
        this.append(hop.destination, hop.destination.app, {
          side: 'app',
          hop,
          atMs: receivedMs,
          requestId,
        });
    });
  }

  /** A container's lines, oldest first. */
  read(pod: string, container: string, options: ReadOptions = {}): LogLine[] {
    const ring = this.rings.get(keyOf(pod, container));
    if (!ring) return [];
    const lines: LogLine[] = [];
    for (const entry of ring.all())
      if (options.sinceMs === undefined || entry.atMs >= options.sinceMs)
        lines.push(this.format(entry));
    const tail = options.tailLines;
    return tail === undefined ? lines : tail === 0 ? [] : lines.slice(-tail);
  }

  /** Calls `listener` with each line the container writes from now on, until unsubscribed. */
  follow(pod: string, container: string, listener: Listener): () => void {
    const key = keyOf(pod, container);
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  private append(w: DemoWorkload, container: string, entry: Entry): void {
    const key = keyOf(podNameOf(w), container);
    const ring = this.rings.get(key);
    if (!ring) return; // an ambient pod has no sidecar to log
    ring.push(entry);
    const listeners = this.listeners.get(key);
    if (listeners) {
      const line = this.format(entry);
      for (const listener of listeners) listener(line);
    }
  }

  private format(entry: Entry): LogLine {
    return {
      atMs: entry.atMs,
      text: entry.side === 'app' ? this.appLine(entry) : this.accessLine(entry),
    };
  }

  /**
   * Istio's default format:
   * `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
   * %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
   * "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
   * %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
   * "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW%
   * %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
   * %REQUESTED_SERVER_NAME% %ROUTE_NAME%`
   */
  private accessLine({ side, hop, atMs, requestId }: Entry): string {
    const { source, destination } = hop;
    const inbound = side === 'inbound';
    const seen = inbound && hop.destinationResponse ? hop.destinationResponse : undefined;
    const code = seen?.code ?? hop.responseCode;
    const flags = seen?.flags ?? hop.responseFlags;
    const duration = Math.round(inbound ? hop.destinationDurationMs : hop.sourceDurationMs);
    const answered = hop.destination.name !== 'unknown';
    const upstream = answered ? `${this.ipOf(destination)}:${destination.port}` : '-';
    const subset = destination.version === 'unknown' ? '' : destination.version;
    const cluster = inbound
      ? `inbound|${destination.port}||`
      : `outbound|${destination.port}|${subset}|${fqdn(destination)}`;
    const sourceIp = this.ipOf(source);
    const local = inbound ? '127.0.0.6:0' : `${sourceIp}:0`;
    const downstreamLocal = inbound
      ? `${this.ipOf(destination)}:${destination.port}`
      : `${this.clusterIpOf(destination)}:${destination.port}`;
    const downstreamRemote = `${sourceIp}:0`;
    const sni = inbound
      ? `outbound_.${destination.port}_.${subset || '_'}_.${fqdn(destination)}`
      : '-';
    const time = `[${new Date(atMs).toISOString()}]`;
    if (hop.protocol === 'tcp')
      return `${time} "- - -" 0 ${flags} - - "-" ${hop.requestBytes} ${hop.responseBytes} ${duration} - "-" "-" "-" "-" "${upstream}" ${cluster} ${local} ${downstreamLocal} ${downstreamRemote} ${sni} -`;
    const grpc = hop.protocol === 'grpc';
    const path = requestPathOf(hop, this.entry);
    const details =
      code === 200 || flags === '-'
        ? 'via_upstream'
        : (CODE_DETAILS[lastFlag(flags)] ?? 'via_upstream');
    const upstreamTime =
      answered && !inbound ? Math.round(hop.destinationDurationMs) : answered ? duration : '-';
    return [
      time,
      `"${grpc ? 'POST' : 'GET'} ${path} ${grpc ? 'HTTP/2' : 'HTTP/1.1'}"`,
      code,
      flags,
      details,
      '-',
      '"-"',
      hop.requestBytes,
      hop.responseBytes,
      duration,
      upstreamTime,
      '"-"',
      '"Mozilla/5.0 (meshlens demo)"',
      `"${requestId}"`,
      `"${destination.service}.${destination.namespace}:${destination.port}"`,
      `"${upstream}"`,
      cluster,
      local,
      downstreamLocal,
      downstreamRemote,
      sni,
      'default',
    ].join(' ');
  }

  private appLine({ hop, atMs, requestId }: Entry): string {
    const code = hop.destinationResponse?.code ?? hop.responseCode;
    const level = code >= 500 || code === 0 ? 'ERROR' : 'INFO ';
    const method = hop.protocol === 'grpc' ? 'POST' : 'GET';
    return `${new Date(atMs).toISOString()} ${level} ${method} ${requestPathOf(hop, this.entry)} ${code} ${Math.round(hop.destinationDurationMs)}ms request_id=${requestId}`;
  }
}

const keyOf = (pod: string, container: string): string => `${pod}\n${container}`;

/** The flag that ended the request: `DI,UT` ended on the timeout. */
const lastFlag = (flags: string): string => flags.split(',').at(-1) ?? flags;
