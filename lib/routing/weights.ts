/**
 * Weight arithmetic for traffic shifting. Istio accepts any weights ≥ 0 whose total is above 0
 * and sends each destination weight/total of the traffic, so the editor shows effective
 * percentages and writes weights that sum to 100 for what it creates.
 */

/** Each weight's share of the total, in %; all 0 when the total is 0. */
export function effectivePercents(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => (total > 0 ? (w / total) * 100 : 0));
}

/**
 * Integers summing to exactly `total` in the proportions of `values` (largest remainder), e.g.
 * [1, 1, 1] → [34, 33, 33]. All-zero input is spread evenly.
 */
export function normaliseTo(values: readonly number[], total = 100): number[] {
  if (values.length === 0) return [];
  const sum = values.reduce((s, v) => s + Math.max(0, v), 0);
  const shares = values.map((v) =>
    sum > 0 ? (Math.max(0, v) / sum) * total : total / values.length,
  );
  const floors = shares.map(Math.floor);
  let left = total - floors.reduce((s, v) => s + v, 0);
  const order = shares
    .map((share, i) => ({ i, remainder: share - Math.floor(share) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left -= 1;
  }
  return floors;
}

/** `count` weights summing to 100, as even as integers allow. */
export const distributeEvenly = (count: number): number[] =>
  normaliseTo(new Array<number>(count).fill(1));

/**
 * Sets one weight and moves the unlocked others so the total stays 100, keeping their
 * proportions. The new value is clamped to what the locked weights leave; with nothing to
 * move, it is clamped so the total never exceeds 100.
 */
export function setWeight(
  weights: readonly number[],
  index: number,
  value: number,
  locked: ReadonlySet<number> = new Set(),
): number[] {
  const current = normaliseTo(weights);
  const lockedSum = current.reduce((s, w, i) => (i !== index && locked.has(i) ? s + w : s), 0);
  const movable = current.map((_, i) => i).filter((i) => i !== index && !locked.has(i));
  const target = Math.max(0, Math.min(Math.round(value), 100 - lockedSum));
  if (movable.length === 0) {
    const next = [...current];
    next[index] = 100 - lockedSum;
    return next;
  }
  const rest = normaliseTo(
    movable.map((i) => current[i] ?? 0),
    100 - lockedSum - target,
  );
  const next = [...current];
  next[index] = target;
  movable.forEach((i, k) => (next[i] = rest[k] ?? 0));
  return next;
}
