import { API } from '@/lib/contracts/api';
import { dashboardRoute } from '@/lib/server/entity-routes';

export const dynamic = 'force-dynamic';

/** The app's inbound or outbound metrics dashboard. */
export const GET = dashboardRoute(API.appMetrics.path, 'app');
