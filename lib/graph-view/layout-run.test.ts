import { describe, expect, it } from 'vitest';
import { runLayout, type LayoutRequest } from './layout-run';

const node = (id: string, parent?: string) => ({ id, parent, w: 26, h: 26, x: 0, y: 0 });

describe('runLayout (the layout worker’s work, run here in Node)', () => {
  const request: LayoutRequest = {
    layout: 'dagre',
    nodes: [
      { id: 'ns/shop', isBox: true, w: 0, h: 0, x: 0, y: 0 },
      node('gateway'),
      node('web', 'ns/shop'),
      node('cart', 'ns/shop'),
      node('db', 'ns/shop'),
    ],
    edges: [
      { id: 'e1', source: 'gateway', target: 'web' },
      { id: 'e2', source: 'web', target: 'cart' },
      { id: 'e3', source: 'cart', target: 'db' },
    ],
  };

  it('places every node but the namespace boxes, callers left of callees', () => {
    const positions = runLayout(request);
    expect(Object.keys(positions).sort()).toEqual(['cart', 'db', 'gateway', 'web']);
    const x = (id: string) => positions[id]?.x ?? NaN;
    expect(x('gateway')).toBeLessThan(x('web'));
    expect(x('web')).toBeLessThan(x('cart'));
    expect(x('cart')).toBeLessThan(x('db'));
  });

  it('is deterministic for the layered layout, and spreads a force-directed one', () => {
    expect(runLayout(request)).toEqual(runLayout(request));
    const spread = runLayout({ ...request, layout: 'fcose' });
    const points = new Set(
      Object.values(spread).map(({ x, y }) => `${x.toFixed(0)},${y.toFixed(0)}`),
    );
    expect(points.size).toBe(4);
  });
});
