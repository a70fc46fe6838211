import { API } from '@/lib/contracts/api';
import { login } from '@/lib/server/auth-routes';
import { apiRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Sign in with a Kubernetes bearer token (AUTH_STRATEGY=token). */
export const POST = apiRoute(API.login.path, login);
