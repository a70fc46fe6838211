import { baselineTimeSec, type Baseline } from '../contracts/graph-params';
import { BadRequestError } from './route';

/** The moment a baseline's window ends; a 400 unless it lies before the graph's `timeSec`. */
export function baselineBefore(baseline: Baseline, timeSec: number): number {
  const atSec = baselineTimeSec(baseline, timeSec);
  if (atSec >= timeSec)
    throw new BadRequestError(
      `compareTo: the baseline (${new Date(atSec * 1000).toISOString()}) must lie before the graph's moment (${new Date(timeSec * 1000).toISOString()})`,
    );
  return atSec;
}
