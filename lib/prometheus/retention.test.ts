import { describe, expect, it } from 'vitest';
import { parseRetentionSeconds } from './retention';

describe('parseRetentionSeconds', () => {
  it.each([
    ['15d', 15 * 86400],
    ['10y', 3650 * 86400],
    ['1y2w', 365 * 86400 + 14 * 86400],
    ['3h', 10800],
    ['15d or 512MiB', 15 * 86400],
    ['512MiB or 2d', 2 * 86400],
  ])('%s → %d s', (text, seconds) => {
    expect(parseRetentionSeconds(text)).toBe(seconds);
  });

  it.each([undefined, '', '512MiB', 'forever', '0d'])('%j has no time limit we can use', (text) => {
    expect(parseRetentionSeconds(text)).toBeUndefined();
  });
});
