import { z } from 'zod';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parses `30s`, `5m`, `1h`, `7d` into seconds; undefined for anything else. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,5})(s|m|h|d)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
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
