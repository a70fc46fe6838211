'use client';

import type { ReactNode } from 'react';
import { changeKey, changeText } from '@/lib/changes/changes';
import type { Change } from '@/lib/contracts/changes';
import { utcMinute } from '@/lib/format';
import { replayTimeline } from '@/lib/graph-view/timeline';
import styles from './ReplayTimeline.module.css';

export interface ReplayTimelineProps {
  /** The replayed moment, unix seconds. */
  time: number;
  nowSec: number;
  /** Changes in the namespaces (routing writes, rollouts): markers on the timeline. */
  changes?: readonly Change[];
  onSeek: (timeSec: number) => void;
}

/** `1h`, `6h`, `1d`, `7d` */
const spanText = (seconds: number): string =>
  seconds % 86400 === 0 ? `${seconds / 86400}d` : `${Math.round(seconds / 3600)}h`;

/**
 * Replay on a line: the span up to now with the moment shown as a slider (drag it, or use the
 * arrow keys for a minute at a time) and each change as a marker that goes to just before it
 * (changes too close together share one, which counts them).
 */
export function ReplayTimeline({
  time,
  nowSec,
  changes = [],
  onSeek,
}: ReplayTimelineProps): ReactNode {
  const { startSec, endSec, markers } = replayTimeline(time, nowSec, changes);
  return (
    <div className={styles.timeline} role="group" aria-label="Replay timeline">
      <span className={`${styles.edge} muted`}>
        {spanText(endSec - startSec)} ago · {utcMinute(startSec)} UTC
      </span>
      <div className={styles.track}>
        <input
          type="range"
          className={styles.slider}
          aria-label="Replayed moment"
          aria-valuetext={`${utcMinute(time)} UTC`}
          min={startSec}
          max={endSec}
          step={60}
          value={Math.min(Math.max(time, startSec), endSec)}
          onChange={(e) => onSeek(Number(e.target.value))}
        />
        {markers.map(({ changes: here, at }) => {
          const [first] = here;
          if (!first) return null;
          // The count shown is part of the name, as screen readers expect.
          const what = `${here.length > 1 ? `${here.length} changes: ` : ''}${here.map(changeText).join(', ')}`;
          return (
            <button
              key={changeKey(first)}
              type="button"
              className={`${styles.marker} ${here.every((c) => c.kind === 'Rollout') ? styles.rollout : ''}`}
              style={{ left: `${at * 100}%` }}
              title={here.map((c) => `${utcMinute(c.atSec)} UTC: ${changeText(c)}`).join('\n')}
              aria-label={`Go to just before ${utcMinute(first.atSec)} UTC: ${what}`}
              onClick={() => onSeek(first.atSec - 1)}
            >
              {here.length > 1 ? here.length : ''}
            </button>
          );
        })}
      </div>
      <span className={`${styles.edge} muted`}>now · {utcMinute(endSec)} UTC</span>
    </div>
  );
}
