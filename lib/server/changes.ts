import 'server-only';
import { rolloutsOf } from '../changes/changes';
import { MAX_CHANGES, type Change, type ChangesResponse } from '../contracts/changes';
import type { KubeClient } from '../kube/client';
import { optionalList } from './optional-list';

/** Up to this many namespaces, ReplicaSets are listed per namespace rather than cluster-wide. */
const PER_NAMESPACE_UP_TO = 5;

/**
 * What changed in the namespaces, newest first: when each routing object (VirtualService,
 * DestinationRule, Gateway API HTTPRoute) was last written, and each Deployment's rollouts. The graph compares against them ("before the change"),
 * replay goes to them and the Delay view cites them.
 */
export async function loadChanges(
  kube: KubeClient,
  namespaces: readonly string[],
  signal?: AbortSignal,
): Promise<ChangesResponse> {
  const selected = new Set(namespaces);
  const warnings: string[] = [];
  const orNothing = <T>(list: Promise<T[]>): Promise<T[]> =>
    optionalList(list, (message) => warnings.push(message));
  const [virtualServices, destinationRules, httpRoutes, replicaSets] = await Promise.all([
    orNothing(kube.listRouting('VirtualService', undefined, { signal })),
    orNothing(kube.listRouting('DestinationRule', undefined, { signal })),
    orNothing(kube.listRouting('HTTPRoute', undefined, { signal })),
    // A few namespaces are read one by one: far fewer ReplicaSets than the cluster's.
    orNothing(
      namespaces.length <= PER_NAMESPACE_UP_TO
        ? Promise.all(namespaces.map((ns) => kube.listReplicaSets(ns, { signal }))).then((l) =>
            l.flat(),
          )
        : kube.listReplicaSets(undefined, { signal }),
    ),
  ]);
  const routing: Change[] = [
    ...virtualServices,
    ...destinationRules,
    ...httpRoutes.map((o) => ({ ...o, kind: 'HTTPRoute' as const })),
  ].flatMap((o) =>
    selected.has(o.metadata.namespace) && o.metadata.changed
      ? [
          {
            kind: o.kind,
            namespace: o.metadata.namespace,
            name: o.metadata.name,
            atSec: o.metadata.changed.atSec,
            ...(o.metadata.changed.by ? { by: o.metadata.changed.by } : {}),
            ...(o.metadata.changed.actor ? { actor: o.metadata.changed.actor } : {}),
          },
        ]
      : [],
  );
  const rollouts: Change[] = rolloutsOf(replicaSets.filter((rs) => selected.has(rs.namespace)));
  const changes = [...routing, ...rollouts].sort(
    (a, b) => b.atSec - a.atSec || (a.name < b.name ? -1 : 1),
  );
  return {
    changes: changes.slice(0, MAX_CHANGES),
    total: changes.length,
    warnings: [...new Set(warnings)],
  };
}
