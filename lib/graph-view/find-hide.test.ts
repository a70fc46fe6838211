import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EdgeData, GraphResponse, NodeData } from '../contracts/graph';
import { findElements, hideElements, parseFilter, type FilterTarget } from './find-hide';

const node = (data: Partial<NodeData> & Pick<NodeData, 'id'>): NodeData => ({
  nodeType: 'workload',
  namespace: 'bookinfo',
  isRoot: false,
  isOutside: false,
  isInjectedService: false,
  traffic: [],
  health: { status: 'healthy' },
  ...data,
});

const reviews2 = node({
  id: 'workload/bookinfo/reviews-v2',
  workload: 'reviews-v2',
  app: 'reviews',
  version: 'v2',
  traffic: [{ protocol: 'http', rateIn: 20, rateOut: 10, inByClass: { '2xx': 18, '5xx': 2 } }],
  health: { status: 'degraded' },
});
const gateway = node({
  id: 'workload/istio-system/gw',
  workload: 'gw',
  namespace: 'istio-system',
  isRoot: true,
  isOutside: true,
});
const edge: EdgeData = {
  id: 'e',
  source: gateway.id,
  target: reviews2.id,
  protocol: 'http',
  rate: 12,
  rateByClass: {},
  rateByCode: [],
  rateByFlags: {},
  rateByHost: {},
  errorPercent: 6,
  percentOfSource: 100,
  responseTimeMs: 250,
  mtlsPercent: 100,
  health: { status: 'degraded' },
};

const n = (data: NodeData): FilterTarget => ({ kind: 'node', data });
const e = (data: EdgeData): FilterTarget => ({ kind: 'edge', data });

function matches(expression: string, target: FilterTarget): boolean {
  const parsed = parseFilter(expression);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.predicate(target);
}

describe('find/hide expressions', () => {
  it.each([
    ['name=reviews*', n(reviews2), true],
    ['name=reviews-v2', n(reviews2), true],
    ['name=ratings', n(reviews2), false],
    ['ns=bookinfo', n(reviews2), true],
    ['ns!=bookinfo', n(reviews2), false],
    ['cluster=west', n({ ...reviews2, cluster: 'west' }), true],
    ['cluster=west', n({ ...reviews2, cluster: 'east' }), false],
    ['cluster=west', n(reviews2), false],
    ['app=reviews AND version=v2', n(reviews2), true],
    ['app=reviews and version=v1', n(reviews2), false],
    ['version=v1 OR version=v2', n(reviews2), true],
    ['rps > 10', n(reviews2), true],
    ['rps > 10', e(edge), true],
    ['rps >= 30.5', n(reviews2), false],
    ['%err >= 5', n(reviews2), true],
    ['%err >= 5', e(edge), true],
    ['rt > 200', e(edge), true],
    ['rt > 200', n(reviews2), false],
    ['mtls', e(edge), true],
    ['mtls', n(reviews2), false],
    ['healthy', n(reviews2), false],
    ['!healthy', n(reviews2), true],
    ['NOT healthy && degraded', n(reviews2), true],
    ['root', n(gateway), true],
    ['outside || idle', n(gateway), true],
    ['!(ns=bookinfo OR root)', n(gateway), false],
    ['name="reviews-v2"', n(reviews2), true],
    ['http', e(edge), true],
    ['tcp', e(edge), false],
  ])('%s on %j', (expression, target, expected) => {
    expect(matches(expression, target as FilterTarget)).toBe(expected);
  });

  it.each([
    ['rps >', 'expected a value after rps>'],
    ['rps > fast', 'rps compares with a number, got "fast"'],
    ['colour=red', 'unknown field "colour"'],
    ['shiny', 'unknown flag "shiny"'],
    ['name > 3', 'name takes = or !=, not >'],
    ['(healthy', 'missing ) for the ( at position 1'],
    ['healthy degraded', 'expected AND or OR before "degraded" at position 9'],
    ['healthy AND', 'the expression ends too early'],
    ['rps > 1 ; drop', 'unexpected character ";" at position 9'],
  ])('rejects %j with a message', (expression, message) => {
    const parsed = parseFilter(expression);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseFilter(text);
        expect(typeof parsed.ok).toBe('boolean');
        if (parsed.ok) {
          expect(() => parsed.predicate(n(reviews2))).not.toThrow();
          expect(() => parsed.predicate(e(edge))).not.toThrow();
        }
      }),
    );
  });

  it('hides nodes with their edges, and finds matching elements', () => {
    const graph: GraphResponse = {
      timestamp: 0,
      duration: 60,
      graphType: 'workload',
      warnings: [],
      elements: { nodes: [{ data: gateway }, { data: reviews2 }], edges: [{ data: edge }] },
    };
    const hide = parseFilter('root');
    if (!hide.ok) throw new Error(hide.error);
    const hidden = hideElements(graph, hide.predicate);
    expect(hidden.elements.nodes.map((x) => x.data.id)).toEqual([reviews2.id]);
    expect(hidden.elements.edges).toEqual([]);
    const find = parseFilter('rt > 200 OR name=gw');
    if (!find.ok) throw new Error(find.error);
    expect([...findElements(graph, find.predicate)].sort()).toEqual(['e', gateway.id]);
  });
});

describe('find/hide on a compared graph', () => {
  const slower = e({
    ...edge,
    compared: { status: 'kept', rate: 10, errorPercent: 1, responseTimeMs: 50 },
  });
  const fresh = e({ ...edge, compared: { status: 'new' } });
  const busier = n({ ...reviews2, compared: { status: 'kept', rate: 20, errorPercent: 0 } });

  it('reads the changes since the baseline', () => {
    expect(matches('Δrt > 150', slower)).toBe(true);
    expect(matches('Δrt > 250', slower)).toBe(false);
    expect(matches('Δ%err > 2', slower)).toBe(true);
    expect(matches('delta.rps = 2', slower)).toBe(true);
    // A node's rate is in and out: 30 now against 20.
    expect(matches('Δrps >= 10 && Δ%err > 5', busier)).toBe(true);
  });

  it('counts a new element’s figures as the change, and knows no change outside a comparison', () => {
    expect(matches('Δrps = 12', fresh)).toBe(true);
    expect(matches('Δrt > 0', fresh)).toBe(false);
    expect(matches('Δrps > -1000', e(edge))).toBe(false);
    expect(matches('Δrt < 1000', n(reviews2))).toBe(false);
  });
});
