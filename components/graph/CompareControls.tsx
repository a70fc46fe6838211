'use client';

import type { ReactNode } from 'react';
import { changeText } from '@/lib/changes/changes';
import type { Change } from '@/lib/contracts/changes';
import { fromUtcInput, toUtcInput, utcMinute } from '@/lib/format';
import {
  compareBefore,
  compareChoices,
  compareText,
  isCompareMoment,
} from '@/lib/graph-view/view-state';
import styles from './CompareControls.module.css';

/** Choices that are actions rather than values: they set a moment. */
const PICK = 'pick';
const LAST_CHANGE = 'last-change';

export interface CompareControlsProps {
  /** The `compare` value of the view (see view-state.ts). */
  compare: string;
  /** The graph's moment, unix seconds: baselines lie before it. */
  atSec: number;
  /** Changes in the namespaces, newest first: "before the last change" is one choice. */
  changes?: readonly Change[];
  onChange: (compare: string) => void;
  /** An option's text (the toolbar says `Compare: 1 hour before`). */
  text?: (compare: string) => string;
  /** The select's id, for a visible label; without one it is labelled `Compare with`. */
  id?: string;
}

/**
 * What to compare the graph with: nothing, the same window some time before, the moment before
 * the last change, or a moment picked in UTC (the window ending then).
 */
export function CompareControls({
  compare,
  atSec,
  changes = [],
  onChange,
  text = compareText,
  id,
}: CompareControlsProps): ReactNode {
  const last = changes.find((c) => c.atSec < atSec);
  return (
    <span className={styles.compareControls}>
      <select
        id={id}
        aria-label={id ? undefined : 'Compare with'}
        value={compare}
        onChange={(e) => {
          const value = e.target.value;
          if (value === PICK) onChange(String(atSec - 3600));
          else if (value === LAST_CHANGE) onChange(last ? compareBefore(last.atSec) : '');
          else onChange(value);
        }}
      >
        {compareChoices(compare).map((c) => (
          <option key={c} value={c}>
            {text(c)}
          </option>
        ))}
        {last && compare !== compareBefore(last.atSec) && (
          <option value={LAST_CHANGE} title={changeText(last)}>
            Before the last change ({utcMinute(last.atSec)} UTC)
          </option>
        )}
        <option value={PICK}>A moment…</option>
      </select>
      {isCompareMoment(compare) && (
        <input
          type="datetime-local"
          step={1}
          aria-label="Baseline moment (UTC)"
          value={toUtcInput(Number(compare))}
          max={toUtcInput(atSec - 60)}
          onChange={(e) => {
            const sec = fromUtcInput(e.target.value);
            if (sec !== undefined) onChange(String(Math.min(sec, atSec - 60)));
          }}
        />
      )}
    </span>
  );
}
