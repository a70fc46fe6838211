import { baselineTimeSec, type Baseline } from '../contracts/graph-params';
import { BadRequestError } from './route';

/**
 * The moment a baseline's window ends, seen from a graph at `timeSec`. A baseline that does
 * not lie before it is bad input (400) for a replayed moment; for a live graph it is a change
 * made since the graph's moment was taken (the graph's "now" moves in steps, see
 * sharedNowSec): no comparison yet, and a warning that says why.
 */
export function baselineBefore(
  baseline: Baseline,
  timeSec: number,
  live: boolean,
): { atSec: number } | { warning: string } {
  const atSec = baselineTimeSec(baseline, timeSec);
  if (atSec < timeSec) return { atSec };
  const text = `the baseline (${new Date(atSec * 1000).toISOString()}) must lie before the graph's moment (${new Date(timeSec * 1000).toISOString()})`;
  if (!live) throw new BadRequestError(`compareTo: ${text}`);
  return { warning: `Not compared yet: ${text}; the next refresh compares.` };
}
