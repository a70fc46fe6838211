import { describe, expect, it } from 'vitest';
import type { Change } from '../contracts/changes';
import { replayTimeline } from './timeline';

const NOW = 1_764_907_200;
const change = (atSec: number): Change => ({
  kind: 'VirtualService',
  namespace: 'bookinfo',
  name: 'details',
  atSec,
});

describe('replayTimeline', () => {
  it('covers the shortest span that holds the moment, up to now', () => {
    expect(replayTimeline(NOW - 600, NOW, [])).toMatchObject({ startSec: NOW - 3600, endSec: NOW });
    expect(replayTimeline(NOW - 3500, NOW, []).startSec).toBe(NOW - 6 * 3600);
    expect(replayTimeline(NOW - 2 * 86400, NOW, []).startSec).toBe(NOW - 7 * 86400);
    // Beyond a week: the moment itself, with the same room.
    expect(replayTimeline(NOW - 10 * 86400, NOW, []).startSec).toBe(NOW - 10 * 86400 - 300);
  });

  it('places the changes inside the span as markers, and only those', () => {
    const { markers } = replayTimeline(NOW - 600, NOW, [
      change(NOW - 900),
      change(NOW - 3600),
      change(NOW - 7200),
    ]);
    expect(markers.map((m) => m.at)).toEqual([0, 0.75]);
  });

  it('merges changes too close to tell apart into one marker, oldest first', () => {
    const { markers } = replayTimeline(NOW - 600, NOW, [
      change(NOW - 900),
      change(NOW - 920),
      change(NOW - 1800),
    ]);
    expect(markers.map((m) => m.changes.map((c) => NOW - c.atSec))).toEqual([[1800], [920, 900]]);
  });
});
