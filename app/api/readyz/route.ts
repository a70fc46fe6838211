import type { Readiness } from '@/lib/contracts/readiness';
import { getBackends } from '@/lib/server/backends';
import { checkReadiness } from '@/lib/server/readiness';
import { apiRoute, json } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Readiness: 200 when Prometheus and Kubernetes answer, 503 otherwise; one entry per backend. */
export const GET = apiRoute('/api/readyz', async (request) => {
  const { prometheus, kube, tracing } = getBackends();
  const report = await checkReadiness(
    { prometheus, kube, tracing, now: () => new Date() },
    request.signal,
  );
  return json(report satisfies Readiness, report.ready ? 200 : 503);
});
