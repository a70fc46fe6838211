import { API } from '@/lib/contracts/api';
import type { Readiness } from '@/lib/contracts/readiness';
import { getBackends } from '@/lib/server/backends';
import { READINESS_TIMEOUT_MS, checkReadiness, sharedReadiness } from '@/lib/server/readiness';
import { apiRoute, json } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/**
 * Readiness: 200 when Prometheus and Kubernetes answer, 503 otherwise; one entry per backend.
 * Every backend is asked live with a short timeout; answers are shared for a few seconds so
 * probes and the overview's polling never multiply the questions.
 */
export const GET = apiRoute(API.readyz.path, async () => {
  const report = await sharedReadiness(() => {
    const { prometheus, kube, tracing } = getBackends();
    return checkReadiness(
      { prometheus, kube, tracing, now: () => new Date() },
      AbortSignal.timeout(READINESS_TIMEOUT_MS),
    );
  });
  return json(report satisfies Readiness, report.ready ? 200 : 503);
});
