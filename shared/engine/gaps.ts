import type { PlanModel } from './plan-model.ts';
import { GAP_KINDS, type Gap } from './types.ts';

/** Gap kind codes: the index in GAP_KINDS, which is also the tie-break rank. */
export const SHORTAGE = 0;
/** Code of a below-safety-stock gap. */
export const BELOW_SAFETY_STOCK = 1;
/** Code of an overload gap (its subject is a resource). */
export const OVERLOAD = 2;
/** Code of a below-budget gap. */
export const BELOW_BUDGET = 3;
/** Code of an excess-inventory gap. */
export const EXCESS_INVENTORY = 4;

/**
 * Gaps as they are found, in flat columns: kind code, subject index (a family, or a
 * resource for overloads), first, last and peak period index, amount, value and, for
 * below-budget gaps, the fiscal year's variance (NaN otherwise). Gap objects with their
 * ids are made only when the list is read.
 */
export class GapBuffer {
  length = 0;
  kind: Uint8Array;
  subject: Int32Array;
  /** The first period of the episode: the gap's `period`. */
  period: Int32Array;
  last: Int32Array;
  peak: Int32Array;
  amount: Float64Array;
  value: Float64Array;
  yearVariance: Float64Array;

  /** Makes room for `capacity` gaps up front; it grows when more are found. */
  constructor(capacity = 64) {
    this.kind = new Uint8Array(capacity);
    this.subject = new Int32Array(capacity);
    this.period = new Int32Array(capacity);
    this.last = new Int32Array(capacity);
    this.peak = new Int32Array(capacity);
    this.amount = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.yearVariance = new Float64Array(capacity);
  }

  /**
   * Records a gap over periods `first` to `last`, its amount at `peak`, and returns its
   * index. Values are never negative; `+ 0` turns a -0 into 0 for ordering.
   */
  add(
    kind: number,
    subject: number,
    first: number,
    last: number,
    peak: number,
    amount: number,
    value: number,
  ): number {
    if (this.length === this.kind.length) this.#grow();
    const at = this.length++;
    this.kind[at] = kind;
    this.subject[at] = subject;
    this.period[at] = first;
    this.last[at] = last;
    this.peak[at] = peak;
    this.amount[at] = amount;
    this.value[at] = value + 0;
    this.yearVariance[at] = NaN;
    return at;
  }

  /** A copy holding exactly the gaps found, in as little memory as they need. */
  trimmed(): GapBuffer {
    const copy = new GapBuffer(this.length);
    const length = this.length;
    copy.length = length;
    copy.kind.set(this.kind.subarray(0, length));
    copy.subject.set(this.subject.subarray(0, length));
    copy.period.set(this.period.subarray(0, length));
    copy.last.set(this.last.subarray(0, length));
    copy.peak.set(this.peak.subarray(0, length));
    copy.amount.set(this.amount.subarray(0, length));
    copy.value.set(this.value.subarray(0, length));
    copy.yearVariance.set(this.yearVariance.subarray(0, length));
    return copy;
  }

  /** Forgets every gap, keeping the memory. */
  clear(): void {
    this.length = 0;
  }

  /** The gap at `at` as an object with its stable id `kind:subject:first month`. */
  gap(model: PlanModel, at: number): Gap {
    const kind = GAP_KINDS[this.kind[at]];
    const subject =
      this.kind[at] === OVERLOAD
        ? model.resources[this.subject[at]].id
        : model.families[this.subject[at]].id;
    const period = model.periods[this.period[at]];
    const gap: Gap = {
      id: `${kind}:${subject}:${period}`,
      kind,
      subject,
      period,
      last: model.periods[this.last[at]],
      peak: model.periods[this.peak[at]],
      amount: this.amount[at],
      value: this.value[at],
    };
    if (this.kind[at] === BELOW_BUDGET) gap.yearVariance = this.yearVariance[at];
    return gap;
  }

  #grow(): void {
    const size = this.kind.length * 2;
    this.kind = grown(new Uint8Array(size), this.kind);
    this.subject = grown(new Int32Array(size), this.subject);
    this.period = grown(new Int32Array(size), this.period);
    this.last = grown(new Int32Array(size), this.last);
    this.peak = grown(new Int32Array(size), this.peak);
    this.amount = grown(new Float64Array(size), this.amount);
    this.value = grown(new Float64Array(size), this.value);
    this.yearVariance = grown(new Float64Array(size), this.yearVariance);
  }
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(into: T, from: T): T {
  into.set(from as never);
  return into;
}

/**
 * The order of the gap list: value descending, then first month ascending, then kind in
 * table order, then subject id ascending (by code unit, never by locale). Ids are
 * unique, so this is a total order and every peer lists gaps identically.
 */
export function compareGaps(a: Gap, b: Gap): number {
  if (a.value !== b.value) return b.value - a.value;
  if (a.period !== b.period) return a.period < b.period ? -1 : 1;
  if (a.kind !== b.kind) return GAP_KINDS.indexOf(a.kind) - GAP_KINDS.indexOf(b.kind);
  if (a.subject !== b.subject) return a.subject < b.subject ? -1 : 1;
  return 0;
}

/** Merges two lists already in gap order into one list in gap order. */
export function mergeGaps(left: readonly Gap[], right: readonly Gap[]): Gap[] {
  const merged: Gap[] = new Array(left.length + right.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    merged[k++] = compareGaps(left[i], right[j]) <= 0 ? left[i++] : right[j++];
  }
  while (i < left.length) merged[k++] = left[i++];
  while (j < right.length) merged[k++] = right[j++];
  return merged;
}
