/**
 * Editing one item of a list without mutating it: what the routing editors do to routes,
 * destinations, subsets and header matches. Each returns a new list.
 */

/** The list with item `index` replaced by `item`. */
export const replaceAt = <T>(list: readonly T[], index: number, item: T): T[] =>
  list.map((current, k) => (k === index ? item : current));

/** The list with item `index` changed by `change` (given the item, returns the new one). */
export const updateAt = <T>(list: readonly T[], index: number, change: (item: T) => T): T[] =>
  list.map((current, k) => (k === index ? change(current) : current));

/** The list without item `index`. */
export const removeAt = <T>(list: readonly T[], index: number): T[] =>
  list.filter((_, k) => k !== index);

/** The list with item `index` moved `delta` places (clamped to the ends). */
export function moveAt<T>(list: readonly T[], index: number, delta: number): T[] {
  const next = [...list];
  const [moved] = next.splice(index, 1);
  if (moved === undefined) return next;
  next.splice(Math.max(0, Math.min(next.length, index + delta)), 0, moved);
  return next;
}
