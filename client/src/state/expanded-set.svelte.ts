import { SvelteSet } from 'svelte/reactivity';

/** Which items of a list are expanded; shared by the parts of the page that open them. */
export class ExpandedSet {
  readonly #ids: SvelteSet<string>;

  constructor(initial: Iterable<string> = []) {
    this.#ids = new SvelteSet(initial);
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  get size(): number {
    return this.#ids.size;
  }

  open(id: string): void {
    this.#ids.add(id);
  }

  toggle(id: string): void {
    if (!this.#ids.delete(id)) this.#ids.add(id);
  }

  /** Opens exactly the given ids. */
  set(ids: Iterable<string>): void {
    this.#ids.clear();
    for (const id of ids) this.#ids.add(id);
  }
}
