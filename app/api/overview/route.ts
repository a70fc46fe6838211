import { API } from '@/lib/contracts/api';
import { type Overview } from '@/lib/contracts/overview';
import { getHealthRules } from '@/lib/server/health-rules';
import { backendsFor } from '@/lib/server/identity';
import { loadOverview } from '@/lib/server/overview';
import { apiRoute, json, parseQuery } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Per-namespace workloads with replicas, inbound rate and error %. */
export const GET = apiRoute(API.overview.path, async (request) => {
  const query = parseQuery(request, API.overview.query);
  const overview = await loadOverview(
    { ...(await backendsFor(request)), tolerancesFor: getHealthRules() },
    {
      timeSec: query.time ?? Math.floor(Date.now() / 1000),
      windowSeconds: query.window,
      signal: request.signal,
    },
  );
  return json(overview satisfies Overview);
});
