import { describe, expect, it } from 'vitest';
import { graphPath, whatIfHref } from './links';
import { DEFAULT_VIEW, parseViewState } from './view-state';

describe('graphPath', () => {
  it('is the bare page for the default view', () => {
    expect(graphPath()).toBe('/graph');
    expect(graphPath(DEFAULT_VIEW)).toBe('/graph');
  });

  it('writes what differs from the defaults, and reads back as the same view', () => {
    const view = {
      namespaces: ['bookinfo', 'istio-system'],
      graphType: 'workload' as const,
      selected: 'workload/bookinfo/reviews-v2',
    };
    const path = graphPath(view);
    expect(path).toBe(
      '/graph?namespaces=bookinfo%2Cistio-system&graphType=workload&selected=workload%2Fbookinfo%2Freviews-v2',
    );
    expect(parseViewState(new URL(path, 'http://x').searchParams)).toEqual({
      ...DEFAULT_VIEW,
      ...view,
    });
  });
});

describe('whatIfHref', () => {
  it('links the graph with the default route’s weights by version label', () => {
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
      '/graph?namespaces=bookinfo&whatif=bookinfo%2Freviews%3Av1%3D90%2Cv2%3D10',
    );
    expect(whatIfHref('bookinfo', 'reviews', { ...spec, http: [] })).toBeUndefined();
  });
});
