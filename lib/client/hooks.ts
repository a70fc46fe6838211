'use client';

import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { API } from '../contracts/api';
import type { SessionInfo } from '../contracts/auth';
import type { ChangesResponse } from '../contracts/changes';
import type { EdgeDetails, NodeSeries } from '../contracts/graph-details';
import type { GraphLimits } from '../contracts/graph-limits';
import type { LatencyResponse } from '../contracts/latency';
import type { NamespacesResponse } from '../contracts/namespaces';
import type { Overview } from '../contracts/overview';
import type { Readiness } from '../contracts/readiness';
import type { RoutingResponse } from '../contracts/routing';
import type {
  ConfigObjectResponse,
  ConfigObjectTarget,
  IstioConfigResponse,
} from '../contracts/istio-config';
import type { Dashboard, EntityDetails, EntityKind, ServiceList } from '../contracts/entities';
import type { TraceList, TraceResponse } from '../contracts/traces';
import type { ShowOptions } from '../graph-view/shown-graph';
import type { TraceSearchTarget } from '../graph-view/trace-target';
import { ApiClientError, apiGet } from './api';
import type { GraphShown } from './graph-data';
import { graphData } from './graph-data-worker';
import { backoffInterval } from './query-client';
import { queryKeys } from './query-keys';

/** How users sign in, and whether this one is; it changes only by signing in or out. */
export function useSession(): UseQueryResult<SessionInfo> {
  return useQuery({
    queryKey: queryKeys.session(),
    queryFn: ({ signal }) => apiGet(API.session, { params: {} }, { signal }),
    staleTime: 60_000,
  });
}

/** Backend readiness, polled every 5 s while the tab is visible. */
export function useReadiness(): UseQueryResult<Readiness> {
  return useQuery({
    queryKey: queryKeys.readiness(),
    queryFn: ({ signal }) => apiGet(API.readyz, { params: {} }, { signal, okStatuses: [503] }),
    refetchInterval: backoffInterval(5_000),
  });
}

/** Mesh overview over a rate window, polled every 10 s while the tab is visible. */
export function useOverview(windowSeconds: number): UseQueryResult<Overview> {
  return useQuery({
    queryKey: queryKeys.overview(windowSeconds),
    queryFn: ({ signal }) =>
      apiGet(API.overview, { params: {}, query: { window: `${windowSeconds}s` } }, { signal }),
    refetchInterval: backoffInterval(10_000),
  });
}

/**
 * The Istio config of some namespaces (every one when none is given), with each object's
 * checks, refreshed every 10 s: an object applied with kubectl shows within one refresh.
 */
export function useIstioConfig(namespaces: readonly string[]): UseQueryResult<IstioConfigResponse> {
  const list = namespaces.join(',');
  return useQuery({
    queryKey: queryKeys.istioConfig(list),
    queryFn: ({ signal }) =>
      apiGet(API.istioConfig, { params: {}, query: list ? { namespaces: list } : {} }, { signal }),
    placeholderData: (previous) => previous,
    refetchInterval: backoffInterval(10_000),
  });
}

/**
 * Namespaces for the picker; they change rarely. While `waitForTraffic` is set and no
 * namespace has traffic yet (a mesh that just started), it checks again every 5 s.
 */
export function useNamespaces(waitForTraffic = false): UseQueryResult<NamespacesResponse> {
  return useQuery({
    queryKey: queryKeys.namespaces(),
    queryFn: ({ signal }) => apiGet(API.namespaces, { params: {} }, { signal }),
    staleTime: 60_000,
    refetchInterval: (query) =>
      waitForTraffic && !query.state.data?.namespaces.some((n) => n.hasTraffic) ? 5_000 : false,
  });
}

/** The graph view's query: what it shows, and whether that still waits for response times. */
export type ShownGraphQuery = UseQueryResult<GraphShown> & { latencyPending: boolean };

/**
 * What the graph view shows of an `/api/graph` query (folded, focused, parts hidden: see
 * shown-graph.ts), refreshed every `refreshSeconds` (0 pauses) while the tab is visible; the
 * previous view stays as placeholder data while the next one loads.
 *
 * The answer is fetched, parsed and viewed in the graph data worker, and only the view comes
 * to the page. A changed view (a namespace expanded, a node hidden) is a new query that shows
 * the answer already fetched again, at once and without the server; a refresh fetches anew.
 *
 * Traffic first: until the whole answer has arrived, the answer without response times
 * (`latency=false`) is asked for beside it and shown as soon as it comes. On a large mesh it
 * needs no duration histogram and comes several times sooner; the whole answer then fills in
 * the latencies in place (same elements, so nothing is laid out again). Both ask the same
 * traffic queries at the same moment, which the server sends to Prometheus once.
 */
export function useShownGraph(
  apiQuery: string | undefined,
  options: ShowOptions,
  refreshSeconds: number,
): ShownGraphQuery {
  const queryClient = useQueryClient();
  const view = JSON.stringify(options);
  const show = (query: string, queryKey: readonly unknown[], signal: AbortSignal) =>
    graphData.show(
      { query, options, reuse: queryClient.getQueryData(queryKey) === undefined },
      signal,
    );
  const full = useQuery({
    queryKey: queryKeys.shownGraph(apiQuery ?? '', view),
    queryFn: ({ signal, queryKey }) => show(apiQuery ?? '', queryKey, signal),
    enabled: apiQuery !== undefined,
    refetchInterval: backoffInterval(refreshSeconds > 0 ? refreshSeconds * 1000 : false),
    // Each answer is new (rates move): comparing it deeply with the last costs, saves nothing.
    structuralSharing: false,
  });
  const waiting = apiQuery !== undefined && (full.data === undefined || full.isPlaceholderData);
  const traffic = useQuery({
    queryKey: queryKeys.shownGraphTraffic(apiQuery ?? '', view),
    queryFn: ({ signal, queryKey }) => show(`${apiQuery}&latency=false`, queryKey, signal),
    enabled: waiting,
    // Only the first drawing of a view needs it; never another view's as a placeholder.
    staleTime: Infinity,
    gcTime: 30_000,
    placeholderData: undefined,
    retry: false,
    structuralSharing: false,
  });
  if (waiting && traffic.data)
    return {
      ...full,
      data: traffic.data,
      isPending: false,
      isPlaceholderData: false,
      // Failing, the whole graph says so in its error (and is asked again), not "loading".
      latencyPending: !full.error,
    } as ShownGraphQuery;
  return { ...full, latencyPending: false };
}

/** Window of the side panel's queries: the graph's duration and replay time. */
export interface DetailWindow {
  duration: string;
  time: number | undefined;
}

const windowQuery = (window: DetailWindow): Record<string, string> => ({
  duration: window.duration,
  ...(window.time !== undefined ? { queryTime: String(window.time) } : {}),
});

/** A node's rate, error % and p95 over time, refreshed with the graph. */
export function useNodeSeries(
  node: string,
  direction: 'inbound' | 'outbound',
  window: DetailWindow,
  refreshSeconds: number,
): UseQueryResult<NodeSeries> {
  const query = new URLSearchParams({ node, direction, ...windowQuery(window) }).toString();
  return useQuery({
    queryKey: queryKeys.nodeSeries(query),
    queryFn: ({ signal }) => apiGet(API.graphNode, { params: {}, query }, { signal }),
    refetchInterval: backoffInterval(
      refreshSeconds > 0 && window.time === undefined ? refreshSeconds * 1000 : false,
    ),
  });
}

/** An edge's latency quantiles and mTLS principals. */
export function useEdgeDetails(edge: string, window: DetailWindow): UseQueryResult<EdgeDetails> {
  const query = new URLSearchParams({ edge, ...windowQuery(window) }).toString();
  return useQuery({
    queryKey: queryKeys.edgeDetails(query),
    queryFn: ({ signal }) => apiGet(API.graphEdge, { params: {}, query }, { signal }),
  });
}

/** How long a window the graph can offer (Prometheus' retention); rarely changes. */
export function useGraphLimits(): UseQueryResult<GraphLimits> {
  return useQuery({
    queryKey: queryKeys.graphLimits(),
    queryFn: ({ signal }) => apiGet(API.graphLimits, { params: {} }, { signal }),
    staleTime: 10 * 60_000,
  });
}

/** Traces of a graph node or edge; the target and query come from lib/graph-view/trace-target. */
export function useTraceSearch(
  through: TraceSearchTarget['through'],
  query: string,
): UseQueryResult<TraceList> {
  const { kind, namespace, name } = through;
  return useQuery({
    queryKey: queryKeys.traceSearch(`${kind}/${namespace}/${name}`, query),
    queryFn: ({ signal }) =>
      kind === 'service'
        ? apiGet(API.serviceTraces, { params: { namespace, service: name }, query }, { signal })
        : apiGet(API.workloadTraces, { params: { namespace, workload: name }, query }, { signal }),
    placeholderData: (previous) => previous,
    // A 4xx is our mistake or a missing trace: asking again will not help.
    retry: (count, error) => count < 2 && !(error instanceof ApiClientError && error.status < 500),
  });
}

/** One trace; traces do not change once complete, so it is fetched once. */
export function useTrace(traceId: string | undefined): UseQueryResult<TraceResponse> {
  return useQuery({
    queryKey: queryKeys.trace(traceId ?? ''),
    queryFn: ({ signal }) => apiGet(API.trace, { params: { traceId: traceId ?? '' } }, { signal }),
    enabled: traceId !== undefined,
    staleTime: Infinity,
    retry: (count, error) => count < 2 && !(error instanceof ApiClientError && error.status < 500),
  });
}

/**
 * Which routing a page edits: a service's, in a cluster (`cluster`, in a mesh of several),
 * or (with `httpRoute`) a route from a gateway to it.
 */
export interface RoutingTarget {
  namespace: string;
  service: string;
  httpRoute?: string;
  cluster?: string;
}

/** The query string of a routing call: the route from a gateway and the cluster, when set. */
export const routingQuery = (target: RoutingTarget): Record<string, string> => ({
  ...(target.httpRoute ? { httpRoute: target.httpRoute } : {}),
  ...(target.cluster ? { cluster: target.cluster } : {}),
});

/**
 * A service's routing as stored now (with `httpRoute`, a route from a gateway to it as the one
 * edited); not polled, so an edit in progress keeps its base.
 */
export function useRouting(target: RoutingTarget): UseQueryResult<RoutingResponse> {
  const { namespace, service } = target;
  return useQuery({
    queryKey: queryKeys.routing(target),
    queryFn: ({ signal }) =>
      apiGet(
        API.routing,
        { params: { namespace, service }, query: routingQuery(target) },
        { signal },
      ),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/**
 * Where the delay comes from, for an `/api/latency` query (undefined: not asked), refreshed
 * with the graph (0 pauses). The previous ranking stays while the next one loads.
 */
export function useLatency(
  query: string | undefined,
  refreshSeconds: number,
): UseQueryResult<LatencyResponse> {
  return useQuery({
    queryKey: queryKeys.latency(query ?? ''),
    queryFn: ({ signal }) => apiGet(API.latency, { params: {}, query: query ?? '' }, { signal }),
    enabled: query !== undefined,
    placeholderData: (previous) => previous,
    refetchInterval: refreshSeconds > 0 ? backoffInterval(refreshSeconds * 1000) : false,
  });
}

/** When the routing of the namespaces last changed (undefined: not asked), every 30 s. */
export function useChanges(
  namespaces: readonly string[] | undefined,
): UseQueryResult<ChangesResponse> {
  const list = namespaces?.join(',') ?? '';
  return useQuery({
    queryKey: queryKeys.changes(list),
    queryFn: ({ signal }) =>
      apiGet(API.changes, { params: {}, query: { namespaces: list } }, { signal }),
    enabled: namespaces !== undefined && namespaces.length > 0,
    refetchInterval: backoffInterval(30_000),
  });
}

/** The API routes of each kind of entity page. */
const ENTITY_ROUTES = {
  app: { details: API.app, metrics: API.appMetrics },
  workload: { details: API.workload, metrics: API.workloadMetrics },
  service: { details: API.service, metrics: API.serviceMetrics },
} as const;

/**
 * An app's, workload's or service's Kubernetes objects and Istio config with its checks,
 * refreshed every 10 s: a change applied with kubectl shows within one refresh.
 */
export function useEntity(
  kind: EntityKind,
  namespace: string,
  name: string,
  /** In a mesh of several clusters, the cluster whose Kubernetes API is read. */
  cluster?: string,
): UseQueryResult<EntityDetails> {
  return useQuery({
    queryKey: [...queryKeys.entity(kind, namespace, name), cluster ?? ''],
    queryFn: ({ signal }) =>
      apiGet(
        ENTITY_ROUTES[kind].details,
        {
          params: { namespace, [kind]: name } as Record<'namespace' | EntityKind, string>,
          query: cluster ? { cluster } : {},
        },
        { signal },
      ),
    placeholderData: (previous) => previous,
    refetchInterval: backoffInterval(10_000),
  });
}

/** An entity's inbound or outbound dashboard; refreshed every `refreshSec` (0: never). */
export function useDashboard(
  kind: EntityKind,
  namespace: string,
  name: string,
  query: string,
  refreshSec: number,
): UseQueryResult<Dashboard> {
  return useQuery({
    queryKey: queryKeys.dashboard(kind, namespace, name, query),
    queryFn: ({ signal }) =>
      apiGet(
        ENTITY_ROUTES[kind].metrics,
        {
          params: { namespace, [kind]: name } as Record<'namespace' | EntityKind, string>,
          query,
        },
        { signal },
      ),
    placeholderData: (previous) => previous,
    refetchInterval: refreshSec > 0 ? backoffInterval(refreshSec * 1000) : false,
  });
}

/** Every Service with its inbound traffic over a window, polled every 10 s. */
export function useServiceList(windowSeconds: number): UseQueryResult<ServiceList> {
  return useQuery({
    queryKey: queryKeys.services(windowSeconds),
    queryFn: ({ signal }) =>
      apiGet(API.services, { params: {}, query: { window: `${windowSeconds}s` } }, { signal }),
    placeholderData: (previous) => previous,
    refetchInterval: backoffInterval(10_000),
  });
}

/** One Istio object with its checks, refreshed every 10 s as the list is. */
export function useConfigObject(target: ConfigObjectTarget): UseQueryResult<ConfigObjectResponse> {
  return useQuery({
    queryKey: [...queryKeys.allIstioConfig(), 'object', target.namespace, target.kind, target.name],
    queryFn: ({ signal }) => apiGet(API.istioObject, { params: target }, { signal }),
    placeholderData: (previous) => previous,
    refetchInterval: backoffInterval(10_000),
  });
}
