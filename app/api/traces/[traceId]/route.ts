import { API } from '@/lib/contracts/api';
import { type TraceResponse } from '@/lib/contracts/traces';
import { apiRoute, json, parseParams } from '@/lib/server/route';
import { traceDeps } from '@/lib/server/trace-routes';
import { loadTrace } from '@/lib/server/traces';

export const dynamic = 'force-dynamic';

/** One trace in Meshlens' trace model. */
export const GET = apiRoute(
  API.trace.path,
  async (request: Request, context: { params: Promise<{ traceId: string }> }) => {
    const { traceId } = parseParams(await context.params, API.trace.pathParams);
    const response = await loadTrace(await traceDeps(request), traceId, { signal: request.signal });
    return json(response satisfies TraceResponse);
  },
);
