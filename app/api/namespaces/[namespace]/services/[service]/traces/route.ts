import { API } from '@/lib/contracts/api';
import { traceSearchRoute } from '@/lib/server/trace-routes';

export const dynamic = 'force-dynamic';

/** Traces through a service: `start`, `end`, `limit`, `minDuration`, `errorsOnly`, `tags`, `from`. */
export const GET = traceSearchRoute(API.serviceTraces.path, 'service');
