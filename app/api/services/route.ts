import { API } from '@/lib/contracts/api';
import type { ServiceList } from '@/lib/contracts/entities';
import { getHealthRules } from '@/lib/server/health-rules';
import { backendsFor } from '@/lib/server/identity';
import { apiRoute, json, parseQuery } from '@/lib/server/route';
import { loadServiceList } from '@/lib/server/service-list';

export const dynamic = 'force-dynamic';

/** Every Service with the workloads it selects, its inbound traffic and its routing objects. */
export const GET = apiRoute(API.services.path, async (request) => {
  const query = parseQuery(request, API.services.query);
  const list = await loadServiceList(
    { ...(await backendsFor(request)), tolerancesFor: getHealthRules() },
    {
      timeSec: query.time ?? Math.floor(Date.now() / 1000),
      windowSeconds: query.window,
      signal: request.signal,
    },
  );
  return json(list satisfies ServiceList);
});
