import 'server-only';
import { getConfig } from '../config';
import { traceTargetSchema } from '../contracts/traces';
import { routingWriteSchema } from '../routing/model';
import { actorOf, backendsFor } from './identity';
import { BadRequestError, json, parseParams } from './route';
import { RoutingConflictError, RoutingRejectedError, type RoutingDeps } from './routing';

/** Routing dependencies from the process-wide backends and configuration. */
export function routingDeps(request: Request): RoutingDeps {
  return {
    kube: backendsFor(request).kube,
    viewOnly: getConfig().viewOnly,
    actor: actorOf(request),
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
export async function routingBody(request: Request) {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new BadRequestError('body: expected JSON');
  }
  const parsed = routingWriteSchema.safeParse(body);
  if (!parsed.success)
    throw new BadRequestError(
      parsed.error.issues
        .slice(0, 5)
        .map((i) => `body.${i.path.join('.')}: ${i.message}`)
        .join('; '),
    );
  return parsed.data;
}

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
