import cytoscape, { type Core } from 'cytoscape';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CyEdgeData, CyElements, CyNodeData } from './cy-elements';
import { needsLayout, syncElements } from './sync';

const node = (id: string, extra: Partial<CyNodeData> = {}) => ({
  data: { id, label: id, ...extra },
});
const edge = (source: string, target: string, rate = 1) => ({
  data: {
    id: `${source}->${target}:http`,
    source,
    target,
    rate,
    label: `${rate}`,
  } as unknown as CyEdgeData,
});
const elements = (nodes: { data: CyNodeData }[], edges: { data: CyEdgeData }[]): CyElements => ({
  nodes,
  edges,
});

describe('syncElements (headless Cytoscape)', () => {
  let cy: Core;
  beforeEach(() => {
    cy = cytoscape({ headless: true });
  });
  afterEach(() => cy.destroy());

  it('adds everything the first time, which needs a layout', () => {
    const changes = syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b')]));
    expect(changes).toMatchObject({ addedNodes: 2, unplaced: 2, addedEdges: 1 });
    expect(needsLayout(changes, 2)).toBe(true);
    expect(cy.nodes().map((n) => n.id())).toEqual(['a', 'b']);
    expect(cy.edges().length).toBe(1);
  });

  it('updates data in place without moving nodes or needing a layout', () => {
    syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b', 1)]));
    cy.getElementById('a').position({ x: 10, y: 20 });
    const changes = syncElements(
      cy,
      elements([node('a', { label: 'A!' }), node('b')], [edge('a', 'b', 7)]),
    );
    expect(changes).toEqual({
      addedNodes: 0,
      unplaced: 0,
      removed: 0,
      addedEdges: 0,
      reparented: 0,
    });
    expect(needsLayout(changes, 2)).toBe(false);
    expect(cy.getElementById('a').position()).toEqual({ x: 10, y: 20 });
    expect(cy.getElementById('a').data('label')).toBe('A!');
    expect(cy.getElementById('a->b:http').data('rate')).toBe(7);
  });

  it('does not restyle for a change no one would see, and sets it with the next that shows', () => {
    const withWidth = (width: number, label = '1') =>
      ({ data: { ...edge('a', 'b').data, width, label } }) as { data: CyEdgeData };
    syncElements(cy, elements([node('a', { weight: 1.2 }), node('b')], [withWidth(2.0)]));
    let restyled = 0;
    cy.on('data', () => (restyled += 1));
    // A layout hint and a width a fifth of a pixel wider: nothing to redraw.
    syncElements(cy, elements([node('a', { weight: 1.9 }), node('b')], [withWidth(2.2)]));
    expect(restyled).toBe(0);
    expect(cy.getElementById('a').data('weight')).toBe(1.2);
    // Half a pixel is seen; a new label too, and the element then takes all its new data.
    syncElements(cy, elements([node('a', { weight: 1.9 }), node('b')], [withWidth(2.5)]));
    expect(cy.getElementById('a->b:http').data('width')).toBe(2.5);
    syncElements(
      cy,
      elements([node('a', { weight: 1.9, label: 'A' }), node('b')], [withWidth(2.5)]),
    );
    expect(cy.getElementById('a').data('weight')).toBe(1.9);
    expect(restyled).toBe(2);
  });

  it('clears data that became undefined', () => {
    syncElements(cy, elements([node('a', { isIdle: true })], []));
    syncElements(cy, elements([node('a', { isIdle: undefined })], []));
    expect(cy.getElementById('a').data('isIdle')).toBeNull();
  });

  it('leaves elements whose data is unchanged alone (no restyle), and updates the rest', () => {
    const graph = () => elements([node('a'), node('b')], [edge('a', 'b')]);
    syncElements(cy, graph());
    let updates = 0;
    cy.on('data', () => (updates += 1));
    syncElements(cy, graph());
    expect(updates).toBe(0);
    syncElements(cy, elements([node('a', { label: 'A!' }), node('b')], [edge('a', 'b')]));
    expect(updates).toBe(1);
  });

  it('removes what went away; edges and nodes that go need no layout', () => {
    syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b')]));
    const changes = syncElements(cy, elements([node('a')], []));
    expect(changes.removed).toBe(1); // b, and its edge with it
    expect(needsLayout(changes, 1)).toBe(false);
    expect(cy.elements().map((e) => e.id())).toEqual(['a']);
    // A call between placed nodes that comes back needs none either.
    cy.getElementById('a').position({ x: 5, y: 5 });
    const back = syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b')]));
    expect(back).toMatchObject({ addedNodes: 1, unplaced: 0, addedEdges: 1 });
    expect(needsLayout(back, 2)).toBe(false);
  });

  it('moves nodes between namespace boxes, which needs a layout', () => {
    const box = node('box/x', { isBox: true });
    syncElements(
      cy,
      elements([box, node('a', { parent: 'box/x' }), node('b', { parent: 'box/x' })], []),
    );
    expect(cy.getElementById('a').parent().first().id()).toBe('box/x');
    const changes = syncElements(
      cy,
      elements([box, node('a'), node('b', { parent: 'box/x' })], []),
    );
    expect(changes.reparented).toBe(1);
    expect(needsLayout(changes, 2)).toBe(true);
    expect(cy.getElementById('a').parent().empty()).toBe(true);
  });

  it('places a new node next to its placed neighbours', () => {
    syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b')]));
    cy.getElementById('a').position({ x: 100, y: 100 });
    cy.getElementById('b').position({ x: 300, y: 100 });
    syncElements(cy, elements([node('a'), node('b'), node('c')], [edge('a', 'b'), edge('b', 'c')]));
    const c = cy.getElementById('c').position();
    expect(
      needsLayout({ addedNodes: 1, unplaced: 0, removed: 0, addedEdges: 1, reparented: 0 }, 3),
    ).toBe(false);
    expect(Math.abs(c.x - 300)).toBeLessThanOrEqual(60);
    expect(Math.abs(c.y - 100)).toBeLessThanOrEqual(60);
  });

  it('lays out again when many nodes are new, or one has no placed neighbour', () => {
    const changes = { addedNodes: 0, unplaced: 0, removed: 0, addedEdges: 0, reparented: 0 };
    expect(needsLayout({ ...changes, addedNodes: 5 }, 200)).toBe(false);
    expect(needsLayout({ ...changes, addedNodes: 11 }, 200)).toBe(true);
    expect(needsLayout({ ...changes, addedNodes: 1, unplaced: 1 }, 200)).toBe(true);
  });
});
