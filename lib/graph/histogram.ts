/**
 * The quantile of a classic histogram from its cumulative bucket rates, computed as
 * Prometheus' `histogram_quantile` does: linear interpolation inside the bucket holding the
 * rank, 0 as the lower bound of the first bucket, and the highest finite bound when the rank
 * falls in the `+Inf` bucket. Undefined without observations.
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile
 */
export function histogramQuantile(
  q: number,
  buckets: ReadonlyMap<number, number>,
): number | undefined {
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
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [upper, count] of sorted) {
    if (count >= rank) {
      if (upper === Infinity) return lowerBound;
      if (count === lowerCount) return upper;
      return lowerBound + ((upper - lowerBound) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerBound = upper;
    lowerCount = count;
  }
  return lowerBound;
}
