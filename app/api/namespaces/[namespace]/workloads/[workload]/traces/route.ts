import { API } from '@/lib/contracts/api';
import { traceSearchRoute } from '@/lib/server/trace-routes';

export const dynamic = 'force-dynamic';

/** Traces through a workload's proxies; `app` names its canonical service when known. */
export const GET = traceSearchRoute(API.workloadTraces.path, 'workload');
