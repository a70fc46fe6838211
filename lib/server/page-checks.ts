import 'server-only';
import { headers } from 'next/headers';
import { traceTargetSchema } from '../contracts/traces';
import { kubeForCluster } from '../kube/clusters';
import { backendsFor } from './identity';

/**
 * Whether a page's service exists, asked as the person viewing it: false for names that cannot
 * be a Kubernetes service or that the API server does not have (the page answers 404), and
 * undefined when Kubernetes cannot say (the page renders, and its own error names the backend).
 */
export async function serviceExists(
  namespace: string,
  service: string,
  /** In a mesh of several clusters, the cluster asked (`?cluster=`). */
  cluster?: string,
): Promise<boolean | undefined> {
  if (!traceTargetSchema.safeParse({ namespace, name: service }).success) return false;
  // Server components get headers, not a Request: rebuild one so sign-in works as in the API.
  const request = new Request('http://meshlens.invalid/', { headers: await headers() });
  try {
    const kube = kubeForCluster(await backendsFor(request), cluster);
    const services = await kube.listServices(namespace, {
      signal: AbortSignal.timeout(5_000),
    });
    return services.some((s) => s.name === service);
  } catch {
    return undefined;
  }
}
