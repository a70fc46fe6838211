import { API } from '@/lib/contracts/api';
import { type EdgeDetails } from '@/lib/contracts/graph-details';
import { getBackends } from '@/lib/server/backends';
import { loadEdgeDetails } from '@/lib/server/graph-details';
import { apiRoute, json, parseQuery } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** An edge's p50/p95/p99 latency and the mTLS principals seen on it. */
export const GET = apiRoute(API.graphEdge.path, async (request) => {
  const params = parseQuery(request, API.graphEdge.query);
  const details = await loadEdgeDetails(getBackends().prometheus, params, {
    nowSec: Math.floor(Date.now() / 1000),
    signal: request.signal,
  });
  return json(details satisfies EdgeDetails);
});
