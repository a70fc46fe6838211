import { describe, expect, it } from 'vitest';
import { REVIEWS_GRAPH } from '../routing/__fixtures__/reviews-graph';
import { parseWhatIf, serializeWhatIf, whatIfEdges } from './what-if';

const graph = REVIEWS_GRAPH;

describe('what-if', () => {
  it('parses and serialises the URL parameter, refusing anything else', () => {
    const w = parseWhatIf('bookinfo/reviews:v1=80,v3=20');
    expect(w).toEqual({
      namespace: 'bookinfo',
      service: 'reviews',
      weights: [
        { version: 'v1', weight: 80 },
        { version: 'v3', weight: 20 },
      ],
    });
    expect(serializeWhatIf(w as never)).toBe('bookinfo/reviews:v1=80,v3=20');
    for (const bad of [
      '',
      'bookinfo/reviews',
      'Bookinfo/reviews:v1=1',
      'bookinfo/reviews:v1=-1',
      'bookinfo/reviews:v1=x',
      'a/b:"=1',
    ])
      expect(parseWhatIf(bad)).toBeUndefined();
  });

  it('spreads the current rate by the weights, listing versions without an edge', () => {
    const result = whatIfEdges(graph, parseWhatIf('bookinfo/reviews:v1=80,v3=20') as never);
    expect(result.total).toBe(10);
    expect(Object.fromEntries(result.projected)).toEqual({ a: 8, b: 0 });
    expect(result.missing).toEqual([{ version: 'v3', rate: 2 }]);
  });
});
