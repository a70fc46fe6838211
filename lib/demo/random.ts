/** A seeded pseudo-random source, so the demo and its tests are reproducible. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

/** mulberry32: tiny, fast, good enough for simulated traffic. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next: () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Log-normal sample with the given median; `sigma` is the spread of the underlying normal. */
export function logNormal(random: Random, median: number, sigma: number): number {
  // Box–Muller; 1 - next() keeps the log argument in (0, 1].
  const u1 = 1 - random.next();
  const u2 = random.next();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return median * Math.exp(sigma * normal);
}

/** Picks one item with probability proportional to its weight (weights ≥ 0, sum > 0). */
export function pickWeighted<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let point = random.next() * total;
  for (const item of items) {
    point -= item.weight;
    if (point < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('pickWeighted needs at least one item');
  return last;
}
