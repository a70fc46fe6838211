import { API } from '@/lib/contracts/api';
import { entityRoute } from '@/lib/server/entity-routes';

export const dynamic = 'force-dynamic';

/** The app's Kubernetes objects, pods and the Istio config that applies to it. */
export const GET = entityRoute(API.app.path, 'app');
