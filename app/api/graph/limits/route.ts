import { API } from '@/lib/contracts/api';
import type { GraphLimits } from '@/lib/contracts/graph-limits';
import { getBackends } from '@/lib/server/backends';
import { loadGraphLimits } from '@/lib/server/graph-limits';
import { apiRoute, json } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** The longest graph window worth offering: Prometheus' time retention, at most 7 days. */
export const GET = apiRoute(API.graphLimits.path, async (request) =>
  json((await loadGraphLimits(getBackends().prometheus, request.signal)) satisfies GraphLimits),
);
