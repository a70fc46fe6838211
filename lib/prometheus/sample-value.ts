/**
 * Converts a Prometheus sample string to a number. Prometheus formats floats with Go's
 * strconv, so special values arrive as `NaN`, `+Inf` and `-Inf`; `Number('+Inf')` would be
 * NaN, hence the explicit cases. Returns undefined for anything that is not a float.
 */
export function parseSampleValue(text: string): number | undefined {
  switch (text) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default: {
      if (text.trim() === '') return undefined;
      const value = Number(text);
      return Number.isNaN(value) ? undefined : value;
    }
  }
}
