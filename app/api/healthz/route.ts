import { API } from '@/lib/contracts/api';
import { apiRoute, json } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Liveness: the process is up and serving. Touches no backend. */
export const GET = apiRoute(API.healthz.path, async () => json({ status: 'ok' }));
