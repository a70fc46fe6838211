import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
// @ts-expect-error -- cytoscape-fcose ships no types; it is a plain Cytoscape extension.
import fcose from 'cytoscape-fcose';
import { layoutOptions } from './graph-style';
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

let registered = false;

/**
 * Runs a layout on a headless Cytoscape holding only ids, sizes and nesting, and returns where
 * it put the nodes. Pure in what it reads and returns: the canvas' worker runs it so a
 * thousand-node layout never blocks the page, and tests run it in Node.
 */
export function runLayout(request: LayoutRequest): LayoutPositions {
  if (!registered) {
    cytoscape.use(dagre);
    cytoscape.use(fcose as cytoscape.Ext);
    registered = true;
  }
  const leaves = request.nodes.filter((n) => !n.isBox);
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [
      { selector: 'node', style: { shape: 'rectangle', width: 'data(w)', height: 'data(h)' } },
      { selector: ':parent', style: { padding: `${BOX_PADDING}px` } },
    ],
    elements: [
      // Boxes first, so children can name them as parents.
      ...request.nodes
        .filter((n) => n.isBox)
        .map((n) => ({ group: 'nodes' as const, data: { id: n.id, w: n.w, h: n.h } })),
      ...leaves.map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, parent: n.parent, w: n.w, h: n.h },
        position: { x: n.x, y: n.y },
      })),
      ...request.edges.map((e) => ({
        group: 'edges' as const,
        data: { id: e.id, source: e.source, target: e.target },
      })),
    ],
  });
  try {
    // The sizes sent already include labels where the layout wants them.
    const options = {
      ...layoutOptions(request.layout, leaves.length),
      nodeDimensionsIncludeLabels: false,
      animate: false,
      fit: false,
    };
    cy.layout(options as unknown as cytoscape.LayoutOptions).run();
    const positions: LayoutPositions = {};
    cy.nodes()
      .filter((node) => !node.isParent())
      .forEach((node) => {
        const { x, y } = node.position();
        positions[node.id()] = { x, y };
      });
    return positions;
  } finally {
    cy.destroy();
  }
}
