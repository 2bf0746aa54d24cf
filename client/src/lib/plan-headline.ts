import type { GapKind, Month, Reconciliation } from '../../../shared/engine/index.ts';

/**
 * The headline numbers of the plan over the horizon, for the summary strip. Every one is
 * defensible by domain.md: budgets compared like with like, backlog at its peak month
 * and at the horizon's end (never summed over months), gaps per kind (never one sum).
 */
export interface PlanHeadline {
  /** Revenue of the family-months that have a budget. */
  budgetedRevenue: number;
  budget: number;
  /** budgetedRevenue − budget. */
  budgetGap: number;
  /** Revenue of the family-months without a budget: not compared. */
  unbudgetedRevenue: number;
  gapCount: number;
  gapsByKind: Record<GapKind, number>;
  gapValueByKind: Record<GapKind, number>;
  /** Resource-months whose load exceeds capacity (the overload gaps). */
  overloadedResourceMonths: number;
  resourceMonths: number;
  /** Families with a backlog in at least one month. */
  familiesShort: number;
  /** The largest month's Σ backlog × price. */
  peakBacklogValue: number;
  peakBacklogPeriod: Month | null;
  /** Σ backlog at the horizon's end × price. */
  unshippedDemand: number;
}

/** The headline of a reconciliation, read from its horizon totals, backlog and gap summary. */
export function planHeadline(result: Reconciliation): PlanHeadline {
  const { horizon, backlog, gapSummary } = result;
  const kinds = Object.keys(gapSummary) as GapKind[];
  const gapsByKind = Object.fromEntries(kinds.map((k) => [k, gapSummary[k].count])) as Record<
    GapKind,
    number
  >;
  const gapValueByKind = Object.fromEntries(kinds.map((k) => [k, gapSummary[k].value])) as Record<
    GapKind,
    number
  >;
  return {
    budgetedRevenue: horizon.budgetedRevenue,
    budget: horizon.budget,
    budgetGap: horizon.budgetGap,
    unbudgetedRevenue: horizon.unbudgetedRevenue,
    gapCount: result.gaps.length,
    gapsByKind,
    gapValueByKind,
    overloadedResourceMonths: gapsByKind.overload,
    resourceMonths: result.resources.length * result.periods.length,
    familiesShort: result.families.filter((family) => family.backlog.peak > 0).length,
    peakBacklogValue: backlog.peakValue,
    peakBacklogPeriod: backlog.peakPeriod,
    unshippedDemand: backlog.unshippedDemand,
  };
}
