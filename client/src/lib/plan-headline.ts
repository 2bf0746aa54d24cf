import { GAP_KINDS, type GapKind, type Reconciliation } from '../../../shared/engine/index.ts';

/** The headline numbers of the plan over the horizon, for the summary strip. */
export interface PlanHeadline {
  revenue: number;
  budget: number;
  /** revenue - budget over the horizon. */
  budgetGap: number;
  gapCount: number;
  gapsByKind: Record<GapKind, number>;
  gapValueByKind: Record<GapKind, number>;
  /** Resource-months whose load exceeds capacity (the overload gaps). */
  overloadedResourceMonths: number;
  resourceMonths: number;
  /** Family-months with projected inventory below zero (the shortage gaps). */
  shortageMonths: number;
  /** Families with at least one month short. */
  familiesShort: number;
  /** Units of demand not met, summed over the shortage months' backlog. */
  backlogUnits: number;
}

/** The headline of a reconciliation: read from its totals and gap list, in one pass each. */
export function planHeadline(result: Reconciliation): PlanHeadline {
  let revenue = 0;
  let budget = 0;
  for (const period of result.totals) {
    revenue += period.revenue;
    budget += period.budget;
  }
  const gapsByKind = Object.fromEntries(GAP_KINDS.map((kind) => [kind, 0])) as Record<
    GapKind,
    number
  >;
  const gapValueByKind = { ...gapsByKind };
  const familiesShort = new Set<string>();
  let backlogUnits = 0;
  for (const gap of result.gaps) {
    gapsByKind[gap.kind] += 1;
    gapValueByKind[gap.kind] += gap.value;
    if (gap.kind === 'shortage') {
      familiesShort.add(gap.subject);
      backlogUnits += gap.amount;
    }
  }
  return {
    revenue,
    budget,
    budgetGap: revenue - budget,
    gapCount: result.gaps.length,
    gapsByKind,
    gapValueByKind,
    overloadedResourceMonths: gapsByKind.overload,
    resourceMonths: result.resources.length * result.periods.length,
    shortageMonths: gapsByKind.shortage,
    familiesShort: familiesShort.size,
    backlogUnits,
  };
}
