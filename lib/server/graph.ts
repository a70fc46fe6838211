import 'server-only';
import type { GatewayInfo, GraphResponse } from '../contracts/graph';
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
import { listServedHttpRoutes, type KubeClient } from '../kube/client';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult, VectorSample } from '../promql/types';
import { isUpstreamError } from '../upstream/errors';
import { optionalList } from './optional-list';

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

  // Routing objects only decorate the graph (badges): without them it is still the graph, and
  // a warning says why the badges are missing (none at all when Istio's API is not served).
  let routingError: string | undefined;
  let gatewayError: string | undefined;
  const istio = (kind: 'VirtualService' | 'DestinationRule') =>
    optionalList(
      deps.kube.listRouting(kind, undefined, { signal }),
      (message) => (routingError ??= message),
    );
  const [
    requests,
    tcp,
    p95,
    quantile,
    average,
    bounds,
    responseBytes,
    messages,
    deployments,
    virtualServices,
    destinationRules,
    httpRoutes,
    gatewayObjects,
  ] = await Promise.all([
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
    deps.kube.listDeployments(undefined, { signal }).then(
      (items) => ({ items, warning: undefined }),
      (error: unknown) => ({
        items: [],
        warning: error instanceof Error ? error.message : String(error),
      }),
    ),
    istio('VirtualService'),
    istio('DestinationRule'),
    // HTTPRoutes where the Gateway API is installed; none (and no warning) where it is not.
    optionalList(
      listServedHttpRoutes(deps.kube, undefined, { signal }).then((served) => served.routes),
      (message) => (routingError ??= message),
    ),
    optionalList(
      deps.kube.listGateways(undefined, { signal }),
      (message) => (gatewayError ??= message),
    ),
  ]);

  const warnings = [
    ...new Set(
      [...requests, ...tcp, ...p95, ...quantile, ...average, ...responseBytes, ...messages].flatMap(
        (r) => r.warnings,
      ),
    ),
  ].map((w) => `Prometheus: ${w}`);
  // Kubernetes down: one warning for all it decorates; otherwise each names what it hides.
  if (deployments.warning && routingError)
    warnings.push(
      `${deployments.warning} (health from metrics only; routing badges${gatewayError ? ' and gateways' : ''} hidden)`,
    );
  else {
    if (deployments.warning) warnings.push(`${deployments.warning} (health from metrics only)`);
    if (routingError) warnings.push(`${routingError} (routing badges hidden)`);
    if (gatewayError) warnings.push(`${gatewayError} (gateways and their listeners hidden)`);
  }

  const waypoints = waypointNames(deployments.items);
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
  const elements = applyWaypoints(
    applyKubeStatus(graph.elements, deployments.items, {
      graphType: params.graphType,
      namespaces: new Set(params.namespaces),
      includeIdle: params.includeIdle,
    }),
    waypoints,
    params.waypoints,
  );
  const services = elements.nodes.flatMap(({ data }) => {
    const service = data.nodeType === 'service' ? data.service : data.app;
    return service ? [{ namespace: data.namespace, service }] : [];
  });
  const byService = routingBadges(services, virtualServices, destinationRules, httpRoutes);
  const gateways = await gatewayCertificates(
    deps.kube,
    gatewaysByWorkload(gatewayObjects, deployments.items),
    signal,
  );
  return {
    ...graph,
    elements: applyGateways(
      applyBadges(elements, byService, deployments.items),
      gateways,
      deployments.items,
      Math.floor(Date.now() / 1000),
    ),
    ...(params.latency ? {} : { latencyOmitted: true as const }),
  };
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
