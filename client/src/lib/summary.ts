import {
  GAP_KINDS,
  type GapKind,
  type MoneyTotals,
  type Reconciliation,
} from '../../../shared/engine/index.ts';

/** The headline numbers of a reconciliation over the whole horizon. */
export interface PlanSummary {
  totals: MoneyTotals;
  /** margin / revenue; null when there is no revenue. */
  marginRatio: number | null;
  /** revenue / budget; null when there is no budget. */
  budgetAttainment: number | null;
  /** Unconstrained demand value minus revenue: what the supply plan leaves unsold. */
  opportunityGap: number;
  gapCount: number;
  gapsByKind: Record<GapKind, number>;
  gapValueByKind: Record<GapKind, number>;
  overloadedResourceMonths: number;
  resourceMonths: number;
  /** Family-months in shortage (projected inventory below zero). */
  shortageFamilyMonths: number;
  familyMonths: number;
}

/** Sums a reconciliation into the numbers of the summary strip. */
export function summarize(result: Reconciliation): PlanSummary {
  const totals: MoneyTotals = {
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
  for (const period of result.totals) {
    for (const key of Object.keys(totals) as (keyof MoneyTotals)[]) totals[key] += period[key];
  }
  const gapsByKind = Object.fromEntries(GAP_KINDS.map((kind) => [kind, 0])) as Record<
    GapKind,
    number
  >;
  const gapValueByKind = { ...gapsByKind };
  for (const gap of result.gaps) {
    gapsByKind[gap.kind] += 1;
    gapValueByKind[gap.kind] += gap.value;
  }
  let overloadedResourceMonths = 0;
  let resourceMonths = 0;
  for (const resource of result.resources) {
    for (const row of resource.rows) {
      resourceMonths += 1;
      if (row.overload > 0) overloadedResourceMonths += 1;
    }
  }
  let shortageFamilyMonths = 0;
  let familyMonths = 0;
  for (const family of result.families) {
    for (const row of family.rows) {
      familyMonths += 1;
      if (row.status === 'shortage') shortageFamilyMonths += 1;
    }
  }
  return {
    totals,
    marginRatio: totals.revenue > 0 ? totals.margin / totals.revenue : null,
    budgetAttainment: totals.budget > 0 ? totals.revenue / totals.budget : null,
    opportunityGap: totals.demandValue - totals.revenue,
    gapCount: result.gaps.length,
    gapsByKind,
    gapValueByKind,
    overloadedResourceMonths,
    resourceMonths,
    shortageFamilyMonths,
    familyMonths,
  };
}
