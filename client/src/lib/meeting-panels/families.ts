import type { FamilyStatus, Month, Reconciliation } from '../../../../shared/engine/index.ts';

/** Months of the horizon the family performance panel looks at. */
export const NEAR_MONTHS = 6;

/** A family's state over the next months. */
export interface FamilyPerformance {
  id: string;
  name: string;
  shortage: number;
  belowSafetyStock: number;
  overstock: number;
  /** The most serious status of the window. */
  worst: FamilyStatus;
  revenue: number;
  margin: number;
  /** Revenue − budget over the window's budgeted months; null when none has a budget. */
  budgetGap: number | null;
}

const SEVERITY: Record<FamilyStatus, number> = {
  shortage: 3,
  belowSafetyStock: 2,
  overstock: 1,
  ok: 0,
};

/**
 * Each family over the first `months` months of the horizon: how many months in
 * shortage, below safety stock and in overstock, with revenue, margin and gap to
 * budget. Most troubled first (worst status, then months in it, then revenue).
 */
export function familyPerformance(
  result: Reconciliation,
  months = NEAR_MONTHS,
): { periods: Month[]; rows: FamilyPerformance[] } {
  const count = Math.min(months, result.periods.length);
  const rows = result.families.map((family) => {
    const row: FamilyPerformance = {
      id: family.id,
      name: family.name,
      shortage: 0,
      belowSafetyStock: 0,
      overstock: 0,
      worst: 'ok',
      revenue: 0,
      margin: 0,
      budgetGap: null,
    };
    for (const period of family.rows.slice(0, count)) {
      if (period.status !== 'ok') row[period.status] += 1;
      if (SEVERITY[period.status] > SEVERITY[row.worst]) row.worst = period.status;
      row.revenue += period.revenue;
      row.margin += period.margin;
      if (period.budgetGap !== null) row.budgetGap = (row.budgetGap ?? 0) + period.budgetGap;
    }
    return row;
  });
  rows.sort(
    (a, b) =>
      SEVERITY[b.worst] - SEVERITY[a.worst] ||
      troubledMonths(b) - troubledMonths(a) ||
      b.revenue - a.revenue ||
      a.name.localeCompare(b.name),
  );
  return { periods: result.periods.slice(0, count), rows };
}

function troubledMonths(row: FamilyPerformance): number {
  return row.shortage + row.belowSafetyStock + row.overstock;
}
