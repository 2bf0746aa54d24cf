import { compareGaps } from './gaps.ts';
import type { Gap } from './types.ts';

/** Gaps per block: small enough to splice quickly, large enough to keep few blocks. */
const BLOCK = 256;

/**
 * The gap list kept in gap order under edits, as a list of sorted blocks: finding a
 * gap is two binary searches and changing one moves at most a block, so an edit costs
 * the same whether the plan has 500 gaps or 50,000. The flat array is made when read.
 */
export class GapList {
  #blocks: Gap[][] = [];
  #flat: Gap[] | undefined;

  /** Starts from gaps already in gap order. */
  constructor(sorted: readonly Gap[]) {
    for (let at = 0; at < sorted.length; at += BLOCK) {
      this.#blocks.push(sorted.slice(at, at + BLOCK));
    }
    this.#flat = sorted.slice();
  }

  /** Every gap in order (a new array after each change, shared until the next). */
  toArray(): Gap[] {
    return (this.#flat ??= this.#blocks.flat());
  }

  /** Removes a gap that is in the list (found by its place in the order). */
  remove(gap: Gap): void {
    const b = this.#blockFor(gap);
    const block = this.#blocks[b] ?? [];
    const at = lowerBound(block, gap);
    if (at === block.length || compareGaps(block[at], gap) !== 0) {
      throw new Error(`gap ${gap.id} is not in the list`);
    }
    block.splice(at, 1);
    if (block.length === 0) this.#blocks.splice(b, 1);
    this.#flat = undefined;
  }

  /** Inserts a gap at its place in the order. */
  insert(gap: Gap): void {
    if (this.#blocks.length === 0) {
      this.#blocks.push([gap]);
    } else {
      const b = this.#blockFor(gap);
      const block = this.#blocks[b];
      block.splice(lowerBound(block, gap), 0, gap);
      if (block.length > 2 * BLOCK) this.#blocks.splice(b + 1, 0, block.splice(BLOCK));
    }
    this.#flat = undefined;
  }

  /** The first block whose last gap does not come before `gap` (else the last block). */
  #blockFor(gap: Gap): number {
    const blocks = this.#blocks;
    let low = 0;
    let high = blocks.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const block = blocks[middle];
      if (compareGaps(block[block.length - 1], gap) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** The first index whose gap does not come before `gap` in gap order. */
function lowerBound(gaps: readonly Gap[], gap: Gap): number {
  let low = 0;
  let high = gaps.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareGaps(gaps[middle], gap) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
