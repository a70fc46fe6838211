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
        // Client errors will not fix themselves; backend failures may.
        retry: (failures, error) =>
          !(error instanceof ApiClientError && error.status >= 400 && error.status < 500) &&
          failures < 1,
        refetchOnWindowFocus: true,
      },
    },
  });
}
