import { API } from '@/lib/contracts/api';
import { podLogRoute } from '@/lib/server/entity-routes';

export const dynamic = 'force-dynamic';

/** A container's log, plain text with a timestamp per line; followed live with `follow=true`. */
export const GET = podLogRoute(API.podLog.path);
