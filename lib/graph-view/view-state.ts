import { GRAPH_TYPES, type GraphType } from '../contracts/graph';
import { parseDurationSeconds } from '../contracts/duration';
import {
  AMBIENT_TRAFFIC,
  GRPC_RATES,
  graphNamespaces,
  graphParamsSchema,
  type AmbientTraffic,
  type GrpcRate,
} from '../contracts/graph-params';
import { LATENCY_SOURCES, latencyParamsSchema } from '../contracts/latency';
import { TRACE_LIMITS } from '../contracts/traces';
import { parseDuration, type DurationSyntax } from '../duration';
import { utcMinute } from '../format';
import { TRACE_ID_PATTERN } from '../traces/ids';
import { FOCUS_HOPS, type FocusHops } from './focus';
import { FOLDS, type FoldMode } from './fold';
import { CALLS, type CallsMode } from './thin';
import { parseWhatIf } from './what-if';

/** Window choices of the toolbar, as in Kiali and Grafana. */
/** `15s` is for watching a change land (a canary shift) with a short scrape interval. */
export const DURATIONS = [
  '15s',
  '1m',
  '5m',
  '10m',
  '30m',
  '1h',
  '3h',
  '6h',
  '12h',
  '1d',
  '7d',
] as const;
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
export const LAYOUTS = ['dagre', 'cose', 'fcose'] as const;
/** Replay speeds: mesh seconds per wall-clock second. */
export const SPEEDS = [1, 10, 60] as const;

/**
 * Baselines offered for comparing: the same window this long before ('' compares nothing).
 * The URL also takes any other duration from a minute to 30 days (`compare=27m`), or a moment
 * in unix seconds the baseline window ends at (`compare=1764912000`: before a change).
 */
export const COMPARES = ['', '5m', '1h', '1d'] as const;

const COMPARE_WORDS: Record<string, string> = {
  '': 'nothing',
  '5m': '5 minutes before',
  '1h': '1 hour before',
  '1d': 'the day before',
};

/** Whether a `compare` value is a moment (unix seconds) rather than a time before. */
export const isCompareMoment = (compare: string): boolean => /^[0-9]+$/.test(compare);

/** A baseline in words: `1 hour before`, `27m before`, `at 13:55 UTC`. */
export const compareText = (compare: string): string =>
  isCompareMoment(compare)
    ? `at ${utcMinute(Number(compare))} UTC`
    : (COMPARE_WORDS[compare] ?? `${compare} before`);

/** The baselines to choose from: the offered ones and the current one (`27m`). */
export const compareChoices = (current: string): string[] =>
  (COMPARES as readonly string[]).includes(current) ? [...COMPARES] : [...COMPARES, current];

/** A `compare` value from the URL: '' or a baseline `/api/graph` takes (`compareTo`). */
const parseCompare = (raw: string | null): string =>
  raw && graphParamsSchema.shape.compareTo.safeParse(raw).success ? raw : '';

/**
 * The `compare` value for "before this change": the window ending at the change's moment, so
 * the baseline holds no request the change touched, wherever the graph's moment moves.
 */
export const compareBefore = (changeSec: number): string => String(changeSec);

/** The Delay view's entry: `auto` (the busiest root) or a node id `/api/latency` takes. */
const parseDelay = (raw: string | null): string | undefined =>
  raw && latencyParamsSchema.shape.entry.safeParse(raw).success ? raw : undefined;

/** Side panel tabs for a selected node or edge. */
export const PANELS = ['details', 'traces'] as const;

export type EdgeLabelMode = (typeof EDGE_LABELS)[number];
export type LayoutName = (typeof LAYOUTS)[number];

/** Everything about the graph view a person would share: it all lives in the URL. */
export interface GraphViewState {
  namespaces: string[];
  graphType: GraphType;
  duration: (typeof DURATIONS)[number];
  refresh: (typeof REFRESHES)[number];
  edgeLabel: EdgeLabelMode;
  /** What gRPC edges are labelled with: requests, or messages sent, received or both. */
  grpcRate: GrpcRate;
  /** Istio ambient: which reports count, and whether waypoint proxies are drawn. */
  ambientTraffic: AmbientTraffic;
  waypoints: boolean;
  serviceNodes: boolean;
  namespaceBoxes: boolean;
  idle: boolean;
  securityBadges: boolean;
  /** Cytoscape's WebGL renderer (experimental; fast only on a real GPU). */
  webgl: boolean;
  layout: LayoutName;
  /** Find/hide expressions (see find-hide.ts). */
  find: string;
  hide: string;
  selected: string | undefined;
  /** Replay: the moment shown, unix seconds; undefined means live. */
  time: number | undefined;
  speed: (typeof SPEEDS)[number];
  panel: (typeof PANELS)[number];
  /** The traces panel's filters. */
  traceLimit: (typeof TRACE_LIMITS)[number];
  traceMinDuration: string;
  traceErrors: boolean;
  traceTags: string;
  /** A trace lit up on the graph (32 hex digits). */
  trace: string | undefined;
  /** Unapplied weights drawn on a service's edges (see what-if.ts). */
  whatIf: string | undefined;
  /** Namespaces drawn as one node each: past 400 nodes (`auto`), always, or never. */
  fold: FoldMode;
  /** Namespaces opened in a folded graph. */
  expand: string[];
  /** The calls between folded namespaces: the busiest (and failing) ones, or every one. */
  calls: CallsMode;
  /** Only the neighbourhood of this node, `hops` edges either way. */
  focus: string | undefined;
  hops: FocusHops;
  /** The Delay view: where the delay of requests entering at this node comes from. */
  delay: string | undefined;
  compare: string;
  /** What the Delay view ranks from. */
  delayFrom: (typeof LATENCY_SOURCES)[number];
}

export const DEFAULT_VIEW: GraphViewState = {
  namespaces: [],
  graphType: 'versionedApp',
  duration: '1m',
  refresh: 15,
  edgeLabel: 'rps',
  grpcRate: 'requests',
  ambientTraffic: 'total',
  waypoints: false,
  serviceNodes: true,
  namespaceBoxes: true,
  idle: false,
  securityBadges: false,
  webgl: false,
  layout: 'dagre',
  find: '',
  hide: '',
  selected: undefined,
  time: undefined,
  speed: 10,
  panel: 'details',
  traceLimit: 20,
  traceMinDuration: '',
  traceErrors: false,
  traceTags: '',
  trace: undefined,
  whatIf: undefined,
  fold: 'auto',
  expand: [],
  calls: 'busiest',
  focus: undefined,
  hops: 2,
  delay: undefined,
  compare: '',
  delayFrom: 'metrics',
};

const pick = <T extends string | number>(
  options: readonly T[],
  raw: string | null,
  fallback: T,
): T => (options.find((o) => String(o) === raw) ?? fallback) as T;

const bool = (raw: string | null, fallback: boolean): boolean =>
  raw === 'true' ? true : raw === 'false' ? false : fallback;

/**
 * A Grafana time: epoch milliseconds, `now`, or `now-<n><s|m|h|d|w>`. Returns unix seconds,
 * or undefined for anything else.
 */
export function parseGrafanaTime(text: string | null, nowMs: number): number | undefined {
  if (!text) return undefined;
  if (/^\d{10,14}$/.test(text)) return Math.floor(Number(text) / 1000);
  const relative = /^now(?:-(.+))?$/.exec(text);
  if (!relative) return undefined;
  const back = relative[1] ? parseDuration(relative[1], GRAFANA_OFFSET, 's') : 0;
  return back === undefined ? undefined : Math.floor(nowMs / 1000) - back;
}

/** Grafana's relative offsets: one whole amount of s, m, h, d or w (`now-6h`). */
const GRAFANA_OFFSET: DurationSyntax = {
  units: ['s', 'm', 'h', 'd', 'w'],
  compound: false,
  fractions: false,
};

/** Seconds of a toolbar duration, read as `/api/graph` reads a duration. */
export const durationSeconds = (duration: GraphViewState['duration']): number =>
  parseDurationSeconds(duration) ?? 0;

/** The toolbar durations that fit in `maxSeconds` (what Prometheus keeps); 15s and 1m always. */
export function availableDurations(maxSeconds: number | undefined): GraphViewState['duration'][] {
  return DURATIONS.filter(
    (d) =>
      d === '15s' || d === '1m' || maxSeconds === undefined || durationSeconds(d) <= maxSeconds,
  );
}

/**
 * Reads the view from a URL query. Unknown or malformed values fall back to defaults, so an
 * old or hand-edited link still opens a working graph. Grafana's `from`/`to` set the window
 * (the smallest toolbar duration that covers it) and, unless `to` is `now`, the replay time.
 */
export function parseViewState(query: URLSearchParams, nowMs: number = Date.now()): GraphViewState {
  const from = parseGrafanaTime(query.get('from'), nowMs);
  const to = parseGrafanaTime(query.get('to'), nowMs);
  const grafanaWindow = from !== undefined && to !== undefined && to > from ? to - from : undefined;
  const grafanaDuration =
    grafanaWindow === undefined
      ? undefined
      : (DURATIONS.find((d) => durationSeconds(d) >= grafanaWindow) ?? '7d');
  const time = Number(query.get('time'));
  return {
    namespaces: graphNamespaces(query.get('namespaces') ?? ''),
    graphType: pick(GRAPH_TYPES, query.get('graphType'), DEFAULT_VIEW.graphType),
    duration: grafanaDuration ?? pick(DURATIONS, query.get('duration'), DEFAULT_VIEW.duration),
    refresh: pick(REFRESHES, query.get('refresh'), DEFAULT_VIEW.refresh),
    edgeLabel: pick(EDGE_LABELS, query.get('edgeLabel'), DEFAULT_VIEW.edgeLabel),
    grpcRate: pick(GRPC_RATES, query.get('grpcRate'), DEFAULT_VIEW.grpcRate),
    ambientTraffic: pick(AMBIENT_TRAFFIC, query.get('ambientTraffic'), DEFAULT_VIEW.ambientTraffic),
    waypoints: bool(query.get('waypoints'), DEFAULT_VIEW.waypoints),
    serviceNodes: bool(query.get('serviceNodes'), DEFAULT_VIEW.serviceNodes),
    namespaceBoxes: bool(query.get('namespaceBoxes'), DEFAULT_VIEW.namespaceBoxes),
    idle: bool(query.get('idle'), DEFAULT_VIEW.idle),
    securityBadges: bool(query.get('securityBadges'), DEFAULT_VIEW.securityBadges),
    webgl: bool(query.get('webgl'), DEFAULT_VIEW.webgl),
    layout: pick(LAYOUTS, query.get('layout'), DEFAULT_VIEW.layout),
    find: query.get('find') ?? '',
    hide: query.get('hide') ?? '',
    selected: query.get('selected') || undefined,
    time:
      Number.isInteger(time) && time > 0
        ? time
        : to !== undefined && query.get('to') !== 'now'
          ? to
          : undefined,
    speed: pick(SPEEDS, query.get('speed'), DEFAULT_VIEW.speed),
    panel: pick(PANELS, query.get('panel'), DEFAULT_VIEW.panel),
    traceLimit: pick(TRACE_LIMITS, query.get('traceLimit'), DEFAULT_VIEW.traceLimit),
    traceMinDuration: query.get('traceMinDuration') ?? '',
    traceErrors: bool(query.get('traceErrors'), DEFAULT_VIEW.traceErrors),
    traceTags: query.get('traceTags') ?? '',
    fold: pick(FOLDS, query.get('fold'), DEFAULT_VIEW.fold),
    calls: pick(CALLS, query.get('calls'), DEFAULT_VIEW.calls),
    focus: query.get('focus') || undefined,
    hops: pick(FOCUS_HOPS, query.get('hops'), DEFAULT_VIEW.hops),
    delay: parseDelay(query.get('delay')),
    compare: parseCompare(query.get('compare')),
    delayFrom: pick(LATENCY_SOURCES, query.get('delayFrom'), DEFAULT_VIEW.delayFrom),
    expand: graphNamespaces(query.get('expand') ?? ''),
    whatIf: parseWhatIf(query.get('whatif')) ? (query.get('whatif') as string) : undefined,
    trace: TRACE_ID_PATTERN.test(query.get('trace') ?? '')
      ? (query.get('trace') as string).toLowerCase().padStart(32, '0')
      : undefined,
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
    'grpcRate',
    'ambientTraffic',
    'waypoints',
    'serviceNodes',
    'namespaceBoxes',
    'idle',
    'securityBadges',
    'webgl',
    'layout',
    'panel',
    'traceLimit',
    'traceErrors',
    'fold',
    'calls',
    'hops',
    'compare',
    'delayFrom',
  ] as const) {
    if (state[key] !== DEFAULT_VIEW[key]) query.set(key, String(state[key]));
  }
  if (state.find) query.set('find', state.find);
  if (state.hide) query.set('hide', state.hide);
  if (state.selected) query.set('selected', state.selected);
  if (state.time !== undefined) query.set('time', String(state.time));
  if (state.speed !== DEFAULT_VIEW.speed) query.set('speed', String(state.speed));
  if (state.traceMinDuration) query.set('traceMinDuration', state.traceMinDuration);
  if (state.traceTags) query.set('traceTags', state.traceTags);
  if (state.trace) query.set('trace', state.trace);
  if (state.whatIf) query.set('whatif', state.whatIf);
  if (state.expand.length) query.set('expand', state.expand.join(','));
  if (state.focus) query.set('focus', state.focus);
  if (state.delay) query.set('delay', state.delay);
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
  if (state.grpcRate !== 'requests') query.set('grpcRate', state.grpcRate);
  if (state.ambientTraffic !== 'total') query.set('ambientTraffic', state.ambientTraffic);
  if (state.waypoints) query.set('waypoints', 'true');
  if (state.time !== undefined) query.set('queryTime', String(state.time));
  if (state.compare) query.set('compareTo', state.compare);
  return query.toString();
}

/** The `/api/latency` query of the Delay view; undefined when the view is off. */
export function latencyApiQuery(state: GraphViewState): string | undefined {
  // The service graph has no node with time of its own: the Delay view ranks apps instead.
  if (!state.delay || state.namespaces.length === 0) return undefined;
  const query = new URLSearchParams({
    namespaces: state.namespaces.join(','),
    graphType: state.graphType === 'service' ? 'versionedApp' : state.graphType,
    duration: state.duration,
  });
  if (state.delay !== 'auto') query.set('entry', state.delay);
  if (state.compare) query.set('compareTo', state.compare);
  if (state.delayFrom !== 'metrics') query.set('source', state.delayFrom);
  if (state.time !== undefined) query.set('queryTime', String(state.time));
  return query.toString();
}
