import { API } from '@/lib/contracts/api';
import { getMetrics } from '@/lib/server/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus exposition of Meshlens' own metrics. */
export async function GET(): Promise<Response> {
  const { registry, apiRequests } = getMetrics();
  apiRequests.inc({ route: API.metrics.path, status: '200' });
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
