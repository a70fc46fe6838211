import type { Hop } from './traffic';

/**
 * The path a simulated call asks for, the same in its spans and its access-log lines: a gRPC
 * call names its method (`/reviews.v1.Reviews/Get`); the entry's calls ask for `/productpage`
 * (or `/` of another front end); calls inside the mesh ask for an item (`/ratings/0`).
 */
export function requestPathOf(hop: Hop, entry: string): string {
  const app = hop.destination.app;
  if (hop.protocol === 'grpc')
    return `/${app}.v1.${app.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}/Get`;
  if (hop.source.name === entry) return `/${app === 'productpage' ? 'productpage' : ''}`;
  return `/${app}/0`;
}

/**
 * The span name Istio gives a call: `<host>:<port><path>`, where a call inside the mesh names
 * no path (`/*`): Envoy's default operation for a route without a decorator.
 */
export function operationPathOf(hop: Hop, entry: string): string {
  return hop.protocol === 'grpc' || hop.source.name === entry ? requestPathOf(hop, entry) : '/*';
}
