import { MAX_GRAPH_DURATION } from '@/lib/contracts/graph-params';
import type { GraphLimits } from '@/lib/contracts/graph-limits';
import { parseRetentionSeconds } from '@/lib/prometheus/retention';
import { getBackends } from '@/lib/server/backends';
import { apiRoute, json } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** The longest graph window worth offering: Prometheus' time retention, at most 7 days. */
export const GET = apiRoute('/api/graph/limits', async (request) => {
  const { storageRetention } = await getBackends().prometheus.runtimeInfo({
    signal: request.signal,
  });
  const retention = parseRetentionSeconds(storageRetention);
  return json({
    maxDurationSeconds: Math.min(MAX_GRAPH_DURATION, retention ?? MAX_GRAPH_DURATION),
    retention: storageRetention,
  } satisfies GraphLimits);
});
