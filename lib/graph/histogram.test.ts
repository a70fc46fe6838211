import { describe, expect, it } from 'vitest';
import { histogramQuantile } from './histogram';

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
