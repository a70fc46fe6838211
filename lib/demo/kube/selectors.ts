import { badRequest } from './status';

/** A parsed selector: a predicate over an object's labels or fields. */
export type Predicate = (values: Readonly<Record<string, string>>) => boolean;

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** Splits on commas that are not inside `in (…)` sets. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

/**
 * Kubernetes label selector syntax: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`,
 * `a notin (x,y)`, comma meaning AND. Throws a 400 for anything else.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export function parseLabelSelector(selector: string): Predicate {
  const checks: Predicate[] = splitTerms(selector).map((term) => {
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set) {
      const [, key = '', op, list = ''] = set;
      const values = new Set(
        list
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      );
      checkKey(key, selector);
      return op === 'in'
        ? (labels) => labels[key] !== undefined && values.has(labels[key])
        : (labels) => labels[key] === undefined || !values.has(labels[key]);
    }
    const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (eq) {
      const [, key = '', op, value = ''] = eq;
      checkKey(key, selector);
      return op === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
    }
    if (term.startsWith('!')) {
      const key = term.slice(1).trim();
      checkKey(key, selector);
      return (labels) => labels[key] === undefined;
    }
    checkKey(term, selector);
    return (labels) => labels[term] !== undefined;
  });
  return (labels) => checks.every((check) => check(labels));
}

function checkKey(key: string, selector: string): void {
  if (!KEY.test(key))
    throw badRequest(
      `unable to parse requirement: invalid label key ${JSON.stringify(key)} in selector ${JSON.stringify(selector)}`,
    );
}

const FIELDS = new Set(['metadata.name', 'metadata.namespace']);

/** Field selectors on `metadata.name` and `metadata.namespace` (what every type supports). */
export function parseFieldSelector(selector: string): Predicate {
  const checks: Predicate[] = splitTerms(selector).map((term) => {
    const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
    if (!match) throw badRequest(`invalid field selector: ${JSON.stringify(term)}`);
    const [, field = '', op, value = ''] = match;
    if (!FIELDS.has(field)) throw badRequest(`field label not supported: ${field}`);
    return op === '!=' ? (fields) => fields[field] !== value : (fields) => fields[field] === value;
  });
  return (fields) => checks.every((check) => check(fields));
}
