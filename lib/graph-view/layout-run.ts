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
  layout: WorkerLayout,
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
      ...(nested ? nodes.filter((n) => n.isBox) : []).map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, w: n.w, h: n.h },
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

/**
 * A large graph in namespace boxes, one box at a time: each namespace's nodes laid out with
 * the edges inside it (dozens of nodes: the layered layout in milliseconds), then the boxes
 * set side by side in rows, in name order, the nodes outside any box as one more group. The
 * whole graph at once takes minutes past a few hundred nodes and piles the boxes on top of
 * each other; this reads like a map of the namespaces and still shows who calls whom.
 */
function layoutByNamespace(request: LayoutRequest): LayoutPositions {
  const groups = new Map<string, LayoutRequest['nodes']>();
  const groupOf = new Map<string, string>();
  for (const node of request.nodes) {
    if (node.isBox) continue;
    const key = node.parent ?? '';
    const group = groups.get(key) ?? [];
    group.push(node);
    groups.set(key, group);
    groupOf.set(node.id, key);
  }
  // Each group's own calls, sorted out once.
  const inside = new Map<string, LayoutRequest['edges']>();
  for (const edge of request.edges) {
    const key = groupOf.get(edge.source);
    if (key === undefined || key !== groupOf.get(edge.target)) continue;
    const list = inside.get(key) ?? [];
    list.push(edge);
    inside.set(key, list);
  }
  const laidOut = [...groups.keys()]
    .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1))
    .map((key) => {
      const nodes = groups.get(key) ?? [];
      const positions = layoutPart(request.layout, nodes, inside.get(key) ?? [], false);
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
    });
  // Rows about as wide as the whole is tall, so Fit shows it at one zoom.
  const area = laidOut.reduce((sum, g) => sum + (g.width + BOX_GAP) * (g.height + BOX_GAP), 0);
  const rowWidth = Math.max(Math.sqrt(area) * 1.3, ...laidOut.map((g) => g.width));
  const out: LayoutPositions = {};
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const group of laidOut) {
    if (x > 0 && x + group.width > rowWidth) {
      x = 0;
      y += rowHeight + BOX_GAP;
      rowHeight = 0;
    }
    for (const [id, p] of Object.entries(group.positions))
      out[id] = { x: p.x - group.minX + x, y: p.y - group.minY + y };
    x += group.width + BOX_GAP;
    rowHeight = Math.max(rowHeight, group.height);
  }
  return out;
}

/**
 * Runs a layout on a headless Cytoscape holding only ids, sizes and nesting, and returns where
 * it put the nodes. Pure in what it reads and returns: the canvas' worker runs it so a
 * thousand-node layout never blocks the page, and tests run it in Node. Past
 * {@link SLOW_LAYOUT_MAX_NODES} nodes in namespace boxes, each box is laid out on its own.
 */
export function runLayout(request: LayoutRequest): LayoutPositions {
  register();
  const leaves = request.nodes.filter((n) => !n.isBox);
  const boxed = leaves.some((n) => n.parent !== undefined);
  if (boxed && leaves.length > SLOW_LAYOUT_MAX_NODES) return layoutByNamespace(request);
  return layoutPart(request.layout, request.nodes, request.edges, true);
}
