import { API } from '@/lib/contracts/api';
import { type ChangesResponse } from '@/lib/contracts/changes';
import { loadChanges } from '@/lib/server/changes';
import { backendsFor } from '@/lib/server/identity';
import { apiRoute, json, parseQuery } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** When the routing objects of the namespaces last changed, and who changed them. */
export const GET = apiRoute(API.changes.path, async (request) => {
  const { namespaces } = parseQuery(request, API.changes.query);
  const { kube } = await backendsFor(request);
  return json((await loadChanges(kube, namespaces, request.signal)) satisfies ChangesResponse);
});
