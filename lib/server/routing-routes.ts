import 'server-only';
import { getConfig } from '../config';
import { traceTargetSchema } from '../contracts/traces';
import { routingWriteSchema, type RoutingWrite } from '../contracts/routing-model';
import { actorOf, backendsFor } from './identity';
import { routingClusterSchema } from '../contracts/routing';
import { kubeForCluster } from '../kube/clusters';
import { apiRoute, json, parseBody, parseParams, parseQuery } from './route';
import { RoutingConflictError, RoutingRejectedError, type RoutingDeps } from './routing';

/**
 * Routing dependencies from the process-wide backends and configuration: the Kubernetes API
 * of the cluster `?cluster=` names (404 for one without), else the default one.
 */
export async function routingDeps(request: Request): Promise<RoutingDeps> {
  const { cluster } = parseQuery(request, routingClusterSchema);
  const backends = await backendsFor(request);
  return {
    kube: kubeForCluster(backends, cluster),
    clusterName: cluster ?? backends.clusters.home,
    viewOnly: getConfig().viewOnly,
    actor: await actorOf(request),
    audit: (line) => console.log(line),
  };
}

/** The `{namespace, service}` of a routing route, validated. */
export async function routingTarget(context: {
  params: Promise<{ namespace: string; service: string }>;
}): Promise<{ namespace: string; service: string }> {
  const raw = await context.params;
  const { namespace, name } = parseParams(
    { namespace: raw.namespace, name: raw.service },
    traceTargetSchema,
  );
  return { namespace, service: name };
}

/** The JSON body of a routing write, checked against the shared schema (400 when it is not). */
export const routingBody = (request: Request) => parseBody(request, routingWriteSchema);

/** Conflicts and refusals have bodies of their own; everything else goes to apiRoute. */
export async function routingErrors(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RoutingConflictError) return json(error.body, 409);
    if (error instanceof RoutingRejectedError)
      return json(
        {
          error: {
            message: error.message,
            backend: 'kubernetes',
            kind: error.status === 403 ? 'view-only' : 'rejected',
          },
          details: error.details,
        },
        error.status,
      );
    throw error;
  }
}

type RoutingContext = { params: Promise<{ namespace: string; service: string }> };

/**
 * A handler for a routing write (preview or apply): validated path and body, the caller's
 * identity, and conflicts and refusals answered with their own bodies.
 */
export function routingWriteRoute<T>(
  route: string,
  write: (
    deps: RoutingDeps,
    namespace: string,
    service: string,
    body: RoutingWrite,
    signal: AbortSignal,
  ) => Promise<T>,
): (request: Request, context: RoutingContext) => Promise<Response> {
  return apiRoute(route, async (request: Request, context: RoutingContext) =>
    routingErrors(async () => {
      const { namespace, service } = await routingTarget(context);
      const body = await routingBody(request);
      return json(
        await write(await routingDeps(request), namespace, service, body, request.signal),
      );
    }),
  );
}
