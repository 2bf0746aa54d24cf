/**
 * Filters of a list as facets: each facet reads one value of an item (its kind, owner,
 * month ...) and the person picks at most one value per facet. Counts are faceted: an
 * option's count is how many items would show if it were picked, the other facets'
 * picks kept, so a count is never a surprise once clicked.
 */

/** One value a facet can take, as the page shows it. */
export interface FacetOption {
  value: string;
  label: string;
}

/** A filter of a list. */
export interface Facet<T> {
  key: string;
  /** The filter's name: `Kind`, `Family`. */
  label: string;
  /** The option that shows every item: `All kinds`. */
  allLabel: string;
  options: FacetOption[];
  /** The item's value for this facet; null when the facet does not apply to it. */
  valueOf(item: T): string | null;
  /** Chips for a few options, a select for many; `external` when another control picks it. */
  control: 'chips' | 'select' | 'external';
  /** Facets to reset when this one is picked (one item has one subject: family OR resource). */
  clears?: string[];
}

/** The picked value of each facet; absent or null means all. */
export type FacetSelection = Record<string, string | null | undefined>;

/** The count of items for each option of a facet, and without the facet ("all"). */
export interface FacetCount {
  all: number;
  byValue: Map<string, number>;
}

function matches<T>(
  item: T,
  facets: readonly Facet<T>[],
  selection: FacetSelection,
  except: string | null,
): boolean {
  for (const facet of facets) {
    if (facet.key === except) continue;
    const picked = selection[facet.key];
    if (picked == null) continue;
    if (facet.valueOf(item) !== picked) return false;
  }
  return true;
}

/** The items that match every picked facet, in their order. */
export function applyFacets<T>(
  items: readonly T[],
  facets: readonly Facet<T>[],
  selection: FacetSelection,
): T[] {
  const active = facets.filter((facet) => selection[facet.key] != null);
  if (active.length === 0) return items.slice();
  return items.filter((item) => matches(item, active, selection, null));
}

/** Faceted counts: per facet, the matches of the other facets' picks, by this facet's value. */
export function facetCounts<T>(
  items: readonly T[],
  facets: readonly Facet<T>[],
  selection: FacetSelection,
): Record<string, FacetCount> {
  const counts: Record<string, FacetCount> = {};
  for (const facet of facets) {
    const count: FacetCount = { all: 0, byValue: new Map() };
    for (const item of items) {
      if (!matches(item, facets, selection, facet.key)) continue;
      count.all++;
      const value = facet.valueOf(item);
      if (value !== null) count.byValue.set(value, (count.byValue.get(value) ?? 0) + 1);
    }
    counts[facet.key] = count;
  }
  return counts;
}

/** The selection after picking `value` for a facet: the facets it clears are reset. */
export function pickFacet<T>(
  facets: readonly Facet<T>[],
  selection: FacetSelection,
  key: string,
  value: string | null,
): FacetSelection {
  const next: FacetSelection = { ...selection, [key]: value };
  const facet = facets.find((candidate) => candidate.key === key);
  if (value !== null) for (const cleared of facet?.clears ?? []) next[cleared] = null;
  return next;
}

/** One page of a list: items `from` (inclusive) to `to` (exclusive). */
export interface Page<T> {
  items: T[];
  /** 0-based page index, clamped to the pages there are. */
  index: number;
  count: number;
  from: number;
  to: number;
}

/** A page of `size` items; an index past the end shows the last page. */
export function pageOf<T>(items: readonly T[], index: number, size: number): Page<T> {
  const count = Math.max(1, Math.ceil(items.length / size));
  const clamped = Math.min(Math.max(0, index), count - 1);
  const from = clamped * size;
  const to = Math.min(items.length, from + size);
  return { items: items.slice(from, to), index: clamped, count, from, to };
}
