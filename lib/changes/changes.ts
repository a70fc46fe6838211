import type { Change, Rollout } from '../contracts/changes';
import type { KubeReplicaSet } from '../kube/types';
import { utcMinute } from '../format';
import { parseNodeId } from '../graph/entity';

/** A Deployment's ReplicaSet as a rollout, or nothing for one no Deployment owns. */
export function rolloutOf(rs: KubeReplicaSet): Rollout | undefined {
  if (!rs.deployment || rs.createdSec === undefined) return undefined;
  const { app, version } = rs.templateLabels;
  return {
    kind: 'Rollout',
    namespace: rs.namespace,
    name: rs.deployment,
    replicaSet: rs.name,
    ...(rs.revision !== undefined ? { revision: rs.revision } : {}),
    ...(app ? { app } : {}),
    ...(version ? { version } : {}),
    atSec: rs.createdSec,
    current: rs.desiredReplicas > 0,
  };
}

/** The rollouts among ReplicaSets: those a Deployment owns. */
export const rolloutsOf = (replicaSets: readonly KubeReplicaSet[]): Rollout[] =>
  replicaSets.flatMap((rs) => {
    const rollout = rolloutOf(rs);
    return rollout ? [rollout] : [];
  });

/**
 * Whether a graph node runs the pods a rollout made: a workload node by its Deployment's
 * name, an app node by its app, a versioned app node by app and version. Node ids are those
 * of `/api/graph` (`workload/<ns>/<name>`, `app/<ns>/<app>[/<version>]`).
 */
export function rolloutRuns(rollout: Rollout, node: string): boolean {
  const ref = parseNodeId(node);
  if (!ref || ref.kind === 'unknown' || ref.namespace !== rollout.namespace) return false;
  if (ref.kind === 'workload') return ref.workload === rollout.name;
  if (ref.kind !== 'app' || ref.app !== rollout.app) return false;
  return ref.version === undefined || ref.version === rollout.version;
}

/** `reviews-v3 rolled out 13:55 UTC (revision 2)` */
export const rolloutText = (r: Rollout): string =>
  `${r.name} rolled out ${utcMinute(r.atSec)} UTC${r.revision !== undefined ? ` (revision ${r.revision})` : ''}`;

/**
 * The rollouts a ranked node's own time may owe something to: those of its pods made from
 * `sinceSec` until `untilSec`. A Deployment's first revision is how the workload began, not a
 * change to it: it counts only against a baseline (`firstRevisions`), where it is news.
 */
export function rolloutEvidence(
  rollouts: readonly Rollout[],
  node: string,
  window: { sinceSec: number; untilSec: number; firstRevisions: boolean },
): string[] {
  return rollouts
    .filter(
      (r) =>
        r.atSec >= window.sinceSec &&
        r.atSec <= window.untilSec &&
        (window.firstRevisions || (r.revision ?? 1) > 1) &&
        rolloutRuns(r, node),
    )
    .sort((a, b) => b.atSec - a.atSec)
    .map(rolloutText);
}

/** A change in a few words, without its time: `VirtualService bookinfo/details by meshlens`. */
export const changeText = (c: Change): string =>
  c.kind === 'Rollout'
    ? `${c.namespace}/${c.name} rolled out${c.revision !== undefined ? ` (revision ${c.revision})` : ''}`
    : `${c.kind} ${c.namespace}/${c.name} changed${writerText(c)}`;

/** ` by kubectl-client-side-apply`, ` by user alice through meshlens`, or ''. */
export function writerText(changed: { by?: string; actor?: string }): string {
  if (changed.actor) return ` by ${changed.actor} through ${changed.by ?? 'Meshlens'}`;
  return changed.by ? ` by ${changed.by}` : '';
}

/** A change's identity among the others, for lists. */
export const changeKey = (c: Change): string =>
  `${c.kind} ${c.namespace}/${c.kind === 'Rollout' ? c.replicaSet : c.name}`;
