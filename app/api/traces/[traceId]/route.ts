import { z } from 'zod';
import type { TraceResponse } from '@/lib/contracts/traces';
import { apiRoute, json, parseParams } from '@/lib/server/route';
import { traceDeps } from '@/lib/server/trace-routes';
import { loadTrace } from '@/lib/server/traces';
import { TRACE_ID_PATTERN } from '@/lib/traces/ids';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({
  traceId: z.string().regex(TRACE_ID_PATTERN, 'a trace id is 16 or 32 hexadecimal digits'),
});

/** One trace in Meshlens' trace model. */
export const GET = apiRoute(
  '/api/traces/{traceId}',
  async (request: Request, context: { params: Promise<{ traceId: string }> }) => {
    const { traceId } = parseParams(await context.params, paramsSchema);
    const response = await loadTrace(traceDeps(request), traceId, { signal: request.signal });
    return json(response satisfies TraceResponse);
  },
);
