/**
 * The pages of apps, workloads and services: their paths, their tabs, and their links to the
 * graph. Every link to an entity page is built here. Pure.
 */
import { ENTITY_SEGMENT, type EntityKind } from '../contracts/entities';
import { DEFAULT_VIEW, type GraphViewState } from '../graph-view/view-state';
import { graphPath } from '../graph-view/links';
import { clusterSuffix } from '../graph/endpoints';

export const ENTITY_TABS = [
  'overview',
  'traffic',
  'inbound',
  'outbound',
  'traces',
  'logs',
  'routing',
] as const;
export type EntityTab = (typeof ENTITY_TABS)[number];

export const TAB_TEXT: Record<EntityTab, string> = {
  overview: 'Overview',
  traffic: 'Traffic',
  inbound: 'Inbound metrics',
  outbound: 'Outbound metrics',
  traces: 'Traces',
  logs: 'Logs',
  routing: 'Routing',
};

export const KIND_TEXT: Record<EntityKind, string> = {
  app: 'App',
  workload: 'Workload',
  service: 'Service',
};

/**
 * The tabs of each kind, as Kiali has them: a service has no outbound traffic of its own
 * (its workloads make the calls) and no logs, but its routing; apps and workloads have pods.
 */
export function tabsOf(kind: EntityKind): readonly EntityTab[] {
  return kind === 'service'
    ? ['overview', 'traffic', 'inbound', 'traces', 'routing']
    : ['overview', 'traffic', 'inbound', 'outbound', 'traces', 'logs'];
}

/** The tab a URL asks for, or the overview for anything the kind does not have. */
export function tabOf(kind: EntityKind, text: string | null): EntityTab {
  return tabsOf(kind).find((t) => t === text) ?? 'overview';
}

/** An entity's page, with a tab and any other settings in its query. */
export function entityPath(
  kind: EntityKind,
  namespace: string,
  name: string,
  query: Record<string, string> = {},
): string {
  const path = `/namespaces/${encodeURIComponent(namespace)}/${ENTITY_SEGMENT[kind]}/${encodeURIComponent(name)}`;
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The graph node an entity is, and the graph type that draws it; in a mesh of several
 * clusters, the node of its `cluster`.
 */
export function entityNode(
  kind: EntityKind,
  namespace: string,
  name: string,
  cluster?: string,
): { id: string; graphType: GraphViewState['graphType'] } {
  return { id: `${kind}/${namespace}/${name}${clusterSuffix(cluster)}`, graphType: kind };
}

/** The graph's own window, live: what a list's graph links open. */
export const LIVE_GRAPH_WINDOW: Pick<GraphViewState, 'duration' | 'time'> = {
  duration: DEFAULT_VIEW.duration,
  time: undefined,
};

/**
 * The entity on the graph of its namespace, selected, with the page's window and moment;
 * `neighbours` shows only it and its direct callers and callees.
 */
export function entityGraphHref(
  kind: EntityKind,
  namespace: string,
  name: string,
  view: Pick<GraphViewState, 'duration' | 'time'>,
  neighbours = false,
  cluster?: string,
): string {
  const node = entityNode(kind, namespace, name, cluster);
  return graphPath({
    namespaces: [namespace],
    graphType: node.graphType,
    selected: node.id,
    duration: view.duration,
    time: view.time,
    ...(neighbours ? { focus: node.id, hops: 1 } : {}),
  });
}
