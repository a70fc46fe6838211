import { API } from '@/lib/contracts/api';
import { type LatencyResponse } from '@/lib/contracts/latency';
import { backendsFor } from '@/lib/server/identity';
import { loadLatency } from '@/lib/server/latency';
import { apiRoute, json, parseQuery } from '@/lib/server/route';
import { sharedNowSec } from '@/lib/server/sharing';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/** Where the delay of requests entering at a node comes from (see lib/latency/attribution.ts). */
export const GET = apiRoute(API.latency.path, async (request) => {
  const params = parseQuery(request, API.latency.query);
  const { prometheus, tracing, kube } = await backendsFor(request);
  const config = getConfig();
  const nowSec = sharedNowSec(config.graphCacheSeconds);
  return json(
    (await loadLatency(
      { prometheus, tracing, kube, serviceTemplate: config.tracing.serviceTemplate },
      params,
      {
        nowSec,
        signal: request.signal,
      },
    )) satisfies LatencyResponse,
  );
});
