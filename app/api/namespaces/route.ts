import { API } from '@/lib/contracts/api';
import type { NamespacesResponse } from '@/lib/contracts/namespaces';
import { backendsFor } from '@/lib/server/identity';
import { loadNamespaces } from '@/lib/server/namespaces';
import { apiRoute, json } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Namespaces to choose from, with whether each has Istio traffic. */
export const GET = apiRoute(API.namespaces.path, async (request) =>
  json(
    (await loadNamespaces(await backendsFor(request), request.signal)) satisfies NamespacesResponse,
  ),
);
