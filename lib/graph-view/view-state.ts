import { GRAPH_TYPES, type GraphType } from '../contracts/graph';
import { NAMESPACE_NAME } from '../contracts/graph-params';

/** Window choices of the toolbar, as in Kiali and Grafana. */
export const DURATIONS = ['1m', '5m', '10m', '30m', '1h', '3h', '6h', '12h', '1d', '7d'] as const;
/** Refresh choices in seconds; 0 pauses. */
export const REFRESHES = [0, 10, 15, 30, 60, 300] as const;
export const EDGE_LABELS = [
  'none',
  'rps',
  'percent',
  'responseTime',
  'throughput',
  'mtls',
] as const;
export const LAYOUTS = ['dagre', 'cose'] as const;

export type EdgeLabelMode = (typeof EDGE_LABELS)[number];
export type LayoutName = (typeof LAYOUTS)[number];

/** Everything about the graph view a person would share: it all lives in the URL. */
export interface GraphViewState {
  namespaces: string[];
  graphType: GraphType;
  duration: (typeof DURATIONS)[number];
  refresh: (typeof REFRESHES)[number];
  edgeLabel: EdgeLabelMode;
  serviceNodes: boolean;
  namespaceBoxes: boolean;
  idle: boolean;
  securityBadges: boolean;
  layout: LayoutName;
  /** Find/hide expressions (see find-hide.ts). */
  find: string;
  hide: string;
  selected: string | undefined;
}

export const DEFAULT_VIEW: GraphViewState = {
  namespaces: [],
  graphType: 'versionedApp',
  duration: '1m',
  refresh: 15,
  edgeLabel: 'rps',
  serviceNodes: true,
  namespaceBoxes: true,
  idle: false,
  securityBadges: false,
  layout: 'dagre',
  find: '',
  hide: '',
  selected: undefined,
};

const pick = <T extends string | number>(
  options: readonly T[],
  raw: string | null,
  fallback: T,
): T => (options.find((o) => String(o) === raw) ?? fallback) as T;

const bool = (raw: string | null, fallback: boolean): boolean =>
  raw === 'true' ? true : raw === 'false' ? false : fallback;

/**
 * Reads the view from a URL query. Unknown or malformed values fall back to defaults, so an
 * old or hand-edited link still opens a working graph.
 */
export function parseViewState(query: URLSearchParams): GraphViewState {
  const namespaces = (query.get('namespaces') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => NAMESPACE_NAME.test(n));
  return {
    namespaces: [...new Set(namespaces)].sort(),
    graphType: pick(GRAPH_TYPES, query.get('graphType'), DEFAULT_VIEW.graphType),
    duration: pick(DURATIONS, query.get('duration'), DEFAULT_VIEW.duration),
    refresh: pick(REFRESHES, query.get('refresh'), DEFAULT_VIEW.refresh),
    edgeLabel: pick(EDGE_LABELS, query.get('edgeLabel'), DEFAULT_VIEW.edgeLabel),
    serviceNodes: bool(query.get('serviceNodes'), DEFAULT_VIEW.serviceNodes),
    namespaceBoxes: bool(query.get('namespaceBoxes'), DEFAULT_VIEW.namespaceBoxes),
    idle: bool(query.get('idle'), DEFAULT_VIEW.idle),
    securityBadges: bool(query.get('securityBadges'), DEFAULT_VIEW.securityBadges),
    layout: pick(LAYOUTS, query.get('layout'), DEFAULT_VIEW.layout),
    find: query.get('find') ?? '',
    hide: query.get('hide') ?? '',
    selected: query.get('selected') || undefined,
  };
}

/** Writes the view to a URL query, leaving out defaults so shared links stay short. */
export function serializeViewState(state: GraphViewState): URLSearchParams {
  const query = new URLSearchParams();
  if (state.namespaces.length) query.set('namespaces', state.namespaces.join(','));
  for (const key of [
    'graphType',
    'duration',
    'refresh',
    'edgeLabel',
    'serviceNodes',
    'namespaceBoxes',
    'idle',
    'securityBadges',
    'layout',
  ] as const) {
    if (state[key] !== DEFAULT_VIEW[key]) query.set(key, String(state[key]));
  }
  if (state.find) query.set('find', state.find);
  if (state.hide) query.set('hide', state.hide);
  if (state.selected) query.set('selected', state.selected);
  return query;
}

/** The `/api/graph` query for a view. */
export function graphApiQuery(state: GraphViewState): string {
  const query = new URLSearchParams({
    namespaces: state.namespaces.join(','),
    graphType: state.graphType,
    duration: state.duration,
    injectServiceNodes: String(state.serviceNodes),
    includeIdle: String(state.idle),
  });
  return query.toString();
}
