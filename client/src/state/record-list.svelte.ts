import { untrack } from 'svelte';
import {
  applyFacets,
  facetCounts,
  pageOf,
  pickFacet,
  type Facet,
  type FacetCount,
  type FacetSelection,
  type Page,
} from '../lib/facets.ts';

/**
 * A filtered, paged list: the facets a person picked, the page they are on, and what
 * follows from the items (the matches, faceted counts, the page shown). The items come
 * from a getter, so the list follows the document and the engine as they change.
 */
export class RecordList<T> {
  readonly pageSize: number;
  readonly #items: () => readonly T[];
  readonly #facets: () => readonly Facet<T>[];
  #selection = $state.raw<FacetSelection>({});
  #page = $state(0);

  readonly #matches = $derived.by(() =>
    applyFacets(this.#items(), this.#facets(), this.#selection),
  );
  readonly #counts = $derived.by(() => facetCounts(this.#items(), this.#facets(), this.#selection));
  readonly #hasItems = $derived.by(() => this.#items().length > 0);
  readonly #shown = $derived.by(() => pageOf(this.#matches, this.#page, this.pageSize));

  constructor(
    items: () => readonly T[],
    facets: () => readonly Facet<T>[],
    options: { pageSize?: number; selection?: FacetSelection } = {},
  ) {
    this.#items = items;
    this.#facets = facets;
    this.pageSize = options.pageSize ?? 50;
    this.#selection = options.selection ?? {};
  }

  get facets(): readonly Facet<T>[] {
    return this.#facets();
  }

  /** Every item, unfiltered. */
  get items(): readonly T[] {
    return this.#items();
  }

  /** What the person picked, by facet. */
  get selection(): FacetSelection {
    return this.#selection;
  }

  /** True when any facet is picked. */
  get isFiltered(): boolean {
    return Object.values(this.#selection).some((value) => value != null);
  }

  /** The items that match every picked facet. */
  get matches(): T[] {
    return this.#matches;
  }

  /** Faceted counts, by facet key. */
  get counts(): Record<string, FacetCount> {
    return this.#counts;
  }

  /** The page shown. */
  get page(): Page<T> {
    return this.#shown;
  }

  /** Picks a facet's value (null for all) and goes back to the first page. */
  pick(key: string, value: string | null): void {
    this.#selection = pickFacet(this.#facets(), this.#selection, key, value);
    this.#page = 0;
  }

  /** Clears every facet. */
  clear(): void {
    this.#selection = {};
    this.#page = 0;
  }

  /** Shows page `index` (0-based). */
  goToPage(index: number): void {
    this.#page = Math.max(0, Math.min(index, this.#shown.count - 1));
  }

  /**
   * Makes an item visible: turns to its page, or clears the filters first when they
   * hide it. Returns false when the list does not hold it at all.
   */
  reveal(isIt: (item: T) => boolean): boolean {
    let index = this.#matches.findIndex(isIt);
    if (index < 0) {
      if (!this.#items().some(isIt)) return false;
      this.clear();
      index = applyFacets(this.#items(), this.#facets(), {}).findIndex(isIt);
    }
    this.#page = Math.floor(index / this.pageSize);
    return true;
  }

  /**
   * Keeps the record a route names in view (see {@link reveal}); run it in an effect. It
   * depends only on the id and on whether the list holds anything yet, so later changes
   * of the list leave the person's paging alone.
   */
  keepInView(id: string | null, idOf: (item: T) => string): void {
    if (id && this.#hasItems) untrack(() => this.reveal((item) => idOf(item) === id));
  }
}
