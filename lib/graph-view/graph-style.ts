import type { StylesheetJson } from 'cytoscape';
import { FCOSE_DRAFT_ABOVE } from './layout-choice';
import type { LayoutName } from './view-state';

/**
 * The canvas' colours, by the design token (app/globals.css) each is read from: the canvas and
 * its legend share them, and both themes read well on them.
 */
export const GRAPH_COLOR_TOKENS = {
  healthy: '--graph-healthy',
  degraded: '--graph-degraded',
  failure: '--graph-failure',
  notReady: '--graph-not-ready',
  na: '--graph-na',
  edge: '--graph-edge',
  tcp: '--graph-tcp',
  selected: '--graph-selected',
  traced: '--graph-traced',
  /** The Delay view's heat. */
  delay: '--graph-delay',
  /** New since the baseline of a compared graph. */
  new: '--graph-new',
  mirror: '--graph-mirror',
} as const;

export type GraphColors = Record<keyof typeof GRAPH_COLOR_TOKENS, string>;

/** The canvas' colours, each token's value as `resolve` reads it (the page, or the sheet). */
export function graphColors(resolve: (token: string) => string): GraphColors {
  return Object.fromEntries(
    Object.entries(GRAPH_COLOR_TOKENS).map(([name, token]) => [name, resolve(token)]),
  ) as GraphColors;
}

/** What the canvas' stylesheet is drawn with: the page's text and surfaces, and its colours. */
export interface GraphTheme {
  text: string;
  surface: string;
  box: string;
  colors: GraphColors;
}

/**
 * Label sizes in graph units, large enough to read at "Fit" on Bookinfo-sized graphs; below
 * `MIN_ZOOMED_FONT_PX` on screen (a zoomed-out large mesh) Cytoscape skips them, which is the
 * level of detail: labels come back as you zoom in. The selected element and found nodes keep
 * theirs at any zoom.
 */
export const LABEL_SIZES = { node: 15, edge: 13, box: 15 } as const;
export const MIN_ZOOMED_FONT_PX = 7;

/** Node shapes by kind, as in Kiali: workloads round, apps square, services triangular. */
export const NODE_SHAPES = {
  workload: 'ellipse',
  app: 'round-rectangle',
  service: 'round-triangle',
  unknown: 'round-diamond',
} as const;

/** The Cytoscape stylesheet, for the current theme's text, surfaces and colours. */
export function graphStylesheet(theme: GraphTheme): StylesheetJson {
  const { colors } = theme;
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: theme.text,
        'font-size': LABEL_SIZES.node,
        'min-zoomed-font-size': MIN_ZOOMED_FONT_PX,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        // Whole names, wrapped at spaces rather than cut (istio-ingressgateway / latest).
        'text-wrap': 'wrap',
        'text-max-width': '150px',
        width: 26,
        height: 26,
        'background-color': theme.surface,
        'border-width': 2,
        'border-color': colors.na,
        shape: NODE_SHAPES.workload,
      },
    },
    ...(['app', 'service', 'unknown'] as const).map((type) => ({
      selector: `node[nodeType = "${type}"]`,
      style: { shape: NODE_SHAPES[type] },
    })),
    { selector: 'node[?isInjectedService]', style: { width: 20, height: 20 } },
    // An ambient waypoint proxy (shown with `waypoints`): a proxy, not one of the apps.
    { selector: 'node[?isWaypoint]', style: { shape: 'hexagon' } },
    {
      // A folded namespace: a box around its name and size.
      selector: 'node[nodeType = "namespace"]',
      style: {
        shape: 'round-rectangle',
        width: 130,
        height: 48,
        'text-valign': 'center',
        'text-halign': 'center',
        'text-margin-y': 0,
        'text-max-width': '120px',
        'font-size': 14,
        'border-width': 3,
        'font-weight': 'bold',
      },
    },
    { selector: 'node[?isRoot]', style: { 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node[?isIdle]', style: { opacity: 0.55, 'border-style': 'dashed' } },
    { selector: 'node[?isOutside]', style: { 'background-color': theme.box } },
    ...(['healthy', 'degraded', 'failure', 'notReady'] as const).map((status) => ({
      selector: `node[healthStatus = "${status}"]`,
      style: { 'border-color': colors[status] },
    })),
    {
      selector: 'node[?isBox]',
      style: {
        shape: 'round-rectangle',
        'background-color': theme.box,
        'background-opacity': 0.5,
        'border-width': 1,
        'border-style': 'dashed',
        'border-color': colors.na,
        label: 'data(label)',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': LABEL_SIZES.box,
        'min-zoomed-font-size': MIN_ZOOMED_FONT_PX,
        'font-weight': 'bold',
        padding: '16px',
      },
    },
    {
      // A cluster's box: a solid frame around its namespaces' dashed ones.
      selector: 'node[?isClusterBox]',
      style: {
        'background-opacity': 0.2,
        'border-style': 'solid',
        'border-width': 2,
        'font-size': LABEL_SIZES.box * 1.2,
        padding: '28px',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': colors.edge,
        'target-arrow-color': colors.edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-size': LABEL_SIZES.edge,
        'min-zoomed-font-size': MIN_ZOOMED_FONT_PX,
        color: theme.text,
        'text-background-color': theme.surface,
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-rotation': 'autorotate',
      },
    },
    {
      selector: 'edge[protocol = "tcp"]',
      style: {
        'line-color': colors.tcp,
        'target-arrow-color': colors.tcp,
        'line-style': 'dashed',
      },
    },
    // Calls across namespaces of a graph laid out one namespace at a time: faint (cy-elements.ts).
    { selector: 'edge[?across]', style: { opacity: 0.18 } },
    {
      // Mirrored copies: dotted and apart from the real traffic between the same nodes.
      selector: 'edge[?mirrored]',
      style: {
        'line-style': 'dotted',
        'line-color': colors.mirror,
        'target-arrow-color': colors.mirror,
        'target-arrow-shape': 'vee',
        'curve-style': 'unbundled-bezier',
        'control-point-distances': [24],
        'control-point-weights': [0.5],
      },
    },
    ...(['degraded', 'failure'] as const).map((status) => ({
      selector: `edge[healthStatus = "${status}"]`,
      style: { 'line-color': colors[status], 'target-arrow-color': colors[status] },
    })),
    {
      selector: '[?found]',
      style: {
        'underlay-color': colors.selected,
        'underlay-opacity': 0.25,
        'underlay-padding': 8,
        'underlay-shape': 'ellipse',
        // Found nodes keep their labels at any zoom: a search on a large mesh reads at Fit.
        'min-zoomed-font-size': 0,
      },
    },
    { selector: '[?dimmed]', style: { opacity: 0.2 } },
    {
      selector: 'edge[?whatIf]',
      style: {
        'line-style': 'dashed',
        'line-color': colors.selected,
        'target-arrow-color': colors.selected,
        'font-weight': 'bold',
      },
    },
    // The Delay view: the more of the entry's latency, the larger and stronger the glow.
    ...(
      [
        ['node[delay]', 0.25, 8],
        ['node[delay >= 0.2]', 0.45, 14],
        ['node[delay >= 0.5]', 0.65, 22],
      ] as const
    ).map(([selector, opacity, padding]) => ({
      selector,
      style: {
        'underlay-color': colors.delay,
        'underlay-opacity': opacity,
        'underlay-padding': padding,
        'underlay-shape': 'ellipse' as const,
        'min-zoomed-font-size': 0,
      },
    })),
    {
      selector: 'edge[delay]',
      style: {
        'line-color': colors.delay,
        'target-arrow-color': colors.delay,
        width: 'mapData(delay, 0, 1, 3, 12)',
      },
    },
    // A compared graph: what is new since the baseline, and what vanished (ghosted).
    {
      selector: 'node[compareStatus = "new"]',
      style: { 'border-style': 'double', 'border-width': 4, 'border-color': colors.new },
    },
    {
      selector: 'edge[compareStatus = "new"]',
      style: { 'line-style': 'dashed', 'line-dash-pattern': [8, 3] },
    },
    {
      selector: '[compareStatus = "vanished"]',
      style: { opacity: 0.35, 'border-style': 'dashed', 'line-style': 'dotted' },
    },
    {
      selector: 'node[?traced]',
      style: { 'border-color': colors.traced, 'border-width': 5 },
    },
    {
      selector: 'edge[?traced]',
      style: {
        'line-color': colors.traced,
        'target-arrow-color': colors.traced,
        width: 'mapData(width, 1, 6, 4, 8)',
      },
    },
    {
      selector: ':selected',
      style: {
        'border-color': colors.selected,
        'line-color': colors.selected,
        'target-arrow-color': colors.selected,
        'border-width': 4,
        'min-zoomed-font-size': 0,
      },
    },
    // What a person picked out is never faint.
    {
      selector: 'edge[?across]:selected, edge[?across][?found], edge[?across][?traced]',
      style: { opacity: 1 },
    },
  ];
}

/** Layout options: dagre left to right by default; Cytoscape's force-directed `cose` as the alternative. */
export function layoutOptions(name: LayoutName, nodeCount = 0): Record<string, unknown> {
  if (name === 'fcose') {
    return {
      name: 'fcose',
      // Draft (spectral placement only) is what stays interactive past a few hundred nodes:
      // 1.1 s for 2,000 nodes here, against 82 s for fcose's default quality.
      quality: nodeCount > FCOSE_DRAFT_ABOVE ? 'draft' : 'default',
      randomize: true,
      animate: false,
      // Room for every label while there are few enough nodes to read them all.
      nodeDimensionsIncludeLabels: nodeCount <= 200,
      nodeSeparation: 120,
      idealEdgeLength: 160,
      nodeRepulsion: 20_000,
      fit: true,
      padding: 30,
    };
  }
  if (name === 'cose') {
    return {
      name: 'cose',
      animate: false,
      randomize: false,
      nodeDimensionsIncludeLabels: true,
      fit: true,
      padding: 30,
    };
  }
  // Ranks are spaced for the labels under the nodes rather than sized by them: a graph as wide
  // as its longest names would fit at a zoom too small to read (Bookinfo: 0.6 → 0.9).
  return {
    name: 'dagre',
    rankDir: 'LR',
    nodeSep: 56,
    rankSep: 110,
    edgeSep: 10,
    nodeDimensionsIncludeLabels: false,
    fit: true,
    padding: 30,
    animate: false,
  };
}
