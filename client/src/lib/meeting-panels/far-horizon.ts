import {
  monthOrdinal,
  type GapKind,
  type Month,
  type Reconciliation,
} from '../../../../shared/engine/index.ts';
import { nameGaps, type NamedGap } from './named-gaps.ts';
import { kindSummary } from '../gap-kinds.ts';

/** The far horizon starts at this month of the horizon (1-based) and ends at FAR_LAST. */
export const FAR_FIRST = 13;
/** The last month of the far horizon (1-based). */
export const FAR_LAST = 36;

/** Revenue against budget over some months, like with like (domain.md 4.4). */
export interface BudgetSpan {
  from: Month;
  to: Month;
  months: number;
  /** Revenue of the family-months with a budget. */
  revenue: number;
  budget: number;
  gap: number;
  /** gap / budget; null without budget. */
  gapRatio: number | null;
  /** Family-months with a budget: 0 means the span has no budget at all. */
  budgetedFamilyMonths: number;
  /** Revenue of the family-months without a budget: not compared. */
  unbudgetedRevenue: number;
}

/** What the long-term plan panel shows. */
export interface FarHorizon {
  /** Months in the plan's horizon. */
  horizon: number;
  /** The far months (13..36), or null when the horizon is shorter than 13 months. */
  far: BudgetSpan | null;
  /** Months 1..12, for the trend. */
  near: BudgetSpan;
  /** Gaps that reach into the far months (an episode may start before), in the gap list's order. */
  gaps: NamedGap[];
  /** Count and value of those gaps per kind: kinds are never added together. */
  byKind: Record<GapKind, { count: number; value: number }>;
}

/**
 * Gaps and the budget trend in months 13..36 of the horizon against months 1..12. Each
 * span compares revenue with budget over its budgeted family-months only and reports
 * the revenue of the others apart (a far horizon past the budget's year has no gap to
 * budget, only unbudgeted revenue).
 */
export function farHorizon(result: Reconciliation): FarHorizon {
  const farMonths = result.periods.slice(FAR_FIRST - 1, FAR_LAST);
  const farStart = farMonths.length > 0 ? monthOrdinal(farMonths[0]) : Infinity;
  const farEnd = farMonths.length > 0 ? monthOrdinal(farMonths[farMonths.length - 1]) : -Infinity;
  const gaps = result.gaps.filter(
    (gap) => monthOrdinal(gap.last) >= farStart && monthOrdinal(gap.period) <= farEnd,
  );
  const byKind = kindSummary(gaps);
  return {
    horizon: result.periods.length,
    far: farMonths.length > 0 ? span(result, FAR_FIRST - 1, FAR_LAST) : null,
    near: span(result, 0, FAR_FIRST - 1),
    gaps: nameGaps(result, gaps),
    byKind,
  };
}

function span(result: Reconciliation, start: number, end: number): BudgetSpan {
  const totals = result.totals.slice(start, end);
  let budgetedFamilyMonths = 0;
  for (const family of result.families) {
    for (const row of family.rows.slice(start, end))
      if (row.budget !== null) budgetedFamilyMonths++;
  }
  let revenue = 0;
  let budget = 0;
  let unbudgetedRevenue = 0;
  for (const total of totals) {
    revenue += total.budgetedRevenue;
    budget += total.budget;
    unbudgetedRevenue += total.unbudgetedRevenue;
  }
  return {
    from: totals[0]?.period ?? result.cycle,
    to: totals[totals.length - 1]?.period ?? result.cycle,
    months: totals.length,
    revenue,
    budget,
    gap: revenue - budget,
    gapRatio: budget > 0 ? (revenue - budget) / budget : null,
    budgetedFamilyMonths,
    unbudgetedRevenue,
  };
}
