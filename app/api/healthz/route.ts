import { apiRoute, json } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Liveness: the process is up and serving. Touches no backend. */
export const GET = apiRoute('/api/healthz', async () => json({ status: 'ok' }));
