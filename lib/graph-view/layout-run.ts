import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
// @ts-expect-error -- cytoscape-fcose ships no types; it is a plain Cytoscape extension.
import fcose from 'cytoscape-fcose';
import { layoutOptions } from './graph-style';
import { SLOW_LAYOUT_MAX_NODES } from './layout-choice';
import type { WorkerLayout } from './layout-request';

/**
 * What a layout needs of the graph, measured on the canvas: each node's box (its label
 * included where the layout makes room for labels), its namespace box and where it is now
 * (cose starts from there). Namespace boxes have no size of their own: their children's.
 */
export interface LayoutRequest {
  layout: WorkerLayout;
  nodes: {
    id: string;
    parent?: string;
    isBox?: boolean;
    /** Traffic in and out, log-scaled (cy-elements.ts): the rings put the busiest innermost. */
    weight?: number;
    w: number;
    h: number;
    x: number;
    y: number;
  }[];
  edges: { id: string; source: string; target: string }[];
}

/** Centre of every node that is not a namespace box, in model coordinates. */
export type LayoutPositions = Record<string, { x: number; y: number }>;

/** Namespace boxes' padding, as in the canvas' stylesheet (graph-style.ts). */
const BOX_PADDING = 16;

/** Space between namespace boxes laid out side by side, model px. */
const BOX_GAP = 90;

/**
 * More namespace boxes than this are laid out one at a time even in a small graph: the
 * layered layout puts every box's callees in one column, so a service calling into twenty
 * namespaces became a column twenty boxes tall, fitted at a zoom too small to read a label.
 */
export const BOXES_LAID_OUT_TOGETHER = 4;

let registered = false;

function register(): void {
  if (registered) return;
  cytoscape.use(dagre);
  cytoscape.use(fcose as cytoscape.Ext);
  registered = true;
}

/**
 * One layout over some nodes and the edges between them (every edge's ends among `nodes`),
 * in their namespace boxes when `nested`.
 */
function layoutPart(
  layout: Exclude<WorkerLayout, 'rings'>,
  nodes: LayoutRequest['nodes'],
  edges: LayoutRequest['edges'],
  nested: boolean,
): LayoutPositions {
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [
      { selector: 'node', style: { shape: 'rectangle', width: 'data(w)', height: 'data(h)' } },
      { selector: ':parent', style: { padding: `${BOX_PADDING}px` } },
    ],
    elements: [
      // Boxes first, so children can name them as parents.
      // Boxes first (a cluster's before the namespace boxes in it), so children can name them
      // as parents.
      ...(nested ? nodes.filter((n) => n.isBox) : [])
        .sort((a, b) => Number(a.parent !== undefined) - Number(b.parent !== undefined))
        .map((n) => ({
          group: 'nodes' as const,
          data: { id: n.id, parent: n.parent, w: n.w, h: n.h },
        })),
      ...nodes
        .filter((n) => !n.isBox)
        .map((n) => ({
          group: 'nodes' as const,
          data: { id: n.id, parent: nested ? n.parent : undefined, w: n.w, h: n.h },
          position: { x: n.x, y: n.y },
        })),
      ...edges.map((e) => ({
        group: 'edges' as const,
        data: { id: e.id, source: e.source, target: e.target },
      })),
    ],
  });
  try {
    const leaves = cy.nodes().filter((node) => !node.isParent());
    // The sizes sent already include labels where the layout wants them.
    const options = {
      ...layoutOptions(layout, leaves.length),
      nodeDimensionsIncludeLabels: false,
      animate: false,
      fit: false,
    };
    cy.layout(options as unknown as cytoscape.LayoutOptions).run();
    const positions: LayoutPositions = {};
    leaves.forEach((node) => {
      const { x, y } = node.position();
      positions[node.id()] = { x, y };
    });
    return positions;
  } finally {
    cy.destroy();
  }
}

type Node = LayoutRequest['nodes'][number];

/** A group of nodes laid out on its own: positions and the extent they cover. */
interface LaidOut {
  positions: LayoutPositions;
  minX: number;
  minY: number;
  width: number;
  height: number;
}

function extentOf(nodes: readonly Node[], positions: LayoutPositions): LaidOut {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of nodes) {
    const p = positions[node.id] ?? { x: 0, y: 0 };
    minX = Math.min(minX, p.x - node.w / 2);
    maxX = Math.max(maxX, p.x + node.w / 2);
    minY = Math.min(minY, p.y - node.h / 2);
    maxY = Math.max(maxY, p.y + node.h / 2);
  }
  return { positions, minX, minY, width: maxX - minX, height: maxY - minY };
}

/**
 * Room around a cluster's nodes for its namespace boxes' frames and labels and its own frame
 * and label, model px.
 */
const CLUSTER_FRAME = 80;

/** An extent with `frame` px of room on every side. */
const framed = (extent: LaidOut, frame: number): LaidOut => ({
  ...extent,
  minX: extent.minX - frame,
  minY: extent.minY - frame,
  width: extent.width + 2 * frame,
  height: extent.height + 2 * frame,
});

interface Group {
  /** The namespace box, or '' for the nodes in none. */
  box: string;
  nodes: Node[];
  edges: LayoutRequest['edges'];
}

/** Nodes by namespace box, and the edges inside each. */
function byBox(request: LayoutRequest): Group[] {
  const groups = new Map<string, Group>();
  const groupOf = new Map<string, string>();
  for (const node of request.nodes) {
    if (node.isBox) continue;
    const key = node.parent ?? '';
    const group = groups.get(key) ?? { box: key, nodes: [], edges: [] };
    group.nodes.push(node);
    groups.set(key, group);
    groupOf.set(node.id, key);
  }
  for (const edge of request.edges) {
    const key = groupOf.get(edge.source);
    if (key !== undefined && key === groupOf.get(edge.target)) groups.get(key)?.edges.push(edge);
  }
  // The fullest first (rows of boxes pack tighter that way), then by name; no box last.
  return [...groups.values()].sort(
    (p, q) =>
      Number(p.box === '') - Number(q.box === '') ||
      q.nodes.length - p.nodes.length ||
      (p.box < q.box ? -1 : p.box > q.box ? 1 : 0),
  );
}

/**
 * Groups already laid out, set side by side in rows about as wide as the whole is tall (so
 * Fit shows it at one zoom), from (0, 0).
 */
function packRows(laidOut: readonly LaidOut[]): LaidOut {
  const area = laidOut.reduce((sum, g) => sum + (g.width + BOX_GAP) * (g.height + BOX_GAP), 0);
  const rowWidth = Math.max(Math.sqrt(area) * 1.3, ...laidOut.map((g) => g.width));
  const positions: LayoutPositions = {};
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const group of laidOut) {
    if (x > 0 && x + group.width > rowWidth) {
      x = 0;
      y += rowHeight + BOX_GAP;
      rowHeight = 0;
    }
    for (const [id, p] of Object.entries(group.positions))
      positions[id] = { x: p.x - group.minX + x, y: p.y - group.minY + y };
    width = Math.max(width, x + group.width);
    x += group.width + BOX_GAP;
    rowHeight = Math.max(rowHeight, group.height);
  }
  return { positions, minX: 0, minY: 0, width, height: y + rowHeight };
}

/**
 * A graph in namespace boxes, one box at a time: each namespace's nodes laid out with the
 * edges inside it (dozens of nodes: the layered layout in milliseconds), then the boxes set
 * side by side in rows, the fullest first, the nodes outside any box as one more group. The
 * whole graph at once takes minutes past a few hundred nodes and piles the boxes on top of
 * each other; this reads like a map of the namespaces and still shows who calls whom.
 */
function layoutByNamespace(request: LayoutRequest): LayoutPositions {
  const layout = request.layout === 'rings' ? 'dagre' : request.layout;
  const laidOut = byBox(request).map((group) => ({
    group,
    extent: extentOf(group.nodes, layoutPart(layout, group.nodes, group.edges, false)),
  }));
  // In a graph of several clusters, each cluster's namespace boxes are packed together, then
  // the clusters side by side, so no cluster's box overlaps another's.
  const clusterOf = new Map(
    request.nodes.filter((n) => n.isBox).map((n) => [n.id, n.parent ?? n.id]),
  );
  const byCluster = new Map<string, LaidOut[]>();
  for (const { group, extent } of laidOut) {
    const cluster = clusterOf.get(group.box) ?? '';
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), extent]);
  }
  if (byCluster.size <= 1) return packRows(laidOut.map((l) => l.extent)).positions;
  return packRows(
    [...byCluster.entries()].map(([cluster, extents]) =>
      framed(packRows(extents), cluster === '' ? 0 : CLUSTER_FRAME),
    ),
  ).positions;
}

/**
 * Folded namespaces (and other nodes in no box) on rings around the namespaces opened among
 * them: the busiest innermost, each ring an ellipse as wide as the nodes are, so the whole
 * fills a wide screen and Fit shows the labels at a readable size. Folded namespaces call
 * each other every way: a layered or force-directed placement piles them up, and Cytoscape's
 * own concentric layout (a ring per level of traffic, spaced for the widest label) fitted 51
 * namespaces at a zoom of about 0.3. The opened namespaces are laid out left to right, each
 * in its box, and packed in the middle.
 */
function layoutRings(request: LayoutRequest): LayoutPositions {
  const groups = byBox(request);
  const loose = groups.find((g) => g.box === '')?.nodes ?? [];
  const boxes = groups.filter((g) => g.box !== '');
  const middle = boxes.length
    ? packRows(boxes.map((g) => extentOf(g.nodes, layoutPart('dagre', g.nodes, g.edges, false))))
    : undefined;
  const positions: LayoutPositions = {};
  const cx = middle ? middle.width / 2 : 0;
  const cy = middle ? middle.height / 2 : 0;
  for (const [id, p] of Object.entries(middle?.positions ?? {})) positions[id] = p;

  const ringed = [...loose].sort(
    (a, b) => (b.weight ?? 0) - (a.weight ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const w = Math.max(0, ...ringed.map((n) => n.w));
  const h = Math.max(0, ...ringed.map((n) => n.h));
  // Rings 1.5 node sizes apart on each axis: neighbours on a ring or on the next one are then
  // a whole node apart across or down, whatever the angle (max(|cos|, |sin|) ≥ 0.7).
  const stepX = 1.5 * w;
  const stepY = 1.5 * h;
  // Without opened namespaces the busiest sits in the middle.
  let next = 0;
  if (!middle && ringed[0]) {
    positions[ringed[0].id] = { x: 0, y: 0 };
    next = 1;
  }
  // The innermost ring clears the middle and is at least 1.6 times as wide as it is tall, so
  // a tall middle (a namespace of many callees) still leaves the whole wider than tall.
  const innerY = middle ? middle.height / 2 + BOX_GAP : 0;
  const innerX = middle ? Math.max(middle.width / 2 + BOX_GAP, 1.6 * innerY) : 0;
  for (let ring = 1; next < ringed.length; ring += 1) {
    const a = innerX + ring * stepX;
    const b = innerY + ring * stepY;
    // Parametric steps no shorter than 1.5 nodes where the ring runs across or down.
    const capacity = Math.max(1, Math.floor((2 * Math.PI) / Math.max(stepX / a, stepY / b)));
    const count = Math.min(capacity, ringed.length - next);
    for (let i = 0; i < count; i += 1) {
      const t = -Math.PI / 2 + (2 * Math.PI * i) / count;
      const node = ringed[next + i] as Node;
      positions[node.id] = { x: cx + a * Math.cos(t), y: cy + b * Math.sin(t) };
    }
    next += count;
  }
  return positions;
}

/**
 * A graph of several clusters, one cluster at a time: each cluster's nodes laid out in their
 * namespace boxes with the edges inside the cluster, then the clusters set side by side with
 * room for their frames and labels (laid out together, the layered layout put one cluster's
 * box against the other's, their labels on each other's frames). The nodes in no cluster
 * (unknown callers, egress) are one more group.
 */
function layoutByCluster(
  request: LayoutRequest,
  layout: Exclude<WorkerLayout, 'rings'>,
  clusterOf: ReadonlyMap<string, string>,
): LayoutPositions {
  const groups = new Map<string, { nodes: Node[]; edges: LayoutRequest['edges'] }>();
  const groupOf = new Map<string, string>();
  for (const node of request.nodes) {
    const cluster = node.isBox
      ? clusterOf.get(node.id)
      : node.parent === undefined
        ? ''
        : (clusterOf.get(node.parent) ?? '');
    // A cluster's box is drawn around what is laid out in it, not laid out itself.
    if (cluster === undefined || cluster === node.id) continue;
    const group = groups.get(cluster) ?? { nodes: [], edges: [] };
    // Laid out alone, a cluster's namespace boxes are the outermost.
    group.nodes.push(node.isBox ? { ...node, parent: undefined } : node);
    groups.set(cluster, group);
    groupOf.set(node.id, cluster);
  }
  for (const edge of request.edges) {
    const key = groupOf.get(edge.source);
    if (key !== undefined && key === groupOf.get(edge.target)) groups.get(key)?.edges.push(edge);
  }
  const laidOut = [...groups.entries()]
    .sort(([a], [b]) => Number(a === '') - Number(b === '') || (a < b ? -1 : a > b ? 1 : 0))
    .map(([cluster, { nodes, edges }]) => {
      const leaves = nodes.filter((n) => !n.isBox);
      const extent = extentOf(leaves, layoutPart(layout, nodes, edges, true));
      return framed(extent, cluster === '' ? 0 : CLUSTER_FRAME);
    });
  return packRows(laidOut).positions;
}

/**
 * Runs a layout on a headless Cytoscape holding only ids, sizes and nesting, and returns where
 * it put the nodes. Pure in what it reads and returns: the canvas' worker runs it so a
 * thousand-node layout never blocks the page, and tests run it in Node. Past
 * {@link SLOW_LAYOUT_MAX_NODES} nodes or {@link BOXES_LAID_OUT_TOGETHER} namespace boxes,
 * each box is laid out on its own.
 */
export function runLayout(request: LayoutRequest): LayoutPositions {
  register();
  if (request.layout === 'rings') return layoutRings(request);
  const leaves = request.nodes.filter((n) => !n.isBox);
  const boxes = request.nodes.filter((n) => n.isBox).length;
  const boxed = leaves.some((n) => n.parent !== undefined);
  if (boxed && (leaves.length > SLOW_LAYOUT_MAX_NODES || boxes > BOXES_LAID_OUT_TOGETHER))
    return layoutByNamespace(request);
  // Cluster boxes: the boxes other boxes are in. Each box's cluster (a cluster box's own).
  const clusterOf = new Map<string, string>();
  for (const n of request.nodes)
    if (n.isBox && n.parent !== undefined) {
      clusterOf.set(n.id, n.parent);
      clusterOf.set(n.parent, n.parent);
    }
  if (clusterOf.size > 0) return layoutByCluster(request, request.layout, clusterOf);
  return layoutPart(request.layout, request.nodes, request.edges, true);
}
