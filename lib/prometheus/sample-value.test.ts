import { describe, expect, it } from 'vitest';
import { parseSampleValue } from './sample-value';

describe('parseSampleValue', () => {
  it.each([
    ['1', 1],
    ['0.5', 0.5],
    ['1e+06', 1e6],
    ['-3.25', -3.25],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
  ])('parses %s', (text, value) => {
    expect(parseSampleValue(text)).toBe(value);
  });

  it('parses NaN as NaN (Prometheus returns it for 0/0 rates)', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
  });

  it.each(['', ' ', 'abc', '1,5'])('rejects %j', (text) => {
    expect(parseSampleValue(text)).toBeUndefined();
  });
});
