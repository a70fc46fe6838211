import { describe, expect, it } from 'vitest';
import type { KubeReplicaSet } from '../kube/types';
import { changeText, rolloutEvidence, rolloutOf, rolloutRuns } from './changes';

const replicaSet = (patch: Partial<KubeReplicaSet> = {}): KubeReplicaSet => ({
  namespace: 'bookinfo',
  name: 'reviews-v3-7dbcdcbc56',
  deployment: 'reviews-v3',
  revision: 2,
  createdSec: 1_764_907_200, // 04:00 UTC
  desiredReplicas: 1,
  templateLabels: { app: 'reviews', version: 'v3' },
  ...patch,
});

describe('rollouts', () => {
  it('reads a Deployment’s ReplicaSet as a rollout, and nothing else', () => {
    expect(rolloutOf(replicaSet())).toEqual({
      kind: 'Rollout',
      namespace: 'bookinfo',
      name: 'reviews-v3',
      replicaSet: 'reviews-v3-7dbcdcbc56',
      revision: 2,
      app: 'reviews',
      version: 'v3',
      atSec: 1_764_907_200,
      current: true,
    });
    expect(rolloutOf(replicaSet({ desiredReplicas: 0 }))?.current).toBe(false);
    expect(rolloutOf(replicaSet({ deployment: undefined }))).toBeUndefined();
    expect(rolloutOf(replicaSet({ createdSec: undefined }))).toBeUndefined();
  });

  it('belongs to the nodes that run its pods, on every graph type', () => {
    const r = rolloutOf(replicaSet())!;
    expect(rolloutRuns(r, 'workload/bookinfo/reviews-v3')).toBe(true);
    expect(rolloutRuns(r, 'workload/bookinfo/reviews-v2')).toBe(false);
    expect(rolloutRuns(r, 'app/bookinfo/reviews/v3')).toBe(true);
    expect(rolloutRuns(r, 'app/bookinfo/reviews/v2')).toBe(false);
    expect(rolloutRuns(r, 'app/bookinfo/reviews')).toBe(true);
    expect(rolloutRuns(r, 'app/shop/reviews/v3')).toBe(false);
    expect(rolloutRuns(r, 'service/bookinfo/reviews')).toBe(false);
  });

  it('is evidence in its window; a first revision only against a baseline', () => {
    const second = rolloutOf(replicaSet())!;
    const first = rolloutOf(replicaSet({ revision: 1, createdSec: 1_764_900_000 }))!;
    const node = 'app/bookinfo/reviews/v3';
    const window = { sinceSec: 1_764_890_000, untilSec: 1_764_910_000, firstRevisions: false };
    expect(rolloutEvidence([first, second], node, window)).toEqual([
      'reviews-v3 rolled out 04:00 UTC (revision 2)',
    ]);
    expect(rolloutEvidence([first, second], node, { ...window, firstRevisions: true })).toEqual([
      'reviews-v3 rolled out 04:00 UTC (revision 2)',
      'reviews-v3 rolled out 02:00 UTC (revision 1)',
    ]);
    expect(rolloutEvidence([second], node, { ...window, untilSec: 1_764_907_199 })).toEqual([]);
    expect(rolloutEvidence([second], 'app/bookinfo/ratings/v1', window)).toEqual([]);
  });

  it('says in a few words what changed', () => {
    expect(changeText(rolloutOf(replicaSet())!)).toBe(
      'bookinfo/reviews-v3 rolled out (revision 2)',
    );
    expect(
      changeText({
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'details',
        atSec: 0,
        by: 'meshlens',
      }),
    ).toBe('VirtualService bookinfo/details changed by meshlens');
    expect(
      changeText({
        kind: 'HTTPRoute',
        namespace: 'bookinfo',
        name: 'reviews',
        atSec: 0,
        by: 'meshlens',
        actor: 'user alice',
      }),
    ).toBe('HTTPRoute bookinfo/reviews changed by user alice through meshlens');
  });
});
