import { monthOrdinal, type Month, type Reconciliation } from '../../../../shared/engine/index.ts';

/** The plan in money over the horizon, against budget. */
export interface Financials {
  revenue: number;
  margin: number;
  budget: number;
  /** revenue - budget (negative: below budget). */
  gap: number;
  /** margin / revenue; null without revenue. */
  marginRatio: number | null;
  /** gap / budget; null without budget. */
  gapRatio: number | null;
  months: Month[];
  revenueByMonth: number[];
  budgetByMonth: number[];
  /** Months whose revenue is below a budget that is set, largest gap first. */
  belowBudget: { period: Month; gap: number }[];
}

/** Revenue and margin against budget: totals and the gap per month. */
export function financials(result: Reconciliation): Financials {
  let revenue = 0;
  let margin = 0;
  let budget = 0;
  const belowBudget: { period: Month; gap: number }[] = [];
  for (const total of result.totals) {
    revenue += total.revenue;
    margin += total.margin;
    budget += total.budget;
    if (total.budget > 0 && total.revenue < total.budget) {
      belowBudget.push({ period: total.period, gap: total.revenue - total.budget });
    }
  }
  belowBudget.sort((a, b) => a.gap - b.gap || monthOrdinal(a.period) - monthOrdinal(b.period));
  return {
    revenue,
    margin,
    budget,
    gap: revenue - budget,
    marginRatio: revenue > 0 ? margin / revenue : null,
    gapRatio: budget > 0 ? (revenue - budget) / budget : null,
    months: result.totals.map((total) => total.period),
    revenueByMonth: result.totals.map((total) => total.revenue),
    budgetByMonth: result.totals.map((total) => total.budget),
    belowBudget,
  };
}
