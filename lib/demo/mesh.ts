import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TrafficGenerator } from './generator';
import { EXPOSITION_CONTENT_TYPE, IstioMetrics } from './istio-metrics';
import { handleKubeRequest, type KubeRequest } from './kube/api';
import { checkPodLogRequest, isPodLogPath, type PodLogQuery } from './kube/pod-log';
import { PodLogs, type LogLine } from './pod-logs';
import type { DemoAuth } from './kube/auth';
import { resourceTypeOf } from './kube/resources';
import { seedTopology } from './kube/seed';
import { ObjectStore } from './kube/store';
import { seededRandom } from './random';
import { parseDurationMs } from '../routing/convert';
import { ProxyState } from './circuit-breaker';
import { annotationOf, runDeploymentController, templateMetadataOf } from './kube/rollouts';
import { compileRouter, type Router } from './routing';
import { BOOKINFO_TOPOLOGY, clustersOf, type DemoTopology, type DemoWorkload } from './topology';
import { handleTracingRequest } from './tracing/api';
import { TraceRecorder } from './tracing/recorder';

/** The Deployment annotation that adds processing time to a demo workload (`7s`, `500ms`). */
export const SLOW_ANNOTATION = 'demo.meshlens.dev/latency';

export interface DemoMeshOptions {
  /** Requests per second at the ingress gateway (default 10). */
  rate?: number;
  /** Probability a workload fails a request with HTTP 500 (default 0.01). */
  errorRate?: number;
  /** 0 picks a free port. */
  metricsPort?: number;
  kubePort?: number;
  tracingPort?: number;
  /** Fraction of requests traced (default 1: every request at demo rates). */
  traceSampling?: number;
  /** Traces kept in memory (default 20,000). */
  traceCapacity?: number;
  host?: string;
  seed?: number;
  topology?: DemoTopology;
  /** Bearer tokens and RBAC for the Kubernetes API; without it every request is allowed. */
  auth?: DemoAuth;
  /** Log one line per Kubernetes API request. */
  logRequests?: (line: string) => void;
}

export interface DemoMesh {
  metricsUrl: string;
  /**
   * What Prometheus should scrape: `metricsUrl` for a small mesh; for a large one, one target
   * per namespace (`?namespace=…`), as a real mesh's pods are scraped one by one.
   */
  scrapeTargets: { url: string; namespace?: string }[];
  /** The Kubernetes API of the home cluster (the only one, unless the topology spans several). */
  kubeUrl: string;
  /**
   * A topology of several clusters (`DemoWorkload.cluster`): each cluster's own Kubernetes
   * API, the home cluster's first (`kubeUrl` and `store` are its). Empty for one cluster.
   */
  clusters: { name: string; kubeUrl: string; store: ObjectStore }[];
  /** Jaeger query service: api_v3 under /api/v3, v1 under /api. */
  tracingUrl: string;
  store: ObjectStore;
  generator: TrafficGenerator;
  traces: TraceRecorder;
  /** The pods' container logs (`kubectl logs`), access logs in the sidecars. */
  logs: PodLogs;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** Meshes spread over more namespaces than this are scraped one namespace at a time. */
const SHARD_ABOVE_NAMESPACES = 4;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * Starts the embedded demo mesh on loopback: a traffic generator recording Istio metrics,
 * a `/metrics` endpoint for Prometheus, a Kubernetes API subset holding Bookinfo, and a
 * Jaeger query service over the traces of the sampled requests.
 */
export async function startDemoMesh(options: DemoMeshOptions = {}): Promise<DemoMesh> {
  const host = options.host ?? '127.0.0.1';
  const topology = options.topology ?? BOOKINFO_TOPOLOGY;
  const metrics = new IstioMetrics();
  const now = new Date();
  // One Kubernetes API per cluster, each holding its own part of the topology.
  const apis = clustersOf(topology).map((cluster) => {
    const store = new ObjectStore({ now: () => new Date(), newUid: randomUUID });
    seedTopology(store, topology, now, cluster);
    return { cluster, store, stopController: runDeploymentController(store) };
  });
  const home = apis[0] as (typeof apis)[number];
  const store = home.store;

  const seed = options.seed ?? 20261124;
  const traces = new TraceRecorder({
    topology,
    // Its own random source: tracing never changes the simulated traffic.
    random: seededRandom(seed ^ 0x7ace),
    samplingRate: options.traceSampling ?? 1,
    capacity: options.traceCapacity ?? 20_000,
  });
  // The simulated proxies follow the VirtualServices, DestinationRules and HTTPRoutes (with the
  // Services they name and the Gateways they attach to) in the store, from the moment a write lands (the store tells us
  // synchronously). A proxy follows its own cluster's: each cluster's istiod configures its
  // proxies from its own API server.
  const virtualServices = resourceTypeOf('VirtualService');
  const destinationRules = resourceTypeOf('DestinationRule');
  const httpRoutes = resourceTypeOf('HTTPRoute');
  const services = resourceTypeOf('Service');
  const gateways = resourceTypeOf('Gateway', 'gateway.networking.k8s.io');
  const routingTypes = new Set([virtualServices, destinationRules, httpRoutes, services, gateways]);
  const compile = (from: ObjectStore): Router =>
    compileRouter(
      topology,
      from.list(virtualServices, undefined),
      from.list(destinationRules, undefined),
      {
        httpRoutes: from.list(httpRoutes, undefined),
        services: from.list(services, undefined),
        gateways: from.list(gateways, undefined),
      },
    );
  const routers = new Map(apis.map((api) => [api.cluster, compile(api.store)]));
  const routerOf = (source: DemoWorkload): Router =>
    routers.get(source.cluster) ?? (routers.get(home.cluster) as Router);
  // A Deployment annotated `demo.meshlens.dev/latency: 7s`, or rolled out with that annotation
  // on its pod template, makes that workload slow (its own processing, so it holds its
  // callers' connections: what circuit breaking is for).
  const deployments = resourceTypeOf('Deployment');
  const slowMs = new Map<string, number>();
  const readSlow = (): void => {
    slowMs.clear();
    for (const { store: from } of apis)
      for (const d of from.list(deployments, undefined)) {
        const extra =
          parseDurationMs(annotationOf(d.metadata, SLOW_ANNOTATION)) ??
          parseDurationMs(annotationOf(templateMetadataOf(d), SLOW_ANNOTATION));
        if (extra) slowMs.set(String(d.metadata.name), extra);
      }
  };
  readSlow();
  const unsubscribes = apis.map((api) =>
    api.store.subscribe((event) => {
      if (routingTypes.has(event.resource)) routers.set(api.cluster, compile(api.store));
      if (event.resource === deployments) readSlow();
    }),
  );

  const logs = new PodLogs(topology);
  const generator = new TrafficGenerator({
    topology,
    metrics,
    traces,
    logs,
    router: (source, ...rest) => routerOf(source)(source, ...rest),
    proxies: new ProxyState(),
    slowMs,
    random: seededRandom(seed),
    rate: options.rate ?? 10,
    errorRate: options.errorRate ?? 0.01,
  });

  const metricsServer = createServer((request, response) => {
    if (
      request.method !== 'GET' ||
      new URL(request.url ?? '/', 'http://x').pathname !== '/metrics'
    ) {
      response
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('not found: the demo mesh serves GET /metrics\n');
      return;
    }
    const namespace = new URL(request.url ?? '/', 'http://x').searchParams.get('namespace');
    try {
      response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE });
      metrics.exposeTo((chunk) => response.write(chunk), namespace ?? undefined);
      response.end();
    } catch (error) {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });

  const tracingServer = createServer((request, response) => {
    const result = handleTracingRequest(
      traces,
      { method: request.method ?? 'GET', url: request.url ?? '/' },
      Date.now(),
    );
    sendJson(response, result.status, result.body);
  });

  const urlHost = host.includes(':') ? `[${host}]` : host;
  const kubeServers = apis.map((api) => kubeServerOf(api.store, logs, options));
  const servers = [metricsServer, tracingServer, ...kubeServers.map((k) => k.server)];
  let metricsPort: number;
  let tracingPort: number;
  const kubePorts: number[] = [];
  try {
    metricsPort = await listen(metricsServer, options.metricsPort ?? 0, host);
    tracingPort = await listen(tracingServer, options.tracingPort ?? 0, host);
    for (const [i, kube] of kubeServers.entries()) {
      // The home cluster's API on the port asked for; the others' on any free port.
      const port = await listen(kube.server, i === 0 ? (options.kubePort ?? 0) : 0, host);
      kube.setAddress(`${urlHost}:${port}`);
      kubePorts.push(port);
    }
  } catch (error) {
    await Promise.all(servers.map(close));
    throw error;
  }
  generator.start();
  const kubeUrls = kubePorts.map((port) => `http://${urlHost}:${port}`);

  const metricsUrl = `http://${urlHost}:${metricsPort}/metrics`;
  const namespaces = [...new Set(topology.workloads.map((w) => w.namespace))].sort();
  return {
    metricsUrl,
    scrapeTargets:
      namespaces.length > SHARD_ABOVE_NAMESPACES
        ? namespaces.map((namespace) => ({
            url: `${metricsUrl}?namespace=${encodeURIComponent(namespace)}`,
            namespace,
          }))
        : [{ url: metricsUrl }],
    kubeUrl: kubeUrls[0] as string,
    clusters:
      apis.length > 1
        ? apis.map((api, i) => ({
            name: api.cluster ?? '',
            kubeUrl: kubeUrls[i] as string,
            store: api.store,
          }))
        : [],
    tracingUrl: `http://${urlHost}:${tracingPort}`,
    store,
    generator,
    traces,
    logs,
    stop: async () => {
      generator.stop();
      for (const unsubscribe of unsubscribes) unsubscribe();
      for (const api of apis) api.stopController();
      await Promise.all(servers.map(close));
    },
  };
}

/**
 * A Kubernetes API over one store; `setAddress` tells it where it listens (its answers name
 * it, as a real API server's do).
 */
function kubeServerOf(
  store: ObjectStore,
  logs: PodLogs,
  options: Pick<DemoMeshOptions, 'auth' | 'logRequests'>,
): { server: Server; setAddress: (address: string) => void } {
  let address = '';
  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const kubeRequest: KubeRequest = {
          method: request.method ?? 'GET',
          url: request.url ?? '/',
          headers: request.headers as Record<string, string>,
          impersonateGroups: request.headersDistinct['impersonate-group'] ?? [],
          body,
        };
        const result = isPodLogPath(kubeRequest.url)
          ? checkPodLogRequest(store, kubeRequest, (pod) => logs.containersOf(pod), options.auth)
          : handleKubeRequest(store, kubeRequest, new Date(), address, options.auth);
        if ('pod' in result) {
          options.logRequests?.(`${request.method} ${request.url} -> 200`);
          servePodLog(request, response, logs, result);
          return;
        }
        options.logRequests?.(`${request.method} ${request.url} -> ${result.status}`);
        sendJson(response, result.status, result.body);
      },
      (error: unknown) =>
        sendJson(response, 413, {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: 413,
          reason: 'RequestEntityTooLarge',
          message: String(error),
        }),
    );
  });
  return { server, setAddress: (value) => (address = value) };
}

/**
 * Writes a container's log as the kubelet does: plain text, one line each, oldest first;
 * with `follow`, the new lines as they are written, until the client goes away.
 */
function servePodLog(
  request: IncomingMessage,
  response: ServerResponse,
  logs: PodLogs,
  query: PodLogQuery,
): void {
  response.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
  let budget = query.limitBytes ?? Number.POSITIVE_INFINITY;
  let stopFollowing = (): void => {};
  const write = (line: LogLine): void => {
    // RFC 3339 with nanoseconds, as the kubelet prefixes each line with `timestamps=true`.
    const stamp = query.timestamps
      ? `${new Date(line.atMs).toISOString().replace('Z', '000000Z')} `
      : '';
    const text = `${stamp}${line.text}\n`;
    const bytes = Buffer.byteLength(text);
    if (bytes >= budget) {
      // limitBytes reached: the log ends there, even mid-line.
      response.end(Buffer.from(text).subarray(0, budget));
      budget = 0;
      stopFollowing();
      return;
    }
    budget -= bytes;
    response.write(text);
  };
  const sinceMs =
    query.sinceSeconds === undefined ? undefined : Date.now() - query.sinceSeconds * 1000;
  for (const line of logs.read(query.pod, query.container, {
    sinceMs,
    tailLines: query.tailLines,
  })) {
    write(line);
    if (budget === 0) return;
  }
  if (!query.follow) {
    response.end();
    return;
  }
  stopFollowing = logs.follow(query.pod, query.container, write);
  request.on('close', stopFollowing);
  response.on('close', stopFollowing);
}
