'use client';

import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { overviewSchema, type Overview } from '../contracts/overview';
import { readinessSchema, type Readiness } from '../contracts/readiness';
import { apiGet } from './api';
import { queryKeys } from './query-keys';

/** Backend readiness, polled every 5 s while the tab is visible. */
export function useReadiness(): UseQueryResult<Readiness> {
  return useQuery({
    queryKey: queryKeys.readiness(),
    queryFn: ({ signal }) => apiGet('/api/readyz', readinessSchema, { signal, okStatuses: [503] }),
    refetchInterval: 5_000,
  });
}

/** Mesh overview over a rate window, polled every 10 s while the tab is visible. */
export function useOverview(windowSeconds: number): UseQueryResult<Overview> {
  return useQuery({
    queryKey: queryKeys.overview(windowSeconds),
    queryFn: ({ signal }) =>
      apiGet(`/api/overview?window=${windowSeconds}s`, overviewSchema, { signal }),
    refetchInterval: 10_000,
  });
}
