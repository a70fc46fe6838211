import { API } from '@/lib/contracts/api';
import { previewRouting } from '@/lib/server/routing';
import { routingWriteRoute } from '@/lib/server/routing-routes';

export const dynamic = 'force-dynamic';

/** What a routing write would change (YAML diffs, in write order) and the API server's dry run. */
export const POST = routingWriteRoute(API.routingPreview.path, previewRouting);
