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

describe('whatIfHref', () => {
  it('links the graph with the default route’s weights by version label', async () => {
    const { whatIfHref } = await import('./what-if');
    const spec = {
      http: [
        {
          match: [{ headers: [{ name: 'end-user', type: 'exact' as const, value: 'jason' }] }],
          destinations: [{ host: 'reviews', subset: 'canary', weight: 100 }],
        },
        {
          match: [],
          destinations: [
            { host: 'reviews', subset: 'stable', weight: 90 },
            { host: 'reviews', subset: 'canary', weight: 10 },
          ],
        },
      ],
      tcp: [],
      subsets: [
        { name: 'stable', labels: { version: 'v1' } },
        { name: 'canary', labels: { version: 'v2' } },
      ],
    };
    expect(whatIfHref('bookinfo', 'reviews', spec)).toBe(
      '/graph?namespaces=bookinfo&graphType=versionedApp&whatif=bookinfo%2Freviews%3Av1%3D90%2Cv2%3D10',
    );
    expect(whatIfHref('bookinfo', 'reviews', { ...spec, http: [] })).toBeUndefined();
  });
});
