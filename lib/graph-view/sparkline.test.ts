import { describe, expect, it } from 'vitest';
import { lastValue, sparklinePath } from './sparkline';

describe('sparklinePath', () => {
  it('scales time across the width and values from 0 to the maximum', () => {
    expect(
      sparklinePath(
        [
          { t: 0, v: 0 },
          { t: 10, v: 5 },
          { t: 20, v: 10 },
        ],
        100,
        20,
      ),
    ).toBe('M0.0,20.0L50.0,10.0L100.0,0.0');
  });

  it('breaks the line at gaps and is empty without data', () => {
    expect(
      sparklinePath(
        [
          { t: 0, v: 1 },
          { t: 1, v: null },
          { t: 2, v: 1 },
        ],
        10,
        10,
      ),
    ).toBe('M0.0,0.0M10.0,0.0');
    expect(sparklinePath([{ t: 0, v: null }], 10, 10)).toBe('');
  });

  it('draws a flat zero line at the bottom', () => {
    expect(
      sparklinePath(
        [
          { t: 0, v: 0 },
          { t: 1, v: 0 },
        ],
        10,
        10,
      ),
    ).toBe('M0.0,10.0L10.0,10.0');
  });

  it('finds the latest value', () => {
    expect(
      lastValue([
        { t: 0, v: 3 },
        { t: 1, v: null },
      ]),
    ).toBe(3);
    expect(lastValue([])).toBeUndefined();
  });
});
