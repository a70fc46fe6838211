import { z } from 'zod';
import { parseDuration, type DurationSyntax } from '../duration';

/** A window: one whole amount of seconds, minutes, hours or days, as the toolbar offers. */
const WINDOW: DurationSyntax = { units: ['s', 'm', 'h', 'd'], compound: false, fractions: false };

/** Parses `30s`, `5m`, `1h`, `7d` into seconds; undefined for anything else. */
export function parseDurationSeconds(text: string): number | undefined {
  // At most six digits and no leading zero: a window is never written `0005m`.
  if (!/^[1-9][0-9]{0,5}[a-z]$/.test(text)) return undefined;
  return parseDuration(text, WINDOW, 's');
}

/** A query-string duration such as `60s` or `5m`, between `min` and `max` seconds. */
export const durationParam = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const seconds = parseDurationSeconds(text);
    if (seconds === undefined || seconds < min || seconds > max) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a duration like 60s, 5m or 1h between ${min}s and ${max}s, got ${JSON.stringify(text)}`,
      });
      return z.NEVER;
    }
    return seconds;
  });
