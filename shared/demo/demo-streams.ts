import { mulberry32 } from '../random.ts';

/**
 * The demo plan's random numbers. Streams are keyed by (seed, purpose, index, month)
 * rather than drawn in sequence, so that adding a family or moving the cycle leaves the
 * other figures alone; each stream is the project's one seeded generator.
 */

/** The purposes of the keyed random streams. */
export const CHANNEL = {
  family: 1,
  loads: 2,
  demand: 3,
  supply: 4,
  budget: 5,
  actual: 6,
  forecast: 7,
  resource: 8,
  posture: 9,
  service: 10,
  production: 11,
  salesView: 12,
  marketingView: 13,
  override: 14,
} as const;

/** Mixes integers into one well-spread 32-bit key (murmur3's finaliser per part). */
export function key(seed: number, channel: number, index: number, month = 0): number {
  return mixIn(mixIn(mixIn(mixIn(0x9e3779b9, seed), channel), index), month) >>> 0;
}

function mixIn(hash: number, part: number): number {
  let h = Math.imul(hash ^ (part >>> 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A generator for one (seed, channel, index) stream. */
export function stream(seed: number, channel: number, index: number): () => number {
  return mulberry32(key(seed, channel, index));
}

/** Uniform in [-1, 1) for one month of one family. */
export function uniform(seed: number, channel: number, index: number, month: number): number {
  return mulberry32(key(seed, channel, index, month))() * 2 - 1;
}

/** Roughly standard normal (Irwin-Hall of 4 uniforms) for one month of one family. */
export function noise(seed: number, channel: number, index: number, month: number): number {
  const next = mulberry32(key(seed, channel, index, month));
  return (next() + next() + next() + next() - 2) * 1.7320508;
}

/** A number between `low` and `high`, drawn from `next`. */
export function between(next: () => number, low: number, high: number): number {
  return low + (high - low) * next();
}
