/**
 * A keeper of one list's identity: it returns the list it returned last while the next
 * one holds the same values in the same order, so the grids given it do not lay out again.
 */
export function keepSameList<T>(): (next: T[]) => T[] {
  let last: T[] = [];
  return (next) => {
    if (sameList(last, next)) return last;
    last = next;
    return next;
  };
}

/** Whether two maps hold the same values under the same keys. */
export function sameEntries<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size) return false;
  // By key: iterating the entries would make a pair per key.
  for (const key of a.keys()) if (b.get(key) !== a.get(key)) return false;
  return true;
}

/** Whether two lists hold the same values in the same order. */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
