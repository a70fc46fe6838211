import { describe, expect, it } from 'vitest';
import { ApiClientError } from './api';
import { backoffInterval, makeQueryClient } from './query-client';

describe('query defaults', () => {
  it('polls at the base interval, four times slower (at most a minute) while failing', () => {
    const every10s = backoffInterval(10_000);
    expect(every10s({ state: { status: 'success' } })).toBe(10_000);
    expect(every10s({ state: { status: 'error' } })).toBe(40_000);
    expect(backoffInterval(30_000)({ state: { status: 'error' } })).toBe(60_000);
    expect(backoffInterval(false)({ state: { status: 'error' } })).toBe(false);
  });

  it('shows a backend failure our API named at once; retries only a request that never reached us', () => {
    const retry = makeQueryClient().getDefaultOptions().queries?.retry as (
      failures: number,
      error: unknown,
    ) => boolean;
    expect(
      retry(0, new ApiClientError('Prometheus: no answer within 10000 ms', 504, 'prometheus')),
    ).toBe(false);
    expect(retry(0, new ApiClientError('Prometheus: saturated', 503, 'prometheus'))).toBe(false);
    expect(retry(0, new TypeError('Failed to fetch'))).toBe(true);
    expect(retry(1, new TypeError('Failed to fetch'))).toBe(false);
  });
});
