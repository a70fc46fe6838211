import { describe, expect, it } from 'vitest';
import {
  bucketedQuantile,
  histogramBucketedQuantile,
  histogramQuantile,
  isWideBucket,
  type BucketedQuantile,
} from './histogram';

const buckets = (entries: [number, number][]) => new Map(entries);

describe('histogramQuantile', () => {
  // 10 observations ≤ 10 ms, 10 more ≤ 50 ms, none above.
  const h = buckets([
    [5, 0],
    [10, 10],
    [50, 20],
    [Infinity, 20],
  ]);

  it('interpolates linearly inside the bucket holding the rank, as Prometheus does', () => {
    expect(histogramQuantile(0.5, h)).toBe(10);
    expect(histogramQuantile(0.25, h)).toBe(7.5);
    expect(histogramQuantile(0.95, h)).toBe(46);
    expect(histogramQuantile(0.99, h)).toBeCloseTo(49.2, 9);
  });

  it('starts the first bucket at 0', () => {
    expect(
      histogramQuantile(
        0.5,
        buckets([
          [100, 10],
          [Infinity, 10],
        ]),
      ),
    ).toBe(50);
  });

  it('answers the highest finite bound when the rank is in +Inf', () => {
    expect(
      histogramQuantile(
        0.99,
        buckets([
          [10, 1],
          [Infinity, 10],
        ]),
      ),
    ).toBe(10);
  });

  it('is undefined without observations or without a +Inf bucket', () => {
    expect(
      histogramQuantile(
        0.5,
        buckets([
          [10, 0],
          [Infinity, 0],
        ]),
      ),
    ).toBeUndefined();
    expect(histogramQuantile(0.5, buckets([[10, 3]]))).toBeUndefined();
  });

  it('tolerates float noise that makes cumulative rates dip', () => {
    expect(
      histogramQuantile(
        0.5,
        buckets([
          [10, 10.0000001],
          [50, 10],
          [Infinity, 20],
        ]),
      ),
    ).toBeCloseTo(10, 4);
  });
});

describe('bucketedQuantile', () => {
  // Istio's default buckets around a 7 s injected delay: every request lands in 5–10 s.
  const delayed = buckets([
    [2500, 0],
    [5000, 0],
    [10000, 10],
    [30000, 10],
    [Infinity, 10],
  ]);

  it('names the bucket a quantile was interpolated in', () => {
    expect(bucketedQuantile(0.95, delayed)).toEqual({ value: 9750, lower: 5000, upper: 10000 });
    expect(isWideBucket({ value: 9750, lower: 5000, upper: 10000 })).toBe(true);
  });

  it('marks the +Inf bucket as open-ended and narrow buckets as exact enough', () => {
    const over = bucketedQuantile(
      0.5,
      buckets([
        [100, 0],
        [Infinity, 4],
      ]),
    );
    expect(over).toEqual({ value: 100, lower: 100, upper: Infinity });
    expect(isWideBucket(over as BucketedQuantile)).toBe(true);
    expect(isWideBucket({ value: 9.5, lower: 9, upper: 10 })).toBe(false);
  });
});

describe('histogramBucketedQuantile', () => {
  const bounds = [5, 10, 50, Infinity];

  it('skips buckets no series reported (NaN) but keeps empty ones (0) as lower bounds', () => {
    // Reported empty, the 5 ms bucket makes the quantile interpolate in 5–10 ms; absent, 0–10.
    const reported = Float64Array.from([0, 10, 20, 20]);
    expect(histogramBucketedQuantile(0.25, { bounds, rates: reported })?.value).toBe(7.5);
    const absent = Float64Array.from([NaN, 10, 20, 20]);
    expect(histogramBucketedQuantile(0.25, { bounds, rates: absent })?.value).toBe(5);
  });

  it('reads dips from float noise as the running maximum, and needs a reported +Inf', () => {
    const noisy = Float64Array.from([0, 10, 9.999999, 20]);
    expect(histogramBucketedQuantile(0.5, { bounds, rates: noisy })?.value).toBe(10);
    expect(
      histogramBucketedQuantile(0.5, { bounds, rates: Float64Array.from([0, 10, 20, NaN]) }),
    ).toBeUndefined();
    expect(
      histogramBucketedQuantile(0.5, { bounds, rates: Float64Array.from([0, 0, 0, 0]) }),
    ).toBeUndefined();
  });
});
