import type { LayoutName } from './view-state';

/**
 * Past this many nodes the layered (dagre) and classic force-directed (cose) layouts take
 * minutes in a browser (dagre: 49 s for 2,000 nodes, and a stack overflow at 3,000), so the
 * graph uses fcose instead and says so.
 */
export const SLOW_LAYOUT_MAX_NODES = 400;
/** Past this many nodes fcose runs in draft quality (spectral placement only). */
export const FCOSE_DRAFT_ABOVE = 500;

/**
 * What the canvas can run: the layouts offered, plus `concentric` for folded namespaces (the
 * busiest in the middle; they call each other every way, so any layered or force-directed
 * placement piles them up).
 */
export type RunLayout = LayoutName | 'concentric';

export const LAYOUT_TEXT: Record<LayoutName, string> = {
  dagre: 'Layout: left to right',
  cose: 'Layout: force-directed',
  fcose: 'Layout: fast force-directed',
};

/**
 * The layout to run for the one asked for, and why it differs when it does. Folded namespaces
 * call each other in every direction: the left-to-right layout would stretch them into a long
 * chain, so by default a folded graph is laid out in rings, the busiest in the middle.
 */
export function chooseLayout(
  requested: LayoutName,
  nodeCount: number,
  folded = false,
): { layout: RunLayout; notice?: string } {
  if (folded && requested === 'dagre') return { layout: 'concentric' };
  if (requested === 'fcose' || nodeCount <= SLOW_LAYOUT_MAX_NODES) return { layout: requested };
  return {
    layout: 'fcose',
    notice: `${nodeCount.toLocaleString('en-US')} nodes: "${LAYOUT_TEXT[requested].replace('Layout: ', '')}" would take minutes past ${SLOW_LAYOUT_MAX_NODES} nodes, so this graph uses the fast force-directed layout.`,
  };
}
