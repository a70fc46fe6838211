import type { GraphResponse } from '@/lib/contracts/graph';
import { graphParamsSchema } from '@/lib/contracts/graph-params';
import { backendsFor } from '@/lib/server/identity';
import { loadGraph } from '@/lib/server/graph';
import { getHealthRules } from '@/lib/server/health-rules';
import { apiRoute, json, parseQuery } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** The service graph of the selected namespaces at a moment (now, or `queryTime` for replay). */
export const GET = apiRoute('/api/graph', async (request) => {
  const params = parseQuery(request, graphParamsSchema);
  const graph = await loadGraph(
    { ...backendsFor(request), tolerancesFor: getHealthRules() },
    params,
    {
      nowSec: Math.floor(Date.now() / 1000),
      signal: request.signal,
    },
  );
  return json(graph satisfies GraphResponse);
});
