import type { EdgeLatency } from '../contracts/graph-details';
import type { VectorSample } from '../promql/types';
import { bucketedQuantile } from './histogram';

type Reporter = 'destination' | 'waypoint' | 'source';

const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/** Cumulative bucket rates by reporter, from `sum by (reporter, le)` samples. */
function bucketsByReporter(samples: readonly VectorSample[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const { labels, value } of samples) {
    const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
    if (Number.isNaN(le) || !Number.isFinite(value)) continue;
    const reporter = labels.reporter ?? '';
    const buckets = out.get(reporter) ?? new Map<number, number>();
    buckets.set(le, value);
    out.set(reporter, buckets);
  }
  return out;
}

/**
 * An edge's latency from one reporter's histogram: the destination's when its proxy reported
 * any requests (as the graph's own figures), the source's otherwise (a destination without a
 * sidecar, or a fault the caller's proxy answered). Quantiles carry their bucket so the panel
 * can say "≈ 5–10 s" where interpolation would suggest a precision the buckets do not have;
 * the mean (sum / count) has no such error.
 */
export function edgeLatency(
  buckets: readonly VectorSample[],
  sums: readonly VectorSample[],
): EdgeLatency {
  const byReporter = bucketsByReporter(buckets);
  const count = (r: Reporter) => byReporter.get(r)?.get(Infinity) ?? 0;
  const reporter: Reporter | undefined =
    count('destination') > 0
      ? 'destination'
      : count('waypoint') > 0
        ? 'waypoint'
        : count('source') > 0
          ? 'source'
          : undefined;
  if (!reporter) return { quantiles: {} };
  const histogram = byReporter.get(reporter) as Map<number, number>;
  const sum = sums.find((s) => (s.labels.reporter ?? '') === reporter)?.value;
  const quantiles: EdgeLatency['quantiles'] = {};
  for (const [name, q] of Object.entries(QUANTILES) as [keyof typeof QUANTILES, number][]) {
    const found = bucketedQuantile(q, histogram);
    if (found) {
      quantiles[name] = {
        ms: found.value,
        lowerMs: found.lower,
        upperMs: found.upper === Infinity ? null : found.upper,
      };
    }
  }
  return {
    reporter,
    meanMs: sum !== undefined && Number.isFinite(sum) ? sum / count(reporter) : undefined,
    quantiles,
  };
}
