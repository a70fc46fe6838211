import { API } from '@/lib/contracts/api';
import { type NodeSeries } from '@/lib/contracts/graph-details';
import { getBackends } from '@/lib/server/backends';
import { loadNodeSeries } from '@/lib/server/graph-details';
import { apiRoute, json, parseQuery } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** A node's request rate, error % and p95 over time (range queries), for sparklines. */
export const GET = apiRoute(API.graphNode.path, async (request) => {
  const params = parseQuery(request, API.graphNode.query);
  const series = await loadNodeSeries(getBackends().prometheus, params, {
    nowSec: Math.floor(Date.now() / 1000),
    signal: request.signal,
  });
  return json(series satisfies NodeSeries);
});
