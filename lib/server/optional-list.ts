import 'server-only';
import { isUpstreamError } from '../upstream/errors';

/**
 * A list that only decorates an answer (badges, evidence, change markers): empty when the
 * cluster does not serve its API (404: no Istio, no Gateway API), and on any other failure
 * empty too, with the failure's message passed to `warn` so the answer can say what is missing.
 */
export function optionalList<T>(list: Promise<T[]>, warn: (message: string) => void): Promise<T[]> {
  return list.catch((error: unknown) => {
    if (!(isUpstreamError(error) && error.status === 404))
      warn(error instanceof Error ? error.message : String(error));
    return [];
  });
}
