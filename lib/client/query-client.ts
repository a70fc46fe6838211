import { QueryClient } from '@tanstack/react-query';
import { ApiClientError } from './api';

/** The app's QueryClient, with its defaults in one place. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        // Keep showing the last good data while a refresh is failing.
        placeholderData: (previous: unknown) => previous,
        // Our API already waited for the backend (its timeout) and named it: say so at once
        // rather than ask again. Only a request that never reached us is retried, once.
        retry: (failures, error) => !(error instanceof ApiClientError) && failures < 1,
        refetchOnWindowFocus: true,
      },
    },
  });
}

/**
 * A polling interval that backs off while the query is failing: it waits as long as the query
 * has been failing (since its last success), at least twice the base interval and at most a
 * minute, and returns to the base on the first success. A struggling backend (503 shedding,
 * 504 timeouts) is not asked again at full rate by every open tab, and a short outage still
 * heals within a couple of intervals.
 */
export function backoffInterval(baseMs: number | false) {
  return (query: {
    state: { status: string; dataUpdatedAt: number; errorUpdatedAt: number };
  }): number | false => {
    if (baseMs === false) return false;
    const { status, dataUpdatedAt, errorUpdatedAt } = query.state;
    if (status !== 'error') return baseMs;
    const failingForMs = dataUpdatedAt > 0 ? errorUpdatedAt - dataUpdatedAt : 0;
    return Math.min(60_000, Math.max(baseMs * 2, failingForMs));
  };
}
