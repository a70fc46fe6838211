'use client';

import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import {
  routingApplySchema,
  routingConflictSchema,
  routingPreviewSchema,
  type RoutingApply,
  type RoutingConflict,
  type RoutingPreview,
} from '../contracts/routing';
import type { RoutingWrite } from '../contracts/routing-model';
import { API } from '../contracts/api';
import { ApiClientError, apiSend, errorMessageOf, type SendResult } from './api';
import { routingQuery, type RoutingTarget } from './hooks';
import { queryKeys } from './query-keys';

/**
 * Our API's writes, each invalidating exactly the queries whose answers it changes. A write
 * that fails throws an ApiClientError with the server's message; answers that are part of a
 * write's normal course (a conflict) are results.
 */

const failed = (result: SendResult): ApiClientError =>
  new ApiClientError(errorMessageOf(result), result.status);

/** Signs in with a Kubernetes bearer token (the server keeps it, in an HttpOnly cookie). */
export function useSignIn(): UseMutationResult<void, Error, string> {
  return useMutation({
    mutationFn: async (token: string) => {
      const result = await apiSend(API.login, { params: {}, body: { token } });
      if (result.status !== 200) throw failed(result);
    },
  });
}

/** Ends the session. (The page then reloads: every cache of the identity goes with it.) */
export function useSignOut(): UseMutationResult<void, Error, void> {
  return useMutation({
    mutationFn: async () => {
      const result = await apiSend(API.logout, { params: {}, body: {} });
      if (result.status !== 200) throw failed(result);
    },
  });
}

/** What a routing preview or apply came to. */
export type RoutingWriteOutcome =
  | { kind: 'preview'; preview: RoutingPreview }
  | { kind: 'applied'; applied: RoutingApply }
  | { kind: 'conflict'; conflict: RoutingConflict };

/**
 * Previews (`POST …/routing/preview`) or applies (`PUT …/routing`) a routing edit of one
 * service (in the target's cluster). An apply stores the routing it answers and refreshes what shows routing: graphs
 * (their routing badges and traffic split) and the lists of changes.
 */
export function useRoutingWrite(
  target: RoutingTarget,
): UseMutationResult<
  RoutingWriteOutcome,
  Error,
  { method: 'preview' | 'apply'; write: RoutingWrite }
> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ method, write }) => {
      const { namespace, service } = target;
      const call = { params: { namespace, service }, query: routingQuery(target), body: write };
      const result =
        method === 'preview'
          ? await apiSend(API.routingPreview, call)
          : await apiSend(API.routingApply, call);
      if (result.status === 409) {
        const conflict = routingConflictSchema.safeParse(result.body);
        if (conflict.success) return { kind: 'conflict', conflict: conflict.data };
      }
      if (result.status !== 200) throw failed(result);
      if (method === 'preview') {
        const preview = routingPreviewSchema.safeParse(result.body);
        if (preview.success) return { kind: 'preview', preview: preview.data };
      } else {
        const applied = routingApplySchema.safeParse(result.body);
        if (applied.success) return { kind: 'applied', applied: applied.data };
      }
      throw new ApiClientError(`Unexpected answer from ${API.routingApply.path}`, result.status);
    },
    onSuccess: (outcome) => {
      if (outcome.kind !== 'applied') return;
      queryClient.setQueryData(queryKeys.routing(target), outcome.applied.routing);
      void queryClient.invalidateQueries({ queryKey: queryKeys.graphs() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.allChanges() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.allIstioConfig() });
    },
  });
}
