import type { Core } from 'cytoscape';
import { layoutOptions } from './graph-style';
import type { LayoutRequest } from './layout-run';

/** The layouts that run off the main thread (concentric, for folded graphs, is instant). */
export const WORKER_LAYOUTS = ['dagre', 'cose', 'fcose'] as const;
export type WorkerLayout = (typeof WORKER_LAYOUTS)[number];

export const runsInWorker = (layout: string): layout is WorkerLayout =>
  (WORKER_LAYOUTS as readonly string[]).includes(layout);

/**
 * What the layout worker needs of a canvas: every node's size as drawn (with its label when
 * the layout makes room for labels), nesting and position, and every edge's ends.
 */
export function layoutRequest(cy: Core, layout: WorkerLayout): LayoutRequest {
  const withLabels = Boolean(layoutOptions(layout, cy.nodes().length).nodeDimensionsIncludeLabels);
  return {
    layout,
    nodes: cy.nodes().map((node) => {
      const isBox = Boolean(node.data('isBox'));
      // (`data('parent')`, not `parent()`: no collection built per node.)
      const parent = (node.data('parent') as string | null | undefined) ?? undefined;
      const box =
        withLabels && !isBox
          ? node.boundingBox({ includeLabels: true, includeOverlays: false })
          : { w: node.outerWidth(), h: node.outerHeight() };
      const { x, y } = node.position();
      return {
        id: node.id(),
        ...(parent ? { parent } : {}),
        ...(isBox ? { isBox } : {}),
        w: box.w,
        h: box.h,
        x,
        y,
      };
    }),
    edges: cy.edges().map((edge) => ({
      id: edge.id(),
      source: edge.source().id(),
      target: edge.target().id(),
    })),
  };
}
