/**
 * TraceQL for Tempo searches, built only from validated keys and escaped values, the way
 * promql.ts builds PromQL: a user's tag value can never end the string and add conditions.
 * @see https://grafana.com/docs/tempo/latest/traceql/
 */
import type { TraceQuery } from './model';

/** Attribute names we accept in a tag filter: dotted identifiers such as `http.status_code`. */
export const TAG_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:/-]{0,127}$/;

/** A TraceQL double-quoted string literal. */
export function traceqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The span set filter of a search: service, tags, errors and duration, all ANDed. */
export function traceqlFor(query: TraceQuery): string {
  const conditions = [`resource.service.name = ${traceqlString(query.service)}`];
  for (const [key, value] of Object.entries(query.tags ?? {})) {
    if (!TAG_KEY_PATTERN.test(key)) throw new RangeError(`invalid tag name ${JSON.stringify(key)}`);
    conditions.push(`span.${key} = ${traceqlString(value)}`);
  }
  if (query.errorsOnly) conditions.push('status = error');
  if (query.minDurationUs !== undefined) conditions.push(`duration >= ${query.minDurationUs}us`);
  if (query.maxDurationUs !== undefined) conditions.push(`duration <= ${query.maxDurationUs}us`);
  return `{ ${conditions.join(' && ')} }`;
}
