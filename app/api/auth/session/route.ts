import { API } from '@/lib/contracts/api';
import { session } from '@/lib/server/auth-routes';
import { apiRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** How users sign in, and whether this one is. */
export const GET = apiRoute(API.session.path, async (request) => session(request));
