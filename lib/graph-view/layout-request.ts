import type { Core } from 'cytoscape';
import { layoutOptions } from './graph-style';
import type { LayoutRequest } from './layout-run';

/** The layouts that run off the main thread: all of them (`rings` is ours, layout-run.ts). */
export const WORKER_LAYOUTS = ['dagre', 'cose', 'fcose', 'rings'] as const;
export type WorkerLayout = (typeof WORKER_LAYOUTS)[number];

export const runsInWorker = (layout: string): layout is WorkerLayout =>
  (WORKER_LAYOUTS as readonly string[]).includes(layout);

/**
 * What the layout worker needs of a canvas: every node's size as drawn (with its label when
 * the layout makes room for labels), nesting and position, and every edge's ends.
 */
export function layoutRequest(cy: Core, layout: WorkerLayout): LayoutRequest {
  // The rings make room for the labels of the nodes on them; the boxes in their middle are
  // laid out left to right, which spaces its ranks for labels instead.
  const labelled =
    layout !== 'rings' &&
    Boolean(layoutOptions(layout, cy.nodes().length).nodeDimensionsIncludeLabels);
  return {
    layout,
    nodes: cy.nodes().map((node) => {
      const isBox = Boolean(node.data('isBox'));
      // (`data('parent')`, not `parent()`: no collection built per node.)
      const parent = (node.data('parent') as string | null | undefined) ?? undefined;
      const withLabels = layout === 'rings' ? !parent : labelled;
      const weight: unknown = node.data('weight');
      const box =
        withLabels && !isBox
          ? node.boundingBox({ includeLabels: true, includeOverlays: false })
          : { w: node.outerWidth(), h: node.outerHeight() };
      const { x, y } = node.position();
      return {
        id: node.id(),
        ...(parent ? { parent } : {}),
        ...(isBox ? { isBox } : {}),
        ...(typeof weight === 'number' ? { weight } : {}),
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
