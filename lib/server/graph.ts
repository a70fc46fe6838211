import 'server-only';
import {
  NODE_BADGES,
  type GatewayInfo,
  type GraphResponse,
  type NodeBadge,
} from '../contracts/graph';
import { servicesWithErrors } from '../validations/services';
import { meshValidationOf, type MeshValidation } from './istio-config';
import { listingError, sharedMeshObjects, type MeshObjects } from './mesh-objects';
import type { GraphParams } from '../contracts/graph-params';
import { baselineBefore } from './baseline';
import { buildGraph } from '../graph/build-graph';
import { compareGraphs } from '../graph/compare';
import type { Tolerances } from '../graph/health';
import type { HealthTarget } from '../graph/health-config';
import { applyWaypoints, waypointNames } from '../graph/waypoints';
import {
  applyGateways,
  certificateSecrets,
  gatewaysByWorkload,
  withCertificates,
  type CertificateLookup,
} from '../graph/gateways';
import { applyKubeStatus } from '../graph/kube-status';
import { DURATION_BUCKET, graphQueries } from '../graph/queries';
import { applyBadges, routingBadges } from '../graph/routing-badges';
import type { KubeClient } from '../kube/client';
import type { MeshClusters } from '../kube/clusters';
import type { GatewayObject, KubeDeployment, RoutingResource } from '../kube/types';
import { byId } from '../graph/elements';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult, VectorSample } from '../promql/types';
import { isUpstreamError } from '../upstream/errors';

const vector = (result: QueryResult): VectorSample[] =>
  result.resultType === 'vector' ? result.samples : [];

/**
 * Loads one graph: every PromQL query and the Kubernetes lists, all in parallel. A Prometheus
 * failure fails the graph; a Kubernetes failure leaves a metrics-only graph with a warning.
 * With `latency: false` the duration histogram is not asked for (see queries.ts).
 */
export async function loadGraph(
  deps: {
    prometheus: PrometheusClient;
    kube: KubeClient;
    /** The mesh's clusters (KUBE_CLUSTERS): each cluster's nodes get its own objects. */
    clusters?: MeshClusters;
    tolerancesFor?: (target: HealthTarget) => Tolerances;
  },
  params: GraphParams,
  options: { nowSec: number; signal?: AbortSignal },
): Promise<GraphResponse> {
  const timeSec = params.queryTime ?? options.nowSec;
  if (params.compareTo) {
    // The same graph at the baseline, in parallel, then one graph of both.
    const alone = { ...params, compareTo: undefined };
    const baseline = baselineBefore(params.compareTo, timeSec, params.queryTime === undefined);
    if ('warning' in baseline) {
      const graph = await loadGraph(deps, alone, options);
      return { ...graph, warnings: [...graph.warnings, baseline.warning] };
    }
    const [now, before] = await Promise.all([
      loadGraph(deps, alone, options),
      loadGraph(deps, { ...alone, queryTime: baseline.atSec }, options),
    ]);
    return compareGraphs(now, before);
  }
  const { signal } = options;
  const queries = graphQueries({
    namespaces: params.namespaces,
    windowSeconds: params.duration,
    tcpRate: params.tcpRate,
    grpcRate: params.grpcRate,
    ambientTraffic: params.ambientTraffic,
    responseTime: params.responseTime,
    latency: params.latency,
  });
  const run = (query: string) => deps.prometheus.instantQuery(query, { timeSec, signal });
  const runAll = (list: readonly string[] = []) => Promise.all(list.map(run));
  const latency = queries.latency;

  const [requests, tcp, p95, quantile, average, bounds, responseBytes, messages, objects] =
    await Promise.all([
      runAll(queries.requests),
      runAll(queries.tcp),
      runAll(latency?.p95),
      runAll(latency?.quantile),
      runAll(latency?.average ? [latency.average.sum, latency.average.count] : []),
      // Where each quantile fell: the histogram's bounds, from the index (no samples read).
      latency
        ? deps.prometheus.labelValues('le', {
            match: [DURATION_BUCKET],
            startSec: timeSec - params.duration,
            endSec: timeSec,
            signal,
          })
        : [],
      runAll(queries.responseBytes),
      runAll(queries.messages),
      // Every configured cluster's objects: which clusters the graph spans is known only after.
      Promise.all(
        clustersToRead(deps).map(async ({ cluster, kube }) => ({
          cluster,
          kube,
          ...(await clusterObjects(kube, signal)),
        })),
      ),
    ]);

  const warnings = [
    ...new Set(
      [...requests, ...tcp, ...p95, ...quantile, ...average, ...responseBytes, ...messages].flatMap(
        (r) => r.warnings,
      ),
    ),
  ].map((w) => `Prometheus: ${w}`);

  const waypoints = waypointNames(objects.flatMap((o) => o.deployments.items));
  const graph = buildGraph(
    {
      requests: requests.flatMap((r) => vector(r.data)),
      tcp: tcp.flatMap((r) => vector(r.data)),
      latency: latency
        ? {
            p95: p95.flatMap((r) => vector(r.data)),
            quantile: quantile.flatMap((r) => vector(r.data)),
            sum: average[0] ? vector(average[0].data) : [],
            count: average[1] ? vector(average[1].data) : [],
            bounds: bounds.map(Number),
          }
        : undefined,
      responseBytes: responseBytes.flatMap((r) => vector(r.data)),
      ...(queries.messages.length > 0 ? { messages: messages.flatMap((r) => vector(r.data)) } : {}),
    },
    {
      graphType: params.graphType,
      namespaces: params.namespaces,
      injectServiceNodes: params.injectServiceNodes,
      responseTime: params.responseTime,
      tolerancesFor: deps.tolerancesFor,
      waypoints,
    },
    { timestamp: timeSec, duration: params.duration, warnings },
  );

  const decorated = await decorateGraph(graph.elements, objects, warnings, {
    graphType: params.graphType,
    namespaces: new Set(params.namespaces),
    includeIdle: params.includeIdle,
    signal,
  });
  return {
    ...graph,
    warnings: [...new Set(warnings)],
    elements: applyWaypoints(decorated, waypoints, params.waypoints),
    ...(params.latency ? {} : { latencyOmitted: true as const }),
  };
}

type Elements = GraphResponse['elements'];

/**
 * Kubernetes' view of a built graph. In a graph of one cluster the default API's objects
 * decorate every node; in a graph of several, each cluster's objects decorate its own nodes
 * only, and a cluster without an API (KUBE_CLUSTERS) is named in a warning. Warnings are
 * added to `warnings`.
 */
async function decorateGraph(
  elements: Elements,
  objects: readonly ReadCluster[],
  warnings: string[],
  options: Omit<DecorateOptions, 'cluster'>,
): Promise<Elements> {
  const clusters = clustersOf(elements);
  if (clusters.length === 0) {
    const home = objects[0] as ReadCluster;
    warnings.push(...kubernetesWarnings(home));
    return decorateWithKubernetes(elements, home, { ...options, cluster: undefined });
  }
  const byName = new Map(objects.flatMap((o) => (o.cluster ? [[o.cluster, o] as const] : [])));
  const unread = clusters.filter((c) => !byName.has(c));
  if (unread.length)
    warnings.push(
      byName.size === 0
        ? `Metrics come from clusters ${unread.join(', ')}, and Meshlens does not know which of them its Kubernetes API is: set KUBE_CLUSTERS (health from metrics only; routing badges and gateways hidden)`
        : `No Kubernetes API is configured for cluster ${unread.join(', ')} (KUBE_CLUSTERS): its nodes show health from metrics only, without routing badges or gateways`,
    );
  const parts = await Promise.all(
    clusters.map(async (cluster) => {
      const nodes = elements.nodes.filter((n) => n.data.cluster === cluster);
      const from = byName.get(cluster);
      if (!from) return nodes;
      warnings.push(...kubernetesWarnings(from).map((w) => `cluster ${cluster}: ${w}`));
      return (await decorateWithKubernetes({ nodes, edges: [] }, from, { ...options, cluster }))
        .nodes;
    }),
  );
  return {
    nodes: [...elements.nodes.filter((n) => !n.data.cluster), ...parts.flat()].sort((a, b) =>
      byId(a.data, b.data),
    ),
    edges: elements.edges,
  };
}

/** The clusters a graph's nodes are in, by name; none in a graph of one cluster. */
const clustersOf = (elements: Elements): string[] =>
  [...new Set(elements.nodes.flatMap((n) => (n.data.cluster ? [n.data.cluster] : [])))].sort();

/**
 * The Kubernetes APIs a graph reads: the default one (the home cluster's when KUBE_CLUSTERS
 * names it), then every other configured cluster's.
 */
function clustersToRead(deps: {
  kube: KubeClient;
  clusters?: MeshClusters;
}): { cluster: string | undefined; kube: KubeClient }[] {
  const home = deps.clusters?.home;
  return [
    { cluster: home, kube: deps.kube },
    ...[...(deps.clusters?.clients ?? [])]
      .filter(([name]) => name !== home)
      .map(([cluster, kube]) => ({ cluster, kube })),
  ];
}

/** What one cluster's Kubernetes API says of the graph's nodes, and why parts are missing. */
interface ClusterObjects {
  deployments: { items: KubeDeployment[]; warning: string | undefined };
  virtualServices: RoutingResource[];
  destinationRules: RoutingResource[];
  httpRoutes: RoutingResource[];
  gateways: GatewayObject[];
  routingError: string | undefined;
  gatewayError: string | undefined;
}

type ReadCluster = ClusterObjects & {
  cluster: string | undefined;
  kube: KubeClient;
  /** The cluster's config checks; undefined when they could not be read. */
  validation: MeshValidation | undefined;
};

/**
 * A cluster's Deployments, routing objects and gateways, and its config checks, from the
 * shared reading of its Kubernetes API (see mesh-objects.ts): a live refresh draws with the
 * kept reading while a newer one is read, so it never waits on Kubernetes once the first is
 * in. Each only decorates the graph: without it the graph is still the graph, and a warning
 * says what is missing (none at all for an API the cluster does not serve: no Istio, no
 * Gateway API).
 */
async function clusterObjects(
  kube: KubeClient,
  signal: AbortSignal | undefined,
): Promise<Omit<ReadCluster, 'cluster' | 'kube'>> {
  let mesh: MeshObjects;
  try {
    mesh = await sharedMeshObjects(kube, { stale: true, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    // The reading ran out of time as a whole: every part is missing, for the same reason.
    const failed = { items: [], error };
    mesh = {
      deployments: failed,
      services: failed,
      virtualServices: failed,
      destinationRules: failed,
      httpRoutes: failed,
      gateways: failed,
      istio: [],
    };
  }
  const routingError =
    listingError(mesh.virtualServices) ??
    listingError(mesh.destinationRules) ??
    listingError(mesh.httpRoutes);
  let validation: MeshValidation | undefined;
  try {
    validation = meshValidationOf(mesh);
  } catch {
    // Checks decorate like badges: without the Services to check against, none.
  }
  return {
    deployments: { items: mesh.deployments.items, warning: listingError(mesh.deployments) },
    virtualServices: mesh.virtualServices.items,
    destinationRules: mesh.destinationRules.items,
    httpRoutes: mesh.httpRoutes.items,
    gateways: mesh.gateways.items,
    routingError,
    gatewayError: listingError(mesh.gateways),
    validation,
  };
}

/** Kubernetes down: one warning for all it decorates; otherwise each names what it hides. */
function kubernetesWarnings(objects: ClusterObjects): string[] {
  const { deployments, routingError, gatewayError } = objects;
  if (deployments.warning && routingError)
    return [
      `${deployments.warning} (health from metrics only; routing badges${gatewayError ? ' and gateways' : ''} hidden)`,
    ];
  return [
    ...(deployments.warning ? [`${deployments.warning} (health from metrics only)`] : []),
    ...(routingError ? [`${routingError} (routing badges hidden)`] : []),
    ...(gatewayError ? [`${gatewayError} (gateways and their listeners hidden)`] : []),
  ];
}

/**
 * Adds one cluster's view to nodes of that cluster (every node in a graph of one cluster):
 * replicas in health, idle workloads, routing badges, and gateways with their certificates.
 */
interface DecorateOptions {
  graphType: GraphParams['graphType'];
  namespaces: ReadonlySet<string>;
  includeIdle: boolean;
  /** The cluster the objects are of, in a graph of several. */
  cluster: string | undefined;
  signal: AbortSignal | undefined;
}

async function decorateWithKubernetes(
  elements: Elements,
  objects: ReadCluster,
  options: DecorateOptions,
): Promise<Elements> {
  const deployments = objects.deployments.items;
  const withStatus = applyKubeStatus(elements, deployments, options);
  const services = withStatus.nodes.flatMap(({ data }) => {
    const service = data.nodeType === 'service' ? data.service : data.app;
    return service ? [{ namespace: data.namespace, service }] : [];
  });
  const byService = withConfigErrors(
    routingBadges(services, objects.virtualServices, objects.destinationRules, objects.httpRoutes),
    // Checks decorate like badges: without them (or Kubernetes) the graph stands.
    invalidServices(objects),
  );
  const gateways = await gatewayCertificates(
    objects.kube,
    gatewaysByWorkload(
      objects.gateways,
      deployments,
      // The Services a Gateway's address names: the shared reading has every one.
      objects.validation?.registry.services ?? [],
    ),
    options.signal,
  );
  return applyGateways(
    applyBadges(withStatus, byService, deployments),
    gateways,
    deployments,
    Math.floor(Date.now() / 1000),
  );
}

/** The services whose config has errors, unless Kubernetes could not be read at all. */
function invalidServices(objects: ReadCluster): Set<string> {
  if (objects.deployments.warning) return new Set();
  const read = objects.validation;
  return read ? servicesWithErrors(read.objects, read.validations, read.registry) : new Set();
}

/** Adds `configError` to the badges of the services (`namespace/name`) whose config has errors. */
function withConfigErrors(
  byService: Map<string, NodeBadge[]>,
  invalid: ReadonlySet<string>,
): Map<string, NodeBadge[]> {
  for (const service of invalid) {
    const badges = new Set([...(byService.get(service) ?? []), 'configError' as const]);
    byService.set(
      service,
      NODE_BADGES.filter((b) => badges.has(b)),
    );
  }
  return byService;
}

/** At most this many TLS Secrets are read per graph (a few gateways each name a few). */
const MAX_CERTIFICATES = 50;

/**
 * The gateways with their listeners' certificate expiry, read from the TLS Secrets they name.
 * A Secret that cannot be read leaves its expiry unknown, saying why; the graph never fails
 * for it.
 */
async function gatewayCertificates(
  kube: KubeClient,
  byWorkload: Map<string, GatewayInfo[]>,
  signal: AbortSignal | undefined,
): Promise<Map<string, GatewayInfo[]>> {
  const secrets = certificateSecrets(byWorkload).slice(0, MAX_CERTIFICATES);
  if (secrets.length === 0) return byWorkload;
  const lookups = await Promise.all(
    secrets.map(({ namespace, name }) =>
      kube.getSecretCertificate(namespace, name, { signal }).then(
        (c): CertificateLookup => ({ notAfterSec: c.notAfterSec }),
        (error: unknown): CertificateLookup => ({
          problem:
            isUpstreamError(error) && error.status === 403
              ? `Meshlens may not read Secrets in ${namespace} (RBAC: deploy/components/gateway-certificates grants it)`
              : isUpstreamError(error) && error.status === 404
                ? `no Secret ${name} in ${namespace}`
                : error instanceof Error
                  ? error.message
                  : String(error),
        }),
      ),
    ),
  );
  return withCertificates(
    byWorkload,
    new Map(secrets.map((s, i) => [`${s.namespace}/${s.name}`, lookups[i] as CertificateLookup])),
  );
}
