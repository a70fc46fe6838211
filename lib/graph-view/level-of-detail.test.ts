import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { toCyElements } from './cy-elements';
import { graphStylesheet, LABEL_SIZES, MIN_ZOOMED_FONT_PX } from './graph-style';
import { testTheme } from './test-theme';
import { edgeLabelsReadable, heldElements } from './level-of-detail';
import { syncElements } from './sync';
import { testEdge, testGraph, testNode } from './test-graph';

const graphAt = (rate: number) =>
  toCyElements(
    testGraph(
      [testNode('a'), testNode('b'), testNode('c')],
      [testEdge('a', 'b', rate), testEdge('b', 'c', rate * 2)],
    ),
    { edgeLabel: 'rps', namespaceBoxes: false, securityBadges: false },
  );

describe('edge labels by zoom', () => {
  it('are readable from the zoom where Cytoscape draws them', () => {
    const threshold = MIN_ZOOMED_FONT_PX / LABEL_SIZES.edge;
    expect(edgeLabelsReadable(threshold)).toBe(true);
    expect(edgeLabelsReadable(threshold * 0.99)).toBe(false);
    expect(edgeLabelsReadable(1)).toBe(true);
  });

  it('are held back while unreadable, except those drawn at any zoom', () => {
    const elements = graphAt(10);
    expect(heldElements(elements, true)).toBe(elements);
    const held = heldElements(
      {
        ...elements,
        edges: elements.edges.map((e, i) => (i === 1 ? { data: { ...e.data, found: true } } : e)),
      },
      false,
    );
    expect(held.edges.map((e) => e.data.label)).toEqual(['', '20.0 rps']);
    expect(heldElements(elements, false, 'a->b').edges.map((e) => e.data.label)).toEqual([
      '10.0 rps',
      '',
    ]);
    // Nothing else changes: widths and health still follow the rates.
    expect(held.edges[0]?.data.width).toBe(elements.edges[0]?.data.width);
  });

  it('make a refresh that only moves rates change no element while zoomed out', () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: graphStylesheet(testTheme()),
    });
    syncElements(cy, heldElements(graphAt(10), false));
    let restyled = 0;
    cy.on('data', () => (restyled += 1));
    syncElements(cy, heldElements(graphAt(10.4), false));
    expect(restyled).toBe(0);
    syncElements(cy, heldElements(graphAt(10.4), true));
    expect(restyled).toBe(2);
    expect(cy.getElementById('a->b').data('label')).toBe('10.4 rps');
  });
});
