/**
 * The one seeded pseudo-random generator of the project: the demo plan, the convergence
 * fuzz, the hostile-relay tests and the benchmarks all draw from it, so a seed printed by
 * any of them replays the same run. It is mulberry32: tiny, fast and good enough for test
 * data; it is not for anything secret.
 */

/**
 * Numbers uniform in [0, 1) from a 32-bit seed (mulberry32); the same seed always gives
 * the same sequence. The seed is taken modulo 2^32, so `-1` and `0xffffffff` are one seed.
 */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded source with the draws tests and benches need, all from one mulberry32 sequence. */
export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  int(bound: number): number;
  /** One of `items`, each equally likely (`undefined` only when there are none). */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** A seeded source (see `SeededRandom`); every draw takes exactly one number of the sequence. */
export function seededRandom(seed: number): SeededRandom {
  const next = mulberry32(seed);
  return {
    next,
    int: (bound) => Math.floor(next() * bound),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}
