import { describe, expect, it } from 'vitest';
import { runLayout, type LayoutRequest } from './layout-run';

const node = (id: string, parent?: string) => ({ id, parent, w: 26, h: 26, x: 0, y: 0 });
const box = (id: string) => ({ id, isBox: true, w: 0, h: 0, x: 0, y: 0 });

type Rect = { minX: number; maxX: number; minY: number; maxY: number };
const rectOf = (p: { x: number; y: number }, w: number, h: number): Rect => ({
  minX: p.x - w / 2,
  maxX: p.x + w / 2,
  minY: p.y - h / 2,
  maxY: p.y + h / 2,
});
const overlap = (p: Rect, q: Rect) =>
  p.minX < q.maxX && q.minX < p.maxX && p.minY < q.maxY && q.minY < p.maxY;
const union = (rects: Rect[]): Rect => ({
  minX: Math.min(...rects.map((r) => r.minX)),
  maxX: Math.max(...rects.map((r) => r.maxX)),
  minY: Math.min(...rects.map((r) => r.minY)),
  maxY: Math.max(...rects.map((r) => r.maxY)),
});

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
      nodes.push(box(`box/${ns}`));
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
    const [a, b, c] = ['a', 'b', 'c'].map(extent) as [
      ReturnType<typeof extent>,
      ReturnType<typeof extent>,
      ReturnType<typeof extent>,
    ];
    expect(overlap(a, b) || overlap(b, c) || overlap(a, c)).toBe(false);
    // Each chain still reads left to right inside its box.
    expect(positions.a0?.x ?? NaN).toBeLessThan(positions.a149?.x ?? NaN);
  });

  it('lays a small graph of many namespace boxes out a box at a time, not as one tall column', () => {
    // One service calling into twenty namespaces: the layered layout put the twenty boxes in
    // one column, twenty boxes tall.
    const nodes: LayoutRequest['nodes'] = [box('box/home'), node('caller', 'box/home')];
    const edges: LayoutRequest['edges'] = [];
    for (let i = 0; i < 20; i += 1) {
      nodes.push(box(`box/ns${i}`), node(`callee${i}`, `box/ns${i}`));
      edges.push({ id: `e${i}`, source: 'caller', target: `callee${i}` });
    }
    const positions = runLayout({ layout: 'dagre', nodes, edges });
    const rects = Object.values(positions).map((p) => rectOf(p, 26, 26));
    const all = union(rects);
    expect(all.maxY - all.minY).toBeLessThan(2 * (all.maxX - all.minX));
    for (const [i, r] of rects.entries())
      for (const q of rects.slice(i + 1)) expect(overlap(r, q)).toBe(false);
  });

  it('puts folded namespaces on rings, the busiest innermost, none overlapping, wider than tall', () => {
    const folded = Array.from({ length: 51 }, (_, i) => ({
      ...node(`ns/${String(i).padStart(2, '0')}`),
      w: 120,
      h: 40,
      weight: 51 - i,
    }));
    const positions = runLayout({ layout: 'rings', nodes: folded, edges: [] });
    const rects = folded.map((n) => rectOf(positions[n.id] ?? { x: NaN, y: NaN }, n.w, n.h));
    for (const [i, r] of rects.entries())
      for (const q of rects.slice(i + 1)) expect(overlap(r, q)).toBe(false);
    // Distance from the middle on the rings' own (elliptical) scale grows with less traffic.
    const reach = folded.map((n) => {
      const p = positions[n.id] ?? { x: NaN, y: NaN };
      return Math.round(Math.hypot(p.x / n.w, p.y / n.h) * 10);
    });
    expect(reach).toEqual([...reach].sort((a, b) => a - b));
    expect(positions['ns/00']).toEqual({ x: 0, y: 0 });
    const all = union(rects);
    expect(all.maxX - all.minX).toBeGreaterThan(all.maxY - all.minY);
    // Cytoscape's concentric layout spread these 51 over about 2,000 px each way.
    expect(all.maxX - all.minX).toBeLessThan(14 * 120);
  });

  it('rings the folded namespaces around the ones opened, laid out left to right in the middle', () => {
    const nodes: LayoutRequest['nodes'] = [
      box('box/shop'),
      node('web', 'box/shop'),
      node('cart', 'box/shop'),
      ...Array.from({ length: 12 }, (_, i) => ({ ...node(`ns/${i}`), w: 100, h: 40, weight: i })),
    ];
    const edges = [
      { id: 'e1', source: 'web', target: 'cart' },
      { id: 'e2', source: 'ns/3', target: 'web' },
    ];
    const positions = runLayout({ layout: 'rings', nodes, edges });
    expect(Object.keys(positions)).toHaveLength(14);
    expect(positions.web?.x ?? NaN).toBeLessThan(positions.cart?.x ?? NaN);
    const middle = union(
      ['web', 'cart'].map((id) => rectOf(positions[id] ?? { x: 0, y: 0 }, 26, 26)),
    );
    for (let i = 0; i < 12; i += 1)
      expect(overlap(rectOf(positions[`ns/${i}`] ?? { x: 0, y: 0 }, 100, 40), middle)).toBe(false);
  });

  it('keeps the rings wider than tall around a tall namespace opened in the middle', () => {
    // One caller of thirty callees: the left-to-right layout stacks the callees in a column.
    const nodes: LayoutRequest['nodes'] = [box('box/shop'), node('web', 'box/shop')];
    const edges: LayoutRequest['edges'] = [];
    for (let i = 0; i < 30; i += 1) {
      nodes.push(node(`callee${i}`, 'box/shop'));
      edges.push({ id: `e${i}`, source: 'web', target: `callee${i}` });
    }
    const ringed = Array.from({ length: 20 }, (_, i) => ({ ...node(`ns/${i}`), w: 100, h: 40 }));
    const positions = runLayout({ layout: 'rings', nodes: [...nodes, ...ringed], edges });
    const inside = union(
      nodes.slice(1).map((n) => rectOf(positions[n.id] ?? { x: 0, y: 0 }, n.w, n.h)),
    );
    expect(inside.maxY - inside.minY).toBeGreaterThan(inside.maxX - inside.minX);
    const all = union(ringed.map((n) => rectOf(positions[n.id] ?? { x: NaN, y: NaN }, n.w, n.h)));
    expect(all.maxX - all.minX).toBeGreaterThan(all.maxY - all.minY);
  });

  it('keeps each cluster’s namespace boxes together, clusters apart, small graph or large', () => {
    // Two clusters, each with the same two namespaces; calls within and across clusters.
    const build = (size: number) => {
      const nodes: LayoutRequest['nodes'] = [];
      const edges: LayoutRequest['edges'] = [];
      for (const cluster of ['east', 'west']) {
        nodes.push(box(`box@${cluster}`));
        for (const ns of ['shop', 'pay']) {
          const boxId = `box/${ns}@${cluster}`;
          nodes.push({ ...box(boxId), parent: `box@${cluster}` });
          for (let i = 0; i < size; i += 1) {
            nodes.push(node(`${cluster}/${ns}${i}`, boxId));
            if (i > 0)
              edges.push({
                id: `${cluster}${ns}${i}`,
                source: `${cluster}/${ns}${i - 1}`,
                target: `${cluster}/${ns}${i}`,
              });
          }
        }
        edges.push({ id: `${cluster}pay`, source: `${cluster}/shop0`, target: `${cluster}/pay0` });
      }
      edges.push({ id: 'across', source: 'east/shop0', target: 'west/shop0' });
      return { layout: 'dagre' as const, nodes, edges };
    };
    for (const size of [3, 150]) {
      const positions = runLayout(build(size));
      expect(Object.keys(positions)).toHaveLength(4 * size);
      const extent = (prefix: string) =>
        union(
          Object.entries(positions)
            .filter(([id]) => id.startsWith(prefix))
            .map(([, p]) => rectOf(p, 26, 26)),
        );
      // Apart by room for both clusters' frames and labels, not just not overlapping.
      const [e, w] = [extent('east/'), extent('west/')];
      expect(
        Math.max(w.minX - e.maxX, e.minX - w.maxX, w.minY - e.maxY, e.minY - w.maxY),
      ).toBeGreaterThanOrEqual(150);
      expect(overlap(extent('east/shop'), extent('east/pay'))).toBe(false);
    }
  });
});
