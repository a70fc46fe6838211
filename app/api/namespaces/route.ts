import type { NamespacesResponse } from '@/lib/contracts/namespaces';
import { getBackends } from '@/lib/server/backends';
import { loadNamespaces } from '@/lib/server/namespaces';
import { apiRoute, json } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Namespaces to choose from, with whether each has Istio traffic. */
export const GET = apiRoute('/api/namespaces', async (request) =>
  json((await loadNamespaces(getBackends(), request.signal)) satisfies NamespacesResponse),
);
