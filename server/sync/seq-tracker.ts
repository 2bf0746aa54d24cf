/**
 * Which of a room's sequence numbers its document holds. Updates stored by other processes
 * can arrive out of order or not at all; the highest number below which nothing is missing
 * is what a snapshot may safely cover, and a lasting gap means the room must catch up from
 * the store.
 */
export class SeqTracker {
  #contiguous: number;
  #ahead = new Set<number>();

  /** Starts from a document that holds every update up to `seq`. */
  constructor(seq = 0) {
    this.#contiguous = seq;
  }

  /** Every update up to this number is in the document. */
  get contiguous(): number {
    return this.#contiguous;
  }

  /** True when some update below the highest one seen is not in the document. */
  get hasGap(): boolean {
    return this.#ahead.size > 0;
  }

  /** The highest number seen. */
  get highest(): number {
    return Math.max(this.#contiguous, ...this.#ahead);
  }

  /** Records that the update numbered `seq` is in the document. False when it already was. */
  add(seq: number): boolean {
    if (seq <= this.#contiguous || this.#ahead.has(seq)) return false;
    if (seq !== this.#contiguous + 1) {
      this.#ahead.add(seq);
      return true;
    }
    this.#contiguous = seq;
    while (this.#ahead.delete(this.#contiguous + 1)) this.#contiguous++;
    return true;
  }

  /** The document now holds everything up to `seq` (it was loaded from the store). */
  reset(seq: number): void {
    this.#contiguous = Math.max(this.#contiguous, seq);
    for (const at of this.#ahead) if (at <= this.#contiguous) this.#ahead.delete(at);
    while (this.#ahead.delete(this.#contiguous + 1)) this.#contiguous++;
  }
}
