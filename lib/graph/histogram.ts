/** A quantile with the bucket it was interpolated in: `[lower, upper]`, `upper` may be +Inf. */
export interface BucketedQuantile {
  value: number;
  lower: number;
  upper: number;
}

/**
 * The quantile of a classic histogram from its cumulative bucket rates, computed as
 * Prometheus' `histogram_quantile` does: linear interpolation inside the bucket holding the
 * rank, 0 as the lower bound of the first bucket, and the highest finite bound when the rank
 * falls in the `+Inf` bucket. Also returns that bucket: at Istio's coarse buckets (5 s, 10 s)
 * the interpolated value says little more than the bucket does. Undefined without observations.
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile
 */
export function bucketedQuantile(
  q: number,
  buckets: ReadonlyMap<number, number>,
): BucketedQuantile | undefined {
  const sorted = [...buckets.entries()].sort(([a], [b]) => a - b);
  const last = sorted[sorted.length - 1];
  if (!last || last[0] !== Infinity || !(last[1] > 0)) return undefined;
  // Rates of cumulative buckets can dip by float noise; keep them monotonic.
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1] as [number, number];
    const current = sorted[i] as [number, number];
    if (current[1] < previous[1]) current[1] = previous[1];
  }
  const rank = q * last[1];
  let lower = 0;
  let lowerCount = 0;
  for (const [upper, count] of sorted) {
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
