import 'server-only';
import type { ChangesResponse } from '../contracts/changes';
import type { KubeClient } from '../kube/client';
import { isUpstreamError } from '../upstream/errors';

/**
 * The routing objects of the namespaces with when each last changed, newest first: what the
 * graph can compare against ("before the change") and the Delay view cites.
 */
export async function loadChanges(
  kube: KubeClient,
  namespaces: readonly string[],
  signal?: AbortSignal,
): Promise<ChangesResponse> {
  const selected = new Set(namespaces);
  const warnings: string[] = [];
  const lists = await Promise.all(
    (['VirtualService', 'DestinationRule'] as const).map((kind) =>
      kube.listIstio(kind, undefined, { signal }).catch((error: unknown) => {
        // No Istio API served: no routing, so no changes; anything else is said.
        if (!(isUpstreamError(error) && error.status === 404))
          warnings.push(error instanceof Error ? error.message : String(error));
        return [];
      }),
    ),
  );
  const changes = lists
    .flat()
    .filter((o) => selected.has(o.metadata.namespace) && o.metadata.changed)
    .map((o) => ({
      kind: o.kind,
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      atSec: o.metadata.changed?.atSec ?? 0,
      ...(o.metadata.changed?.by ? { by: o.metadata.changed.by } : {}),
    }))
    .sort((a, b) => b.atSec - a.atSec || (a.name < b.name ? -1 : 1));
  return { changes, warnings: [...new Set(warnings)] };
}
