import type { Change } from '../contracts/changes';

/** Spans a replay timeline may cover, shortest first: the shortest that shows the moment. */
export const TIMELINE_SPANS = [3600, 6 * 3600, 86400, 7 * 86400] as const;

/** Changes closer than this share of the span share one marker (they would overlap). */
const MERGE_WITHIN = 0.01;

export interface TimelineMarker {
  /** Oldest first; the marker goes to just before the first. */
  changes: Change[];
  /** Where it sits along the timeline, 0 (start) to 1 (now). */
  at: number;
}

export interface Timeline {
  startSec: number;
  endSec: number;
  markers: TimelineMarker[];
}

/**
 * The replay timeline for a moment: from the shortest span that holds `timeSec` with a little
 * room (an hour, six, a day, a week) up to now, with the changes inside it as markers, those
 * too close to tell apart merged into one.
 */
export function replayTimeline(
  timeSec: number,
  nowSec: number,
  changes: readonly Change[],
): Timeline {
  const needed = nowSec - timeSec + 300;
  const span = TIMELINE_SPANS.find((s) => s >= needed) ?? Math.max(needed, 0);
  const startSec = nowSec - span;
  const markers: TimelineMarker[] = [];
  const inside = changes
    .filter((c) => c.atSec >= startSec && c.atSec <= nowSec)
    .sort((a, b) => a.atSec - b.atSec);
  for (const change of inside) {
    const at = (change.atSec - startSec) / span;
    const last = markers.at(-1);
    if (last && at - last.at < MERGE_WITHIN) last.changes.push(change);
    else markers.push({ changes: [change], at });
  }
  return { startSec, endSec: nowSec, markers };
}
