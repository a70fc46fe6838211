import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import { formatBucketMs, formatBytesPerSecond, formatMs, formatRps } from '../format';
import { BADGE_MEANINGS, BADGE_TAGS } from '../graph/badge-text';
import { formatShare, type DelayHighlight } from './delay';
import { SLOW_LAYOUT_MAX_NODES } from './layout-choice';
import type { EdgeLabelMode } from './view-state';

/**
 * What Cytoscape holds of a node: what it draws and little else (the side panel reads the
 * graph itself). A refresh whose rates round to the same labels and widths then changes
 * nothing on the canvas, and the canvas skips it (see sync.ts).
 */
export interface CyNodeData extends Pick<
  Partial<NodeData>,
  'nodeType' | 'namespace' | 'isRoot' | 'isOutside' | 'isIdle' | 'isInjectedService' | 'isWaypoint'
> {
  id: string;
  label: string;
  /** Traffic in and out, log-scaled to a tenth: the rings' order when folded. */
  weight?: number;
  /** Matched by the find expression. */
  found?: boolean;
  /** On the path of the trace shown on the graph; `dimmed` when a trace is shown and it is not. */
  traced?: boolean;
  dimmed?: boolean;
  /** Delay view: the node's share of the entry's latency (0..1, hundredths). */
  delay?: number;
  /** A compared graph: not in the baseline, or only in it (drawn ghosted). */
  compareStatus?: 'new' | 'vanished';
  parent?: string;
  isBox?: boolean;
  /** A cluster's box, holding its namespace boxes (a graph of several clusters). */
  isClusterBox?: boolean;
  healthStatus?: string;
  /** Shown on hover: the node's name and what each of its badges means. */
  hint?: string;
}

/** What Cytoscape holds of an edge: what it draws. */
export interface CyEdgeData extends Pick<EdgeData, 'id' | 'source' | 'target' | 'protocol'> {
  mirrored?: boolean;
  label: string;
  found: boolean;
  traced: boolean;
  dimmed: boolean;
  /** Drawn with the rate it would get under unapplied weights. */
  whatIf: boolean;
  /** Delay view: the call's share of the entry's latency in the caller's proxy (0..1). */
  delay?: number;
  compareStatus?: 'new' | 'vanished';
  width: number;
  healthStatus: string;
  secure: boolean;
  /**
   * Between two namespace boxes of a graph laid out one namespace at a time: drawn faint, so
   * each box's own calls read through the calls across the map.
   */
  across?: boolean;
}

export interface CyElements {
  nodes: { data: CyNodeData }[];
  edges: { data: CyEdgeData }[];
}

/** The Delay view names a node's share on the canvas from this share up (the panel lists all). */
const LABELLED_DELAY_SHARE = 0.05;

/** What a node is called on the canvas and in the side panel. */
export function nodeLabel(
  node: Pick<NodeData, 'nodeType' | 'workload' | 'app' | 'version' | 'service'> &
    Partial<Pick<NodeData, 'namespace' | 'folded'>>,
): string {
  switch (node.nodeType) {
    case 'namespace':
      return `${node.namespace ?? 'namespace'} (${node.folded ?? 0} ${node.folded === 1 ? 'node' : 'nodes'})`;
    case 'unknown':
      return 'unknown';
    case 'service':
      return node.service ?? 'service';
    case 'app':
      return node.version ? `${node.app} ${node.version}` : (node.app ?? 'app');
    default:
      return node.workload ?? 'workload';
  }
}

/** The text on an edge for the chosen label mode. */
export function edgeLabel(edge: EdgeData, mode: EdgeLabelMode): string {
  switch (mode) {
    case 'rps':
      if (edge.protocol === 'tcp') return formatBytesPerSecond(edge.rate);
      // gRPC with a message rate asked for (grpcRate): messages, not calls.
      if (edge.messageRate !== undefined) return `${formatRps(edge.messageRate)} msg/s`;
      return `${formatRps(edge.rate)} rps`;
    case 'percent':
      // A mirror is no share of its source's requests (the label says "mirror").
      return edge.mirrored ? '' : `${edge.percentOfSource.toFixed(1)}%`;
    case 'responseTime': {
      if (edge.responseTimeMs === undefined) return '';
      const atMost = edge.responseTimeUpperBound ? '≤ ' : '';
      // Interpolated inside a wide bucket: say the bucket, not a false precision.
      if (edge.responseTimeBucketMs) {
        const { lowerMs, upperMs } = edge.responseTimeBucketMs;
        // Several series, the slowest in a wide bucket: what is known is that bucket's top.
        if (atMost) return upperMs === null ? '≤ ∞' : `≤ ${formatMs(upperMs)}`;
        return `≈ ${formatBucketMs(lowerMs, upperMs)}`;
      }
      return `${atMost}${
        edge.responseTimeMs < 1000
          ? `${Math.round(edge.responseTimeMs)} ms`
          : formatMs(edge.responseTimeMs)
      }`;
    }
    case 'throughput':
      return edge.throughputBytesPerSecond === undefined
        ? ''
        : formatBytesPerSecond(edge.throughputBytesPerSecond);
    case 'mtls':
      return edge.mtlsPercent === undefined ? '' : `${Math.round(edge.mtlsPercent)}% mTLS`;
    default:
      return '';
  }
}

/**
 * The change since the baseline of a compared graph, for the label mode that has one (rates
 * and response times): `+1.2` rps, `−40 ms`; '' when unchanged at the label's precision.
 */
export function edgeChange(edge: EdgeData, mode: EdgeLabelMode): string {
  const was = edge.compared;
  if (!was || was.status !== 'kept') return '';
  const sign = (d: number) => (d > 0 ? '+' : '−');
  if (mode === 'rps' && edge.protocol !== 'tcp' && was.rate !== undefined) {
    const d = edge.rate - was.rate;
    return formatRps(Math.abs(d)) === formatRps(0) ? '' : `${sign(d)}${formatRps(Math.abs(d))}`;
  }
  if (
    mode === 'responseTime' &&
    edge.responseTimeMs !== undefined &&
    was.responseTimeMs !== undefined
  ) {
    const d = edge.responseTimeMs - was.responseTimeMs;
    return Math.abs(d) < 1 ? '' : `${sign(d)}${formatMs(Math.abs(d))}`;
  }
  return '';
}

/** Edge width grows with the logarithm of its rate, from 1 to 6 px. */
export function edgeWidth(edge: Pick<EdgeData, 'rate' | 'protocol'>): number {
  const perSecond = edge.protocol === 'tcp' ? edge.rate / 1024 : edge.rate;
  return Math.min(6, 1 + Math.log10(1 + Math.max(0, perSecond)) * 1.6);
}

/** A node's traffic in and out, every protocol added up. */
const totalTraffic = (node: NodeData): number =>
  node.traffic.reduce((sum, t) => sum + t.rateIn + t.rateOut, 0);

/** A namespace's box; in a graph of several clusters, one per cluster it spans. */
export const namespaceBoxId = (namespace: string, cluster?: string): string =>
  `box/${namespace}${cluster ? `@${cluster}` : ''}`;

/** A cluster's box, around its namespaces' boxes. */
export const clusterBoxId = (cluster: string): string => `box@${cluster}`;

/**
 * The boxes of the boxed nodes, in order: a cluster's box before the namespace boxes inside
 * it (Cytoscape adds a parent before its children), each kind sorted by name.
 */
function boxesOf(boxed: readonly NodeData[]): { data: CyNodeData }[] {
  const clusters = new Set<string>();
  const namespaces = new Map<string, { namespace: string; cluster?: string }>();
  for (const n of boxed) {
    if (n.cluster) clusters.add(n.cluster);
    namespaces.set(namespaceBoxId(n.namespace, n.cluster), {
      namespace: n.namespace,
      cluster: n.cluster,
    });
  }
  const sorted = <T>(entries: Iterable<[string, T]>) =>
    [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    ...sorted([...clusters].map((c) => [clusterBoxId(c), c] as [string, string])).map(
      ([id, cluster]) => ({
        data: { id, label: `cluster ${cluster}`, isBox: true, isClusterBox: true },
      }),
    ),
    ...sorted(namespaces).map(([id, { namespace, cluster }]) => ({
      data: {
        id,
        label: namespace,
        isBox: true,
        namespace,
        ...(cluster ? { parent: clusterBoxId(cluster) } : {}),
      },
    })),
  ];
}

/**
 * Graph API elements → Cytoscape elements: labels, widths, health classes, and (optionally)
 * one compound "box" node per namespace holding its nodes, inside a box per cluster in a
 * graph of several clusters.
 */
export function toCyElements(
  graph: GraphResponse,
  options: {
    edgeLabel: EdgeLabelMode;
    namespaceBoxes: boolean;
    securityBadges: boolean;
    found?: ReadonlySet<string>;
    /** A trace shown on the graph: its nodes and edges are lit, the rest dimmed. */
    traced?: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> };
    /** Projected req/s of some edges under unapplied weights (what-if). */
    whatIf?: ReadonlyMap<string, number>;
    /** The Delay view's shares of the entry's latency. */
    delay?: DelayHighlight;
  },
): CyElements {
  const found = options.found ?? new Set<string>();
  const { traced } = options;
  const changed = (compared: NodeData['compared']) =>
    compared && compared.status !== 'kept' ? { compareStatus: compared.status } : {};
  // Hundredths: finer shares would restyle the canvas on every refresh for nothing.
  const delayOf = (map: ReadonlyMap<string, number> | undefined, id: string) => {
    const share = map?.get(id);
    return share !== undefined && share >= 0.005 ? { delay: Math.round(share * 100) / 100 } : {};
  };
  const byNamespace = options.namespaceBoxes && graph.elements.nodes.length > SLOW_LAYOUT_MAX_NODES;
  const namespaceOf = byNamespace
    ? new Map(
        graph.elements.nodes.map(({ data }) => [
          data.id,
          namespaceBoxId(data.namespace, data.cluster),
        ]),
      )
    : undefined;
  const boxed = (n: NodeData) =>
    options.namespaceBoxes && n.namespace !== 'unknown' && n.nodeType !== 'namespace';
  const boxes = boxesOf(graph.elements.nodes.map((n) => n.data).filter(boxed));
  const nodes = graph.elements.nodes.map(({ data }) => {
    const share = options.delay?.nodes.get(data.id) ?? 0;
    return {
      data: {
        id: data.id,
        nodeType: data.nodeType,
        namespace: data.namespace,
        isRoot: data.isRoot,
        isOutside: data.isOutside,
        isIdle: data.isIdle,
        isInjectedService: data.isInjectedService,
        ...(data.isWaypoint ? { isWaypoint: true as const } : {}),
        weight: Math.round(10 * Math.log10(1 + totalTraffic(data))) / 10,
        // Badges as a second line of short tags: the canvas cannot count on an icon font; in the
        // Delay view the node's share of the latency.
        label: [
          // Out of boxes, a node's name says its cluster: two clusters run the same versions.
          data.cluster && !boxed(data) ? `${nodeLabel(data)} · ${data.cluster}` : nodeLabel(data),
          data.badges?.length ? data.badges.map((b) => BADGE_TAGS[b]).join(' · ') : '',
          share >= LABELLED_DELAY_SHARE ? `${formatShare(share)} of latency` : '',
        ]
          .filter(Boolean)
          .join('\n'),
        hint: [
          data.cluster ? `${nodeLabel(data)} (cluster ${data.cluster})` : nodeLabel(data),
          ...(data.badges ?? []).map((b) => BADGE_MEANINGS[b]),
        ].join('\n'),
        healthStatus: data.health.status,
        found: found.has(data.id),
        traced: traced?.nodes.has(data.id) ?? false,
        dimmed: traced !== undefined && !traced.nodes.has(data.id),
        parent: boxed(data) ? namespaceBoxId(data.namespace, data.cluster) : undefined,
        ...delayOf(options.delay?.nodes, data.id),
        ...changed(data.compared),
      },
    };
  });
  const edges = graph.elements.edges.map(({ data }) => {
    const secure = data.mtlsPercent !== undefined && data.mtlsPercent >= 100;
    const projected = options.whatIf?.get(data.id);
    const change = edgeChange(data, options.edgeLabel);
    const text =
      projected === undefined
        ? [edgeLabel(data, options.edgeLabel), change && `(${change})`].filter(Boolean).join(' ')
        : `${formatRps(data.rate)} → ${formatRps(projected)} rps`;
    // Plain text: Cytoscape draws labels with the page font, which may lack emoji.
    const badge = options.securityBadges && secure ? 'mTLS' : '';
    return {
      data: {
        id: data.id,
        source: data.source,
        target: data.target,
        protocol: data.protocol,
        mirrored: data.mirrored,
        label: [badge, data.mirrored ? 'mirror' : '', text].filter(Boolean).join(' '),
        // A tenth of a pixel is as fine as a width is seen.
        width: Math.round(edgeWidth(data) * 10) / 10,
        healthStatus: data.health.status,
        found: found.has(data.id),
        traced: traced?.edges.has(data.id) ?? false,
        whatIf: projected !== undefined,
        dimmed: traced !== undefined && !traced.edges.has(data.id),
        secure,
        ...delayOf(options.delay?.edges, data.id),
        ...changed(data.compared),
        ...(namespaceOf && namespaceOf.get(data.source) !== namespaceOf.get(data.target)
          ? { across: true }
          : {}),
      },
    };
  });
  return { nodes: [...boxes, ...nodes], edges };
}
