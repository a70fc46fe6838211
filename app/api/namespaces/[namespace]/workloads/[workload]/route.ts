import { API } from '@/lib/contracts/api';
import { entityRoute } from '@/lib/server/entity-routes';

export const dynamic = 'force-dynamic';

/** The workload's Kubernetes objects, pods and the Istio config that applies to it. */
export const GET = entityRoute(API.workload.path, 'workload');
