import { describe, expect, it } from 'vitest';
import { ApiClientError } from './api';
import { backoffInterval, makeQueryClient } from './query-client';

describe('query defaults', () => {
  it('polls at the base interval; while failing, waits as long as it has failed (2× base to 1 min)', () => {
    const every10s = backoffInterval(10_000);
    const at = (status: string, dataUpdatedAt: number, errorUpdatedAt: number) => ({
      state: { status, dataUpdatedAt, errorUpdatedAt },
    });
    expect(every10s(at('success', 1_000, 0))).toBe(10_000);
    // The first failure, one interval after the last success: twice the base.
    expect(every10s(at('error', 1_000, 11_000))).toBe(20_000);
    // Failing for 35 s, then for 5 minutes.
    expect(every10s(at('error', 1_000, 36_000))).toBe(35_000);
    expect(every10s(at('error', 1_000, 301_000))).toBe(60_000);
    // Never succeeded.
    expect(every10s(at('error', 0, 11_000))).toBe(20_000);
    expect(backoffInterval(60_000)(at('error', 1_000, 61_000))).toBe(60_000);
    expect(backoffInterval(false)(at('error', 1_000, 61_000))).toBe(false);
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
