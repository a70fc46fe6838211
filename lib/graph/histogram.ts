/** A quantile with the bucket it was interpolated in: `[lower, upper]`, `upper` may be +Inf. */
export interface BucketedQuantile {
  value: number;
  lower: number;
  upper: number;
}

/**
 * A classic histogram as arrays: cumulative bucket rates by upper bound, ascending, the last
 * `+Inf`. `NaN` marks a bucket that no series reported (unlike a rate of 0, which bounds the
 * next bucket from below). Many histograms share one `bounds`.
 */
export interface Histogram {
  bounds: readonly number[];
  rates: Float64Array;
}

/**
 * The quantile of a classic histogram from its cumulative bucket rates, computed as
 * Prometheus' `histogram_quantile` does: linear interpolation inside the bucket holding the
 * rank, 0 as the lower bound of the first bucket, and the highest finite bound when the rank
 * falls in the `+Inf` bucket. Also returns that bucket: at Istio's coarse buckets (5 s, 10 s)
 * the interpolated value says little more than the bucket does. Undefined without observations.
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile
 */
export function histogramBucketedQuantile(
  q: number,
  { bounds, rates }: Histogram,
): BucketedQuantile | undefined {
  let last = rates.length - 1;
  while (last >= 0 && Number.isNaN(rates[last] as number)) last -= 1;
  if (last < 0 || bounds[last] !== Infinity) return undefined;
  // Rates of cumulative buckets can dip by float noise: read them as their running maximum.
  let total = 0;
  for (let i = 0; i <= last; i += 1) {
    const rate = rates[i] as number;
    if (rate > total) total = rate;
  }
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let lower = 0;
  let lowerCount = 0;
  for (let i = 0; i <= last; i += 1) {
    const rate = rates[i] as number;
    if (Number.isNaN(rate)) continue;
    const upper = bounds[i] as number;
    const count = Math.max(rate, lowerCount);
    if (count >= rank) {
      if (upper === Infinity) return { value: lower, lower, upper };
      if (count === lowerCount) return { value: upper, lower, upper };
      const value = lower + ((upper - lower) * (rank - lowerCount)) / (count - lowerCount);
      return { value, lower, upper };
    }
    lower = upper;
    lowerCount = count;
  }
  return { value: lower, lower, upper: Infinity };
}

/** {@link histogramBucketedQuantile} of buckets given as a map from upper bound to rate. */
export function bucketedQuantile(
  q: number,
  buckets: ReadonlyMap<number, number>,
): BucketedQuantile | undefined {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  return histogramBucketedQuantile(q, {
    bounds,
    rates: Float64Array.from(bounds, (le) => buckets.get(le) as number),
  });
}

/** {@link bucketedQuantile}'s value alone. */
export function histogramQuantile(
  q: number,
  buckets: ReadonlyMap<number, number>,
): number | undefined {
  return bucketedQuantile(q, buckets)?.value;
}

/**
 * Whether a quantile's bucket is too wide for its interpolated value to be read as exact:
 * wider than half the value (Istio's 5–10 s bucket around a 7 s delay), or open-ended.
 */
export const isWideBucket = ({ value, lower, upper }: BucketedQuantile): boolean =>
  upper === Infinity || upper - lower > value / 2;
