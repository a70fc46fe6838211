'use client';

import type { ReactNode } from 'react';
import { changeKey, changeText } from '@/lib/changes/changes';
import type { Change } from '@/lib/contracts/changes';
import { fromUtcInput, toUtcInput, utcMinute } from '@/lib/format';
import { SPEEDS, type GraphViewState } from '@/lib/graph-view/view-state';
import styles from './ReplayControls.module.css';

export interface ReplayControlsProps {
  time: number | undefined;
  speed: GraphViewState['speed'];
  playing: boolean;
  /** Seconds one step moves. */
  stepSeconds: number;
  nowSec: number;
  onChange: (patch: Partial<GraphViewState>) => void;
  onPlay: (playing: boolean) => void;
  /** Changes in the namespaces (routing, rollouts), newest first: moments to replay around. */
  changes?: readonly Change[];
}

/** Small media icons as SVG: symbol fonts for ⏮ ⏸ ⏭ are missing on many systems. */
const ICONS = {
  back: 'M4 3h2v10H4zM14 3 7 8l7 5z',
  play: 'M5 3l9 5-9 5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  forward: 'M10 3h2v10h-2zM2 3l7 5-7 5z',
} as const;

function Icon({ name }: { name: keyof typeof ICONS }): ReactNode {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
      <path d={ICONS[name]} />
    </svg>
  );
}

/** Live or replay: a past moment (UTC), stepping and playing through time at a chosen speed. */
export function ReplayControls({
  time,
  speed,
  playing,
  stepSeconds,
  nowSec,
  onChange,
  onPlay,
  changes = [],
}: ReplayControlsProps): ReactNode {
  if (time === undefined) {
    return (
      <button
        type="button"
        onClick={() => onChange({ time: nowSec - 600 })}
        title="Replay the graph from 10 minutes ago"
      >
        ● Live · Replay…
      </button>
    );
  }
  const step = (delta: number) => onChange({ time: Math.min(nowSec, time + delta) });
  return (
    <span className={styles.replay} role="group" aria-label="Replay">
      <input
        type="datetime-local"
        step={1}
        aria-label="Replay time (UTC)"
        value={toUtcInput(time)}
        max={toUtcInput(nowSec)}
        onChange={(e) => {
          const sec = fromUtcInput(e.target.value);
          if (sec !== undefined) onChange({ time: Math.min(sec, nowSec) });
        }}
      />
      <span className="muted">UTC</span>
      <button type="button" aria-label="Step back" onClick={() => step(-stepSeconds)}>
        <Icon name="back" />
      </button>
      <button
        type="button"
        aria-label={playing ? 'Pause' : 'Play'}
        onClick={() => onPlay(!playing)}
      >
        <Icon name={playing ? 'pause' : 'play'} />
      </button>
      <button type="button" aria-label="Step forward" onClick={() => step(stepSeconds)}>
        <Icon name="forward" />
      </button>
      <select
        aria-label="Replay speed"
        value={speed}
        onChange={(e) => onChange({ speed: Number(e.target.value) as GraphViewState['speed'] })}
      >
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      {changes.length > 0 && (
        <select
          aria-label="Go to a change"
          value=""
          onChange={(e) => {
            const sec = Number(e.target.value);
            if (Number.isFinite(sec) && sec > 0) onChange({ time: Math.min(sec, nowSec) });
          }}
        >
          <option value="">Changes ({changes.length})…</option>
          {changes.slice(0, 20).map((c) => (
            <optgroup key={changeKey(c)} label={`${utcMinute(c.atSec)} ${changeText(c)}`}>
              <option value={c.atSec - 1}>just before it</option>
              <option value={c.atSec + 60}>a minute after it</option>
            </optgroup>
          ))}
        </select>
      )}
      <button type="button" onClick={() => onChange({ time: undefined })}>
        Back to live
      </button>
    </span>
  );
}
