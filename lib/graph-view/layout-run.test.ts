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

  it('lays a large boxed graph out one namespace at a time, boxes side by side', () => {
    // Three namespaces of 150 nodes each, a chain in each and one call between them.
    const nodes: LayoutRequest['nodes'] = [];
    const edges: LayoutRequest['edges'] = [];
    for (const ns of ['a', 'b', 'c']) {
      nodes.push({ id: `box/${ns}`, isBox: true, w: 0, h: 0, x: 0, y: 0 });
      for (let i = 0; i < 150; i += 1) {
        nodes.push(node(`${ns}${i}`, `box/${ns}`));
        if (i > 0) edges.push({ id: `e${ns}${i}`, source: `${ns}${i - 1}`, target: `${ns}${i}` });
      }
    }
    edges.push({ id: 'across', source: 'a149', target: 'b0' });
    const positions = runLayout({ layout: 'dagre', nodes, edges });
    expect(Object.keys(positions)).toHaveLength(450);
    const extent = (ns: string) => {
      const points = Object.entries(positions)
        .filter(([id]) => id.startsWith(ns))
        .map(([, p]) => p);
      return {
        minX: Math.min(...points.map((p) => p.x)) - 13,
        maxX: Math.max(...points.map((p) => p.x)) + 13,
        minY: Math.min(...points.map((p) => p.y)) - 13,
        maxY: Math.max(...points.map((p) => p.y)) + 13,
      };
    };
    const overlap = (p: ReturnType<typeof extent>, q: ReturnType<typeof extent>) =>
      p.minX < q.maxX && q.minX < p.maxX && p.minY < q.maxY && q.minY < p.maxY;
    const [a, b, c] = ['a', 'b', 'c'].map(extent) as [
      ReturnType<typeof extent>,
      ReturnType<typeof extent>,
      ReturnType<typeof extent>,
    ];
    expect(overlap(a, b) || overlap(b, c) || overlap(a, c)).toBe(false);
    // Each chain still reads left to right inside its box.
    expect(positions.a0?.x ?? NaN).toBeLessThan(positions.a149?.x ?? NaN);
  });
});
