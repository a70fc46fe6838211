import { API } from '@/lib/contracts/api';
import { logout } from '@/lib/server/auth-routes';
import { apiRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Sign out: clears the session cookie. */
export const POST = apiRoute(API.logout.path, async (request) => logout(request));
