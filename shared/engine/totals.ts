import type { FamilyResult, Month, PeriodTotals } from './types.ts';

/** Sums every family's row of period `t`, in family order (the order fixes the rounding). */
export function computePeriodTotals(
  families: readonly FamilyResult[],
  t: number,
  period: Month,
): PeriodTotals {
  const totals: PeriodTotals = {
    period,
    demand: 0,
    supply: 0,
    shipments: 0,
    revenue: 0,
    cost: 0,
    margin: 0,
    budget: 0,
    budgetGap: 0,
    demandValue: 0,
  };
  for (let f = 0; f < families.length; f++) {
    const row = families[f].rows[t];
    totals.demand += row.demand;
    totals.supply += row.supply;
    totals.shipments += row.shipments;
    totals.revenue += row.revenue;
    totals.cost += row.cost;
    totals.margin += row.margin;
    totals.budget += row.budget;
    totals.budgetGap += row.budgetGap;
    totals.demandValue += row.demandValue;
  }
  return totals;
}
