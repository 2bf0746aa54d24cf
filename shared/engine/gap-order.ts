import { OVERLOAD, type GapBuffer } from './gaps.ts';
import type { PlanModel } from './plan-model.ts';

const DIGIT_BITS = 12;
const DIGITS = 1 << DIGIT_BITS;
const MASK = DIGITS - 1;
/**
 * Three 12-bit digits: the top 36 bits of a value (sign, exponent, 24 bits of mantissa,
 * a relative step of 6e-8). Values closer than that are rare and ordered exactly after.
 */
const PASSES = 3;

/**
 * Puts the gaps of a buffer in gap-list order (see `compareGaps`) and returns their
 * indexes in that order. For values >= 0 the IEEE-754 bits order like the numbers, so
 * a stable radix sort of their top 36 bits orders them in linear time without
 * comparator calls. Values that share those bits (equal, or within a relative 6e-8)
 * are then put in exact order by value, month, kind and subject id. (Assumes a
 * little-endian platform, as every browser and Node runs on.)
 */
export function orderGaps(buffer: GapBuffer, model: PlanModel): Int32Array {
  const count = buffer.length;
  const words = new Uint32Array(buffer.value.buffer, 0, count * 2);
  const { high, middle, digits, next: spare } = scratchFor(count);
  // Inverted bits sort descending. `middle` holds the top 4 bits of the low word.
  for (let i = 0; i < count; i++) {
    high[i] = ~words[2 * i + 1];
    middle[i] = ~words[2 * i] >>> 28;
  }
  let order: Int32Array = new Int32Array(count);
  let next: Int32Array = spare;
  for (let i = 0; i < count; i++) order[i] = i;
  const counts = new Uint32Array(DIGITS);
  for (let pass = 0; pass < PASSES; pass++) {
    if (pass === 0) {
      for (let i = 0; i < count; i++) digits[i] = (middle[i] | (high[i] << 4)) & MASK;
    } else {
      const shift = pass * DIGIT_BITS - 4;
      for (let i = 0; i < count; i++) digits[i] = (high[i] >>> shift) & MASK;
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
  breakTies(order, buffer, model, high, middle);
  return order;
}

/** Orders each run of gaps whose top 36 bits agree exactly, by the full comparison. */
function breakTies(
  order: Int32Array,
  buffer: GapBuffer,
  model: PlanModel,
  high: Uint32Array,
  middle: Uint32Array,
): void {
  const compareTied = (a: number, b: number): number => {
    if (buffer.value[a] !== buffer.value[b]) return buffer.value[b] - buffer.value[a];
    if (buffer.period[a] !== buffer.period[b]) return buffer.period[a] - buffer.period[b];
    if (buffer.kind[a] !== buffer.kind[b]) return buffer.kind[a] - buffer.kind[b];
    const idA = subjectId(buffer, model, a);
    const idB = subjectId(buffer, model, b);
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
  let start = 0;
  while (start < order.length) {
    const first = order[start];
    let end = start + 1;
    while (
      end < order.length &&
      high[order[end]] === high[first] &&
      middle[order[end]] === middle[first]
    ) {
      end++;
    }
    if (end - start > 1) order.subarray(start, end).sort(compareTied);
    start = end;
  }
}

function subjectId(buffer: GapBuffer, model: PlanModel, at: number): string {
  return buffer.kind[at] === OVERLOAD
    ? model.resources[buffer.subject[at]].id
    : model.families[buffer.subject[at]].id;
}

interface Scratch {
  high: Uint32Array;
  middle: Uint32Array;
  digits: Uint16Array;
  next: Int32Array;
}

let scratch: Scratch | undefined;

/**
 * Working arrays reused from one ordering to the next: they hold nothing between
 * calls, so reusing them changes no result, and saves the garbage of every reconcile.
 */
function scratchFor(count: number): Scratch {
  if (scratch === undefined || scratch.high.length < count) {
    const size = Math.max(count, 1024);
    scratch = {
      high: new Uint32Array(size),
      middle: new Uint32Array(size),
      digits: new Uint16Array(size),
      next: new Int32Array(size),
    };
  }
  return scratch;
}
