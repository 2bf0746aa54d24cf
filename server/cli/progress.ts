import { formatNumber } from './format.ts';

/** Backups of at least this many rooms report their progress. */
export const PROGRESS_FROM_ROOMS = 100;

/**
 * Progress of a long command on stderr: `fulcrum backup: 300/1,000 rooms`, at each tenth
 * of the way, and only for {@link PROGRESS_FROM_ROOMS} rooms or more.
 */
export class Progress {
  readonly #label: string;
  readonly #total: number;
  readonly #write: (text: string) => void;
  #nextTenth = 1;

  constructor(label: string, total: number, write: (text: string) => void) {
    this.#label = label;
    this.#total = total;
    this.#write = write;
  }

  /** `done` rooms of the total are done. */
  report(done: number): void {
    if (this.#total < PROGRESS_FROM_ROOMS) return;
    if (done * 10 < this.#nextTenth * this.#total) return;
    while (done * 10 >= this.#nextTenth * this.#total) this.#nextTenth++;
    this.#write(`${this.#label}: ${formatNumber(done)}/${formatNumber(this.#total)} rooms\n`);
  }
}
