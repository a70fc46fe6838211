import { describe, expect, it } from 'vitest';
import { flagsLabel, flagsMeaning } from './response-flags';

describe('response flags', () => {
  it('reads `-` as no flags, not as no response', () => {
    expect(flagsLabel('-')).toBe('no flags');
    expect(flagsMeaning('-')).toBe('no flags (a normal answer)');
  });

  it('explains each flag of a combined value', () => {
    expect(flagsLabel('DI,UT')).toBe('DI,UT');
    expect(flagsMeaning('DI,UT')).toBe('delayed by fault injection; upstream request timeout');
    expect(flagsMeaning('UO')).toMatch(/circuit breaking/);
    expect(flagsMeaning('XYZ')).toBe('Envoy flag XYZ');
  });
});
