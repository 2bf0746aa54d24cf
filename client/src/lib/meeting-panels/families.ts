import type { FamilyStatus, Month, Plan, Reconciliation } from '../../../../shared/engine/index.ts';
import {
  performance,
  type ActualVsPlanMeasures,
  type Performance,
} from '../../../../shared/engine/performance.ts';

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
  /** Actual vs plan of the month just ended (each measure null where not recorded). */
  actualVsPlan: ActualVsPlanMeasures;
}

/** The measures of actual vs plan, in the order the panel offers them. */
export const ACTUAL_VS_PLAN_MEASURES = ['demand', 'shipments', 'production', 'revenue'] as const;

/** One measure of actual vs plan. */
export type ActualVsPlanMeasure = (typeof ACTUAL_VS_PLAN_MEASURES)[number];

/** What the family performance panel shows. */
export interface FamilyPerformanceReport {
  /** The months of the outlook. */
  periods: Month[];
  /** The month just ended, whose actual vs plan is shown. */
  endedMonth: Month;
  rows: FamilyPerformance[];
  /** Actual vs plan of all families that record both sides. */
  total: ActualVsPlanMeasures;
  /** Whether any family records actual vs plan for the month just ended. */
  recorded: boolean;
}

const NOT_RECORDED: ActualVsPlanMeasures = {
  demand: null,
  shipments: null,
  production: null,
  revenue: null,
};

const SEVERITY: Record<FamilyStatus, number> = {
  shortage: 3,
  belowSafetyStock: 2,
  overstock: 1,
  ok: 0,
};

/**
 * Each family over the first `months` months of the horizon: how many months in
 * shortage, below safety stock and in overstock, with revenue, margin and gap to budget
 * (over budgeted months only); beside it, actual vs plan of the month just ended
 * (demand, shipments, production, revenue) from the plan's actuals. Most troubled
 * first (worst status, then months in it, then revenue). `measured` is
 * `performance(plan)` when the caller already has it.
 */
export function familyPerformance(
  plan: Plan,
  result: Reconciliation,
  months = NEAR_MONTHS,
  measured: Performance = performance(plan),
): FamilyPerformanceReport {
  const count = Math.min(months, result.periods.length);
  const actuals = new Map(measured.families.map((family) => [family.id, family.actualVsPlan]));
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
      actualVsPlan: actuals.get(family.id) ?? NOT_RECORDED,
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
  const { total } = measured;
  return {
    periods: result.periods.slice(0, count),
    endedMonth: measured.endedMonth,
    rows,
    total: total.actualVsPlan,
    recorded: ACTUAL_VS_PLAN_MEASURES.some((measure) => total.actualVsPlan[measure] !== null),
  };
}

function troubledMonths(row: FamilyPerformance): number {
  return row.shortage + row.belowSafetyStock + row.overstock;
}
