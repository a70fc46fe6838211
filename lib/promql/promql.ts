/**
 * Safe building blocks for PromQL. Label values are escaped as PromQL double-quoted string
 * literals (same rules as Go: backslash, quote, newline), and label names are checked, so no
 * caller-provided text can change the shape of a query.
 * @see https://prometheus.io/docs/prometheus/latest/querying/basics/#string-literals
 */

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a string for use inside a double-quoted PromQL string literal. */
export function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/** Escapes RE2 metacharacters so a literal value can sit inside a `=~` alternation. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher, `name op "value"`, with the name validated and the value escaped. */
export function matcher(name: string, op: MatchOp, value: string): string {
  if (!LABEL_NAME.test(name))
    throw new Error(`invalid Prometheus label name: ${JSON.stringify(name)}`);
  return `${name}${op}"${escapeLabelValue(value)}"`;
}

/** `name=~"a|b|c"` matching any of the literal values exactly. */
export function anyOf(name: string, values: readonly string[]): string {
  if (values.length === 0) throw new Error(`anyOf(${name}) needs at least one value`);
  return matcher(name, '=~', values.map(escapeRegex).join('|'));
}

/** `name!~"a|b|c"`: none of the literal values. */
export function noneOf(name: string, values: readonly string[]): string {
  if (values.length === 0) throw new Error(`noneOf(${name}) needs at least one value`);
  return matcher(name, '!~', values.map(escapeRegex).join('|'));
}

/** `{m1,m2,…}` selector body. */
export function selector(matchers: readonly string[]): string {
  return `{${matchers.join(',')}}`;
}

/** Formats a duration in whole seconds as a PromQL range, e.g. `600s`. */
export function range(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`invalid range: ${seconds}`);
  return `${seconds}s`;
}
