import type { RoutingPreview } from '@/lib/contracts/routing';
import { apiRoute, json } from '@/lib/server/route';
import { previewRouting } from '@/lib/server/routing';
import {
  routingBody,
  routingDeps,
  routingErrors,
  routingTarget,
} from '@/lib/server/routing-routes';

export const dynamic = 'force-dynamic';

/** What a routing write would change (YAML diffs, in write order) and the API server's dry run. */
export const POST = apiRoute(
  '/api/namespaces/{namespace}/services/{service}/routing/preview',
  async (request: Request, context: { params: Promise<{ namespace: string; service: string }> }) =>
    routingErrors(async () => {
      const { namespace, service } = await routingTarget(context);
      const write = await routingBody(request);
      const preview = await previewRouting(
        routingDeps(request),
        namespace,
        service,
        write,
        request.signal,
      );
      return json(preview satisfies RoutingPreview);
    }),
);
