import type { CyEdgeData, CyElements } from './cy-elements';
import { LABEL_SIZES, MIN_ZOOMED_FONT_PX } from './graph-style';

/** Whether Cytoscape draws edge labels at `zoom` (below it they are under MIN_ZOOMED_FONT_PX). */
export const edgeLabelsReadable = (zoom: number): boolean =>
  zoom * LABEL_SIZES.edge >= MIN_ZOOMED_FONT_PX;

/** Edges whose label the style draws at any zoom (graph-style.ts: `min-zoomed-font-size: 0`). */
const alwaysLabelled = (edge: CyEdgeData, selected: string | undefined): boolean =>
  edge.found || edge.traced || edge.whatIf || edge.delay !== undefined || edge.id === selected;

/**
 * The elements as the canvas holds them. While edge labels are too small to be drawn,
 * the canvas holds them empty: a refresh that only moves rates (every label's text) then
 * changes no element, and Cytoscape restyles and redraws nothing; the labels come back as soon
 * as a zoom makes them readable. Labels drawn at any zoom are kept.
 */
export function heldElements(
  elements: CyElements,
  labelsReadable: boolean,
  selected?: string,
): CyElements {
  if (labelsReadable) return elements;
  return {
    nodes: elements.nodes,
    edges: elements.edges.map((edge) =>
      edge.data.label === '' || alwaysLabelled(edge.data, selected)
        ? edge
        : { data: { ...edge.data, label: '' } },
    ),
  };
}
