import 'server-only';
import { isUpstreamError } from '../upstream/errors';

/** A 404 to a list: the cluster does not serve its API (no Istio, no Gateway API). */
export const notServed = (error: unknown): boolean =>
  isUpstreamError(error) && error.status === 404;

/**
 * A list that only decorates an answer (badges, evidence, change markers): empty when the
 * cluster does not serve its API (404: no Istio, no Gateway API), and on any other failure
 * empty too, with the failure's message passed to `warn` so the answer can say what is missing.
 */
export function optionalList<T>(list: Promise<T[]>, warn: (message: string) => void): Promise<T[]> {
  return list.catch((error: unknown) => {
    if (!notServed(error)) warn(error instanceof Error ? error.message : String(error));
    return [];
  });
}
