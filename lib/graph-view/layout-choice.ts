import type { CyElements } from './cy-elements';
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
 * What the canvas can run: the layouts offered, plus `rings` for folded namespaces (the
 * busiest in the middle; they call each other every way, so any layered or force-directed
 * placement piles them up; see layout-run.ts).
 */
export type RunLayout = LayoutName | 'rings';

export const LAYOUT_TEXT: Record<LayoutName, string> = {
  dagre: 'Layout: left to right',
  cose: 'Layout: force-directed',
  fcose: 'Layout: fast force-directed',
};

/**
 * The layout to run for the one asked for, and why it differs when it does (or, for a large
 * graph in namespace boxes, how it is laid out). Folded namespaces
 * call each other in every direction: the left-to-right layout would stretch them into a long
 * chain, so by default a folded graph is laid out in rings, the busiest in the middle.
 */
export function chooseLayout(
  requested: LayoutName,
  nodeCount: number,
  folded = false,
  /** Nodes in the fullest namespace box; undefined without boxes. */
  largestBox?: number,
): { layout: RunLayout; notice?: string } {
  if (folded && requested === 'dagre') return { layout: 'rings' };
  if (requested === 'fcose' || nodeCount <= SLOW_LAYOUT_MAX_NODES) return { layout: requested };
  // In boxes, a large graph is laid out one namespace at a time (layout-run.ts): what matters
  // then is the fullest box.
  if (largestBox !== undefined && largestBox <= SLOW_LAYOUT_MAX_NODES)
    return {
      layout: requested,
      notice: `${nodeCount.toLocaleString('en-US')} nodes: each namespace is laid out on its own, side by side.`,
    };
  return {
    layout: 'fcose',
    notice: `${nodeCount.toLocaleString('en-US')} nodes: "${LAYOUT_TEXT[requested].replace('Layout: ', '')}" would take minutes past ${SLOW_LAYOUT_MAX_NODES} nodes, so this graph uses the fast force-directed layout.`,
  };
}

/** Nodes in the fullest namespace box of a canvas' elements; undefined without boxes. */
export function largestBox(elements: CyElements): number | undefined {
  const counts = new Map<string, number>();
  for (const { data } of elements.nodes)
    if (data.parent && !data.isBox) counts.set(data.parent, (counts.get(data.parent) ?? 0) + 1);
  return counts.size > 0 ? Math.max(...counts.values()) : undefined;
}
