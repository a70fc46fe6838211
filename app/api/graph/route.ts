import { API } from '@/lib/contracts/api';
import type { GraphResponse } from '@/lib/contracts/graph';
import { backendsFor } from '@/lib/server/identity';
import { loadGraph } from '@/lib/server/graph';
import { getHealthRules } from '@/lib/server/health-rules';
import { apiRoute, jsonText, parseQuery } from '@/lib/server/route';
import { sharedGraphs, sharedNowSec } from '@/lib/server/sharing';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/** The service graph of the selected namespaces at a moment (now, or `queryTime` for replay). */
export const GET = apiRoute(API.graph.path, async (request) => {
  const params = parseQuery(request, API.graph.query);
  const backends = await backendsFor(request);
  const { graphCacheSeconds } = getConfig();
  const nowSec = sharedNowSec(graphCacheSeconds);
  // Viewers of the same graph at the same moment (one identity) share one computation, and
  // one serialization: at a thousand services the answer is megabytes of JSON.
  const body = await sharedGraphs(backends.kube).run(
    `${params.queryTime ?? nowSec} ${JSON.stringify(params)}`,
    Math.max(1, graphCacheSeconds) * 1000,
    request.signal,
    async (signal) =>
      JSON.stringify(
        (await loadGraph({ ...backends, tolerancesFor: getHealthRules() }, params, {
          nowSec,
          signal,
        })) satisfies GraphResponse,
      ),
  );
  return jsonText(body);
});
