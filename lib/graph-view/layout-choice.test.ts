import { describe, expect, it } from 'vitest';
import { chooseLayout, SLOW_LAYOUT_MAX_NODES } from './layout-choice';

describe('chooseLayout', () => {
  it('keeps the layout asked for on graphs a person can lay out by eye', () => {
    expect(chooseLayout('dagre', 13)).toEqual({ layout: 'dagre' });
    expect(chooseLayout('cose', SLOW_LAYOUT_MAX_NODES)).toEqual({ layout: 'cose' });
    expect(chooseLayout('fcose', 5000)).toEqual({ layout: 'fcose' });
  });

  it('switches a large graph to the fast layout, and says why', () => {
    expect(chooseLayout('dagre', 2439)).toEqual({
      layout: 'fcose',
      notice:
        '2,439 nodes: "left to right" would take minutes past 400 nodes, so this graph uses the fast force-directed layout.',
    });
    expect(chooseLayout('cose', SLOW_LAYOUT_MAX_NODES + 1).layout).toBe('fcose');
  });

  it('keeps the layout asked for on a large graph in boxes of a few hundred nodes at most', () => {
    expect(chooseLayout('dagre', 2439, false, 120)).toEqual({
      layout: 'dagre',
      notice: '2,439 nodes: each namespace is laid out on its own, side by side.',
    });
    expect(chooseLayout('dagre', 2439, false, SLOW_LAYOUT_MAX_NODES + 1).layout).toBe('fcose');
    expect(chooseLayout('dagre', 2439, false, undefined).layout).toBe('fcose');
  });

  it('lays folded namespaces out in rings: they call each other every way', () => {
    expect(chooseLayout('dagre', 51, true)).toEqual({ layout: 'rings' });
    expect(chooseLayout('cose', 51, true)).toEqual({ layout: 'cose' });
  });
});
