import type { GraphResponse, GraphType } from '../contracts/graph';
import type { VectorSample } from '../promql/types';
import { inboundServicesOf, type EndpointOptions } from './endpoints';
import { toElements } from './elements';
import { addPerEdge, addResponseTimes, type LatencySamples, type ResponseTimeStat } from './enrich';
import type { Tolerances } from './health';
import type { HealthTarget } from './health-config';
import { placer } from './placement';
import { UNKNOWN, dedupeReporters, toTrafficSamples } from './samples';
import { addSeries, emptyTrafficMap } from './traffic-map';

export interface GraphOptions {
  graphType: GraphType;
  namespaces: readonly string[];
  injectServiceNodes: boolean;
  responseTime: ResponseTimeStat;
  /** Health tolerances per node (see health-config.ts); Kiali's defaults when absent. */
  tolerancesFor?: (target: HealthTarget) => Tolerances;
  /** Istio ambient's waypoint proxies, `namespace/workload` (see waypoints.ts). */
  waypoints?: ReadonlySet<string>;
}

/** The query results a graph is built from (see queries.ts); optional ones may be missing. */
export interface GraphSamples {
  requests: readonly VectorSample[];
  tcp: readonly VectorSample[];
  latency?: LatencySamples;
  responseBytes?: readonly VectorSample[];
  /** gRPC messages per second, when asked for (see `grpcRate`). */
  messages?: readonly VectorSample[];
}

/**
 * Whether the samples come from more than one cluster (Istio's `source_cluster` and
 * `destination_cluster`): a graph of several clusters puts each node in its own. One label
 * read per end of each sample, and most meshes stop at the end: one cluster.
 */
export function spansClusters(lists: readonly (readonly VectorSample[])[]): boolean {
  let first: string | undefined;
  for (const list of lists)
    for (const { labels } of list)
      for (const cluster of [labels.source_cluster, labels.destination_cluster]) {
        if (!cluster || cluster === UNKNOWN) continue;
        if (first === undefined) first = cluster;
        else if (cluster !== first) return true;
      }
  return false;
}

/**
 * Builds a graph from Istio samples: parse → keep each request once → map to nodes and edges
 * for the graph type → add response times and throughput → elements with percentages and
 * health. Pure and deterministic.
 */
export function buildGraph(
  samples: GraphSamples,
  options: GraphOptions,
  meta: { timestamp: number; duration: number; warnings: string[] },
): GraphResponse {
  const namespaces = new Set(options.namespaces);
  const byCluster = spansClusters([samples.requests, samples.tcp]);
  const endpoints: EndpointOptions = {
    graphType: options.graphType,
    byCluster,
    injectServiceNodes: options.injectServiceNodes && options.graphType !== 'service',
    ...(options.waypoints?.size ? { waypoints: options.waypoints } : {}),
    // The service graph attributes a workload's calls to the services it is called through.
    inboundServices:
      options.graphType === 'service'
        ? inboundServicesOf(
            [
              ...dedupeReporters(toTrafficSamples(samples.requests, 'requests'), namespaces),
              ...dedupeReporters(toTrafficSamples(samples.tcp, 'tcp'), namespaces),
            ],
            byCluster,
          )
        : undefined,
  };
  // Requests, their durations and response bytes share series identities; TCP has its own.
  const placeRequest = placer('requests', namespaces, endpoints);
  const map = emptyTrafficMap();
  addSeries(map, samples.requests, placeRequest);
  addSeries(map, samples.tcp, placer('tcp', namespaces, endpoints));
  addResponseTimes(samples.latency, options.responseTime, placeRequest, map);
  addPerEdge(samples.responseBytes ?? [], placeRequest, 'responseBytesPerSecond');
  if (samples.messages) addPerEdge(samples.messages, placeRequest, 'messagesPerSecond');
  const elements = toElements(map, {
    namespaces,
    tolerancesFor: options.tolerancesFor,
    messages: samples.messages !== undefined,
  });
  return {
    timestamp: meta.timestamp,
    duration: meta.duration,
    graphType: options.graphType,
    elements,
    warnings: meta.warnings,
  };
}
