import { describe, expect, it } from 'vitest';
import { kialiTrace as trace } from '../tracing/__fixtures__/kiali-trace';
import { jaegerSearchUrl, newestTraces, traceFilter, tracingServiceName } from './search';
import { summariseTrace } from './tree';

describe('tracingServiceName', () => {
  it('fills the template with the service and namespace', () => {
    expect(tracingServiceName('{service}.{namespace}', 'reviews', 'bookinfo')).toBe(
      'reviews.bookinfo',
    );
    expect(tracingServiceName('{service}', 'reviews', 'bookinfo')).toBe('reviews');
  });
});

describe('jaegerSearchUrl', () => {
  it('is the same search on Jaeger UI’s search page', () => {
    const url = new URL(
      jaegerSearchUrl('https://jaeger.example/ui/', {
        service: 'reviews.bookinfo',
        startUs: 1_000_000,
        endUs: 2_000_000,
        limit: 20,
        minDurationUs: 1500,
        errorsOnly: true,
        tags: { 'http.method': 'GET' },
      }),
    );
    expect(url.pathname).toBe('/ui/search');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      service: 'reviews.bookinfo',
      start: '1000000',
      end: '2000000',
      limit: '20',
      lookback: 'custom',
      minDuration: '1500us',
      tags: JSON.stringify({ 'http.method': 'GET', error: 'true' }),
    });
  });

  it('leaves out what the search does not set', () => {
    const url = new URL(
      jaegerSearchUrl('https://jaeger.example', {
        service: 'a',
        startUs: 1,
        endUs: 2,
        limit: 5,
      }),
    );
    expect(url.searchParams.has('minDuration')).toBe(false);
    expect(url.searchParams.has('tags')).toBe(false);
  });
});

describe('traceFilter', () => {
  const reviewsV2 = { kind: 'workload', namespace: 'bookinfo', name: 'reviews-v2' } as const;

  it('needs none for a service: the backend searches by service', () => {
    expect(
      traceFilter(
        { kind: 'service', namespace: 'bookinfo', name: 'reviews' },
        'reviews.bookinfo',
        undefined,
      ),
    ).toBeUndefined();
  });

  it('keeps traces with a span of the workload’s pods', () => {
    expect(traceFilter(reviewsV2, 'reviews.bookinfo', undefined)?.(trace())).toBe(true);
    const v1 = { ...reviewsV2, name: 'reviews-v1' };
    expect(traceFilter(v1, 'reviews.bookinfo', undefined)?.(trace())).toBe(false);
  });

  it('keeps traces with a call from the caller to the target, for an edge', () => {
    const fromProductpage = 'bookinfo/productpage-v1';
    expect(traceFilter(reviewsV2, 'reviews.bookinfo', fromProductpage)?.(trace())).toBe(true);
    const reviews = { kind: 'service', namespace: 'bookinfo', name: 'reviews' } as const;
    expect(traceFilter(reviews, 'reviews.bookinfo', fromProductpage)?.(trace())).toBe(true);
    // Reviews is called by productpage only; ratings by reviews only.
    expect(traceFilter(reviewsV2, 'reviews.bookinfo', 'bookinfo/details-v1')?.(trace())).toBe(
      false,
    );
    const ratings = { kind: 'service', namespace: 'bookinfo', name: 'ratings' } as const;
    expect(traceFilter(ratings, 'ratings.bookinfo', fromProductpage)?.(trace())).toBe(false);
  });
});

describe('newestTraces', () => {
  it('keeps the newest, newest first', () => {
    const summary = summariseTrace(trace());
    const at = (traceId: string, startUs: number) =>
      [traceId, { ...summary, traceId, startUs }] as const;
    const traces = new Map([at('a', 1), at('b', 3), at('c', 2)]);
    expect(newestTraces(traces, 2).map((t) => t.traceId)).toEqual(['b', 'c']);
  });
});
