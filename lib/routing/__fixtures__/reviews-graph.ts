import type { GraphResponse } from '../../contracts/graph';

/** A versioned-app graph slice: the reviews service sending 6 req/s to v1 and 4 to v2. */
export const REVIEWS_GRAPH = {
  elements: {
    nodes: [
      {
        data: {
          id: 'service/bookinfo/reviews',
          nodeType: 'service',
          namespace: 'bookinfo',
          service: 'reviews',
        },
      },
      {
        data: {
          id: 'app/bookinfo/reviews/v1',
          nodeType: 'app',
          namespace: 'bookinfo',
          app: 'reviews',
          version: 'v1',
        },
      },
      {
        data: {
          id: 'app/bookinfo/reviews/v2',
          nodeType: 'app',
          namespace: 'bookinfo',
          app: 'reviews',
          version: 'v2',
        },
      },
    ],
    edges: [
      {
        data: {
          id: 'a',
          source: 'service/bookinfo/reviews',
          target: 'app/bookinfo/reviews/v1',
          protocol: 'http',
          rate: 6,
          errorPercent: 0,
          responseTimeMs: 12,
        },
      },
      {
        data: {
          id: 'b',
          source: 'service/bookinfo/reviews',
          target: 'app/bookinfo/reviews/v2',
          protocol: 'http',
          rate: 4,
          errorPercent: 25,
          responseTimeMs: 30,
        },
      },
    ],
  },
} as unknown as GraphResponse;
