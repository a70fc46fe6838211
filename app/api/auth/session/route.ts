import { session } from '@/lib/server/auth-routes';
import { apiRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** How users sign in, and whether this one is. */
export const GET = apiRoute('/api/auth/session', async (request) => session(request));
