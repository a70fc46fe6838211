import 'server-only';
import type { GraphResponse } from '../contracts/graph';
import type { GraphParams } from '../contracts/graph-params';
import { buildGraph } from '../graph/build-graph';
import type { Tolerances } from '../graph/health';
import type { HealthTarget } from '../graph/health-config';
import { applyKubeStatus } from '../graph/kube-status';
import { graphQueries } from '../graph/queries';
import { applyBadges, routingBadges } from '../graph/routing-badges';
import type { KubeClient } from '../kube/client';
import type { PrometheusClient } from '../prometheus/client';
import type { QueryResult, VectorSample } from '../prometheus/types';
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
    tolerancesFor?: (target: HealthTarget) => Tolerances;
  },
  params: GraphParams,
  options: { nowSec: number; signal?: AbortSignal },
): Promise<GraphResponse> {
  const timeSec = params.queryTime ?? options.nowSec;
  const { signal } = options;
  const queries = graphQueries({
    namespaces: params.namespaces,
    windowSeconds: params.duration,
    tcpRate: params.tcpRate,
    averageResponseTime: params.responseTime === 'avg',
    latency: params.latency,
  });
  const run = (query: string) => deps.prometheus.instantQuery(query, { timeSec, signal });

  // Routing objects only decorate the graph (badges): without them it is still the graph, and
  // a warning says why the badges are missing (none at all when Istio's API is not served).
  let routingError: string | undefined;
  const istio = (kind: 'VirtualService' | 'DestinationRule') =>
    deps.kube.listIstio(kind, undefined, { signal }).catch((error: unknown) => {
      if (!(isUpstreamError(error) && error.status === 404))
        routingError ??= error instanceof Error ? error.message : String(error);
      return [];
    });
  const [
    requests,
    tcp,
    durationBuckets,
    durationSum,
    responseBytes,
    deployments,
    virtualServices,
    destinationRules,
  ] = await Promise.all([
    run(queries.requests),
    Promise.all(queries.tcp.map(run)),
    queries.durationBuckets ? run(queries.durationBuckets) : undefined,
    queries.durationSum ? run(queries.durationSum) : undefined,
    run(queries.responseBytes),
    deps.kube.listDeployments(undefined, { signal }).then(
      (items) => ({ items, warning: undefined }),
      (error: unknown) => ({
        items: [],
        warning: error instanceof Error ? error.message : String(error),
      }),
    ),
    istio('VirtualService'),
    istio('DestinationRule'),
  ]);

  const warnings = [
    ...new Set(
      [requests, ...tcp, durationBuckets, responseBytes, durationSum].flatMap(
        (r) => r?.warnings ?? [],
      ),
    ),
  ].map((w) => `Prometheus: ${w}`);
  // Kubernetes down: one warning for both.
  if (deployments.warning && routingError)
    warnings.push(`${deployments.warning} (health from metrics only; routing badges hidden)`);
  else {
    if (deployments.warning) warnings.push(`${deployments.warning} (health from metrics only)`);
    if (routingError) warnings.push(`${routingError} (routing badges hidden)`);
  }

  const graph = buildGraph(
    {
      requests: vector(requests.data),
      tcp: tcp.flatMap((r) => vector(r.data)),
      durationBuckets: durationBuckets ? vector(durationBuckets.data) : undefined,
      durationSum: durationSum ? vector(durationSum.data) : undefined,
      responseBytes: vector(responseBytes.data),
    },
    {
      graphType: params.graphType,
      namespaces: params.namespaces,
      injectServiceNodes: params.injectServiceNodes,
      responseTime: params.responseTime,
      tolerancesFor: deps.tolerancesFor,
    },
    { timestamp: timeSec, duration: params.duration, warnings },
  );
  const elements = applyKubeStatus(graph.elements, deployments.items, {
    graphType: params.graphType,
    namespaces: new Set(params.namespaces),
    includeIdle: params.includeIdle,
  });
  const services = elements.nodes.flatMap(({ data }) => {
    const service = data.nodeType === 'service' ? data.service : data.app;
    return service ? [{ namespace: data.namespace, service }] : [];
  });
  const byService = routingBadges(services, virtualServices, destinationRules);
  return {
    ...graph,
    elements: applyBadges(elements, byService, deployments.items),
    ...(params.latency ? {} : { latencyOmitted: true as const }),
  };
}
