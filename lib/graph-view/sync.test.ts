import cytoscape, { type Core } from 'cytoscape';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CyEdgeData, CyElements, CyNodeData } from './cy-elements';
import { syncElements } from './sync';

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

  it('adds everything the first time and reports a change', () => {
    expect(syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b')]))).toBe(true);
    expect(cy.nodes().map((n) => n.id())).toEqual(['a', 'b']);
    expect(cy.edges().length).toBe(1);
  });

  it('updates data in place without moving nodes or reporting a change', () => {
    syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b', 1)]));
    cy.getElementById('a').position({ x: 10, y: 20 });
    const changed = syncElements(
      cy,
      elements([node('a', { label: 'A!' }), node('b')], [edge('a', 'b', 7)]),
    );
    expect(changed).toBe(false);
    expect(cy.getElementById('a').position()).toEqual({ x: 10, y: 20 });
    expect(cy.getElementById('a').data('label')).toBe('A!');
    expect(cy.getElementById('a->b:http').data('rate')).toBe(7);
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

  it('removes what went away and reports a change', () => {
    syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b')]));
    expect(syncElements(cy, elements([node('a')], []))).toBe(true);
    expect(cy.elements().map((e) => e.id())).toEqual(['a']);
  });

  it('moves nodes between namespace boxes and reports a change', () => {
    syncElements(
      cy,
      elements([node('box/x', { isBox: true }), node('a', { parent: 'box/x' })], []),
    );
    expect(cy.getElementById('a').parent().first().id()).toBe('box/x');
    expect(syncElements(cy, elements([node('a')], []))).toBe(true);
    expect(cy.getElementById('a').parent().empty()).toBe(true);
  });

  it('places a new node next to its placed neighbours', () => {
    syncElements(cy, elements([node('a'), node('b')], [edge('a', 'b')]));
    cy.getElementById('a').position({ x: 100, y: 100 });
    cy.getElementById('b').position({ x: 300, y: 100 });
    syncElements(cy, elements([node('a'), node('b'), node('c')], [edge('a', 'b'), edge('b', 'c')]));
    const c = cy.getElementById('c').position();
    expect(Math.abs(c.x - 300)).toBeLessThanOrEqual(60);
    expect(Math.abs(c.y - 100)).toBeLessThanOrEqual(60);
  });
});
