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
 * A polling interval that backs off while the query is failing: four times the base interval
 * (at most a minute) until it succeeds again, so a struggling backend (503 shedding, 504
 * timeouts) is not asked again at full rate by every open tab.
 */
export function backoffInterval(baseMs: number | false) {
  return (query: { state: { status: string } }): number | false => {
    if (baseMs === false) return false;
    return query.state.status === 'error' ? Math.min(60_000, baseMs * 4) : baseMs;
  };
}
