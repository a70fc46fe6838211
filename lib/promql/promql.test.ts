import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyOf, escapeLabelValue, escapeRegex, matcher, range, selector } from './promql';

/** Printable text plus the control characters PromQL strings may carry escaped. */
const labelText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', '\\', '\n', '\r', '\t', '}', '{', ')', '|'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
});

describe('escapeLabelValue', () => {
  it('escapes quotes and backslashes so a value cannot close its string', () => {
    expect(escapeLabelValue('bookinfo"}) or vector(1)')).toBe('bookinfo\\"}) or vector(1)');
    expect(escapeLabelValue('a\\b')).toBe('a\\\\b');
  });

  it('round-trips any string through a double-quoted literal (PromQL and JSON share these escapes)', () => {
    fc.assert(
      fc.property(labelText, (value) => {
        expect(JSON.parse(`"${escapeLabelValue(value)}"`)).toBe(value);
      }),
    );
  });

  it('never leaves an unescaped quote in the literal', () => {
    fc.assert(
      fc.property(labelText, (value) => {
        expect(escapeLabelValue(value)).not.toMatch(/(^|[^\\])(\\\\)*"/);
      }),
    );
  });
});

describe('escapeRegex', () => {
  it('makes every RE2 metacharacter literal', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(new RegExp(`^${escapeRegex(value)}$`, 'u').test(value)).toBe(true);
      }),
    );
  });
});

describe('matchers and selectors', () => {
  it('builds matchers with validated names', () => {
    expect(matcher('reporter', '=', 'destination')).toBe('reporter="destination"');
    expect(() => matcher('bad-name', '=', 'x')).toThrow(/invalid Prometheus label name/);
    expect(() => matcher('a"}', '=', 'x')).toThrow();
  });

  it('builds an exact alternation for a list of values', () => {
    expect(anyOf('namespace', ['bookinfo', 'a.b'])).toBe('namespace=~"bookinfo|a\\\\.b"');
    expect(() => anyOf('namespace', [])).toThrow();
  });

  it('joins matchers and formats ranges', () => {
    expect(selector(['a="1"', 'b!="2"'])).toBe('{a="1",b!="2"}');
    expect(range(600)).toBe('600s');
    expect(() => range(0)).toThrow();
    expect(() => range(1.5)).toThrow();
  });
});
