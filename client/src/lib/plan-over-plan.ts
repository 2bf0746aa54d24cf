import type { Change, Comparison, FamilyChange, Plan } from '../../../shared/engine/index.ts';

/** One family's change since the previous cycle, as agenda item 1 lists it. */
export interface FamilyChangeRow extends FamilyChange {
  name: string;
  /** True when a change is at or above the threshold, or the family is new or gone. */
  needsReason: boolean;
  /** The largest share of change of demand, supply and revenue (null: nothing to compare). */
  largestPct: number | null;
}

/** The names of families in either plan, by id. */
function namesOf(previous: Plan, current: Plan): Map<string, string> {
  const names = new Map<string, string>();
  for (const family of previous.families) names.set(family.id, family.name);
  for (const family of current.families) names.set(family.id, family.name);
  return names;
}

function share(change: Change): number | null {
  return change.pct === null ? null : Math.abs(change.pct);
}

/**
 * The families that changed, largest revenue change first (then by id), each flagged
 * when its demand, supply or revenue moved by `threshold` (0.1 is 10%) or more, or it was
 * added or removed. Families whose numbers did not move at all are left out.
 */
export function familyChangeRows(
  comparison: Comparison,
  previous: Plan,
  current: Plan,
  threshold: number,
): FamilyChangeRow[] {
  const names = namesOf(previous, current);
  const rows: FamilyChangeRow[] = [];
  for (const family of comparison.families) {
    const moved =
      family.change !== 'kept' ||
      family.demand.delta !== 0 ||
      family.supply.delta !== 0 ||
      family.revenue.delta !== 0;
    if (!moved) continue;
    const shares = [share(family.demand), share(family.supply), share(family.revenue)].filter(
      (value): value is number => value !== null,
    );
    const largestPct = shares.length > 0 ? Math.max(...shares) : null;
    rows.push({
      ...family,
      name: names.get(family.id) ?? family.id,
      largestPct,
      needsReason:
        family.change !== 'kept' || (largestPct !== null && largestPct >= threshold - 1e-12),
    });
  }
  return rows.sort(
    (a, b) =>
      Math.abs(b.revenue.delta) - Math.abs(a.revenue.delta) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
