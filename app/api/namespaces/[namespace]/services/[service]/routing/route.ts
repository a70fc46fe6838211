import { API } from '@/lib/contracts/api';
import { routingQuerySchema, type RoutingResponse } from '@/lib/contracts/routing';
import { apiRoute, json, parseQuery } from '@/lib/server/route';
import { applyRouting, readServiceRouting } from '@/lib/server/routing';
import { routingDeps, routingTarget, routingWriteRoute } from '@/lib/server/routing-routes';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ namespace: string; service: string }> };

/**
 * A service's VirtualServices, DestinationRules, HTTPRoutes, workloads and normalised routing;
 * `?httpRoute=<name>` edits a route from a gateway to it instead of its own.
 */
export const GET = apiRoute(API.routing.path, async (request: Request, context: Context) => {
  const { namespace, service } = await routingTarget(context);
  const { httpRoute } = parseQuery(request, routingQuerySchema);
  const routing = await readServiceRouting(
    await routingDeps(request),
    namespace,
    service,
    request.signal,
    httpRoute,
  );
  return json(routing satisfies RoutingResponse);
});

/**
 * Writes the routing: 400 for a malformed body, 422 for invalid routing or a dry-run rejection,
 * 409 when an object changed since it was read (nothing written), 403 when view-only.
 */
export const PUT = routingWriteRoute(API.routingApply.path, applyRouting);
