import { describe, expect, it } from 'vitest';
import type { VectorSample } from '../promql/types';
import { edgeLatency } from './edge-latency';

const sample = (labels: Record<string, string>, value: number): VectorSample => ({
  labels,
  timestampSec: 0,
  value,
});
const histogram = (reporter: string, counts: [string, number][]) =>
  counts.map(([le, v]) => sample({ reporter, le }, v));

describe('edgeLatency', () => {
  it('reads the destination proxy’s histogram when it reported, with the mean', () => {
    const latency = edgeLatency(
      [
        ...histogram('destination', [
          ['5000', 0],
          ['10000', 4],
          ['+Inf', 4],
        ]),
        ...histogram('source', [
          ['5000', 0],
          ['10000', 1],
          ['+Inf', 5],
        ]),
      ],
      [sample({ reporter: 'destination' }, 28_000), sample({ reporter: 'source' }, 1)],
    );
    expect(latency.reporter).toBe('destination');
    // A 7 s delay: the mean says 7 s; p95 is interpolated as 9.75 s in the 5–10 s bucket.
    expect(latency.meanMs).toBe(7000);
    expect(latency.quantiles.p95).toEqual({ ms: 9750, lowerMs: 5000, upperMs: 10_000 });
  });

  it('falls back to the source proxy (no sidecar at the destination, local replies)', () => {
    const latency = edgeLatency(
      histogram('source', [
        ['1', 2],
        ['+Inf', 2],
      ]),
      [],
    );
    expect(latency.reporter).toBe('source');
    expect(latency.meanMs).toBeUndefined();
    expect(latency.quantiles.p50).toEqual({ ms: 0.5, lowerMs: 0, upperMs: 1 });
  });

  it('gives +Inf as a null upper bound and nothing without requests', () => {
    const open = edgeLatency(
      histogram('destination', [
        ['100', 0],
        ['+Inf', 3],
      ]),
      [],
    );
    expect(open.quantiles.p99).toEqual({ ms: 100, lowerMs: 100, upperMs: null });
    expect(edgeLatency([], [])).toEqual({ quantiles: {} });
  });
});
