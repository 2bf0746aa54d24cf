import { OVERLOAD, type GapBuffer } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';

const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;
const MASK = DIGITS - 1;
/** 64 bits in 11-bit digits: six passes; the last holds the top 9 bits. */
const PASSES = 6;

/**
 * Puts the gaps of a buffer in gap-list order (see `compareGaps`) and returns their
 * indexes in that order. Values are sorted by a stable radix sort of their IEEE-754
 * bits (for values >= 0 the bits order like the numbers), which is linear and free of
 * comparator calls; the rare runs of equal values are then ordered by period, kind
 * and subject id. (Assumes a little-endian platform, as every browser and Node runs on.)
 */
export function orderGaps(buffer: GapBuffer, model: PlanModel): Int32Array {
  const count = buffer.length;
  const words = new Uint32Array(buffer.value.buffer, 0, count * 2);
  const { low, high, digits, next: spare } = scratchFor(count);
  // Inverted bits sort descending.
  for (let i = 0; i < count; i++) {
    low[i] = ~words[2 * i];
    high[i] = ~words[2 * i + 1];
  }
  let order: Int32Array = new Int32Array(count);
  let next: Int32Array = spare;
  for (let i = 0; i < count; i++) order[i] = i;
  const counts = new Uint32Array(DIGITS);
  for (let pass = 0; pass < PASSES; pass++) {
    const bit = pass * DIGIT_BITS;
    for (let i = 0; i < count; i++) {
      digits[i] =
        bit >= 32
          ? (high[i] >>> (bit - 32)) & MASK
          : ((low[i] >>> bit) | (bit > 32 - DIGIT_BITS ? high[i] << (32 - bit) : 0)) & MASK;
    }
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[digits[i]]++;
    // A digit every value shares cannot reorder anything: skip its scatter.
    if (count === 0 || counts[digits[0]] === count) continue;
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const here = counts[d];
      counts[d] = sum;
      sum += here;
    }
    for (let i = 0; i < count; i++) {
      const gap = order[i];
      next[counts[digits[gap]]++] = gap;
    }
    [order, next] = [next, order];
  }
  // After an odd number of scatters the result sits in the reused array: copy it out.
  if (order === spare) order = spare.slice(0, count);
  breakTies(order, buffer, model);
  return order;
}

interface Scratch {
  low: Uint32Array;
  high: Uint32Array;
  digits: Uint16Array;
  next: Int32Array;
}

let scratch: Scratch | undefined;

/**
 * Working arrays reused from one ordering to the next: they hold nothing between
 * calls, so reusing them changes no result, and saves the garbage of every reconcile.
 */
function scratchFor(count: number): Scratch {
  if (scratch === undefined || scratch.low.length < count) {
    const size = Math.max(count, 1024);
    scratch = {
      low: new Uint32Array(size),
      high: new Uint32Array(size),
      digits: new Uint16Array(size),
      next: new Int32Array(size),
    };
  }
  return scratch;
}

function breakTies(order: Int32Array, buffer: GapBuffer, model: PlanModel): void {
  const compareTied = (a: number, b: number): number => {
    if (buffer.period[a] !== buffer.period[b]) return buffer.period[a] - buffer.period[b];
    if (buffer.kind[a] !== buffer.kind[b]) return buffer.kind[a] - buffer.kind[b];
    const idA = subjectId(buffer, model, a);
    const idB = subjectId(buffer, model, b);
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    const value = buffer.value[order[start]];
    while (end < order.length && buffer.value[order[end]] === value) end++;
    if (end - start > 1) order.subarray(start, end).sort(compareTied);
    start = end;
  }
}

function subjectId(buffer: GapBuffer, model: PlanModel, at: number): string {
  return buffer.kind[at] === OVERLOAD
    ? model.resources[buffer.subject[at]].id
    : model.families[buffer.subject[at]].id;
}
