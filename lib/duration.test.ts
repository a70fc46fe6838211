import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from './routing/convert';
import { GO_DURATION, parseDuration, PROMETHEUS_DURATION, type DurationUnit } from './duration';

const SECONDS: Partial<Record<DurationUnit, number>> = {
  y: 31_536_000,
  w: 604_800,
  d: 86_400,
  h: 3600,
  m: 60,
  s: 1,
};

describe('parseDuration', () => {
  it('adds up the whole amounts of a compound duration, in any unit order', () => {
    const part = fc.tuple(
      fc.integer({ min: 0, max: 500 }),
      fc.constantFrom<DurationUnit>('y', 'w', 'd', 'h', 'm', 's'),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const text = parts.map(([amount, unit]) => `${amount}${unit}`).join('');
        const expected = parts.reduce(
          (sum, [amount, unit]) => sum + amount * (SECONDS[unit] ?? 0),
          0,
        );
        expect(parseDuration(text, PROMETHEUS_DURATION, 's')).toBe(expected);
      }),
    );
  });

  it('reads Go’s units and fractions, ms before m', () => {
    expect(parseDuration('1m30s', GO_DURATION, 'ms')).toBe(90_000);
    expect(parseDuration('1.5s', GO_DURATION, 'ms')).toBe(1500);
    expect(parseDuration('250ms', GO_DURATION, 'us')).toBe(250_000);
    expect(parseDuration('1h0m0.5s', GO_DURATION, 's')).toBe(3600.5);
    expect(parseDuration('7µs', GO_DURATION, 'ns')).toBe(7000);
  });

  it('refuses what its syntax does not allow', () => {
    for (const text of ['', 's', '5', '-5s', '1.5d', '5 m', '5min', '1.5', '2x'])
      expect(parseDuration(text, PROMETHEUS_DURATION, 's'), text).toBeUndefined();
    expect(parseDuration('1d', GO_DURATION, 's')).toBeUndefined();
    expect(
      parseDuration('1m30s', { units: ['m', 's'], compound: false, fractions: false }, 's'),
    ).toBeUndefined();
  });

  it('round-trips every whole millisecond through Istio’s duration text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400_000 }), (ms) => {
        expect(parseDurationMs(formatDurationMs(ms))).toBe(ms);
      }),
    );
  });
});
