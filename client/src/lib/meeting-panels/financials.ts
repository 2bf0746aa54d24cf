import {
  addMonths,
  monthOrdinal,
  type Month,
  type Plan,
  type Reconciliation,
} from '../../../../shared/engine/index.ts';
import { fiscalYearOutlook, type FiscalYearPart } from '../../../../shared/engine/fiscal-year.ts';
import {
  actualMarginBridge,
  planMarginBridge,
  type MarginBridge,
} from '../../../../shared/engine/margin-bridge.ts';

/**
 * The plan in money over the horizon, against budget like with like (domain.md 4.4):
 * the budget gap reads the family-months with a budget only; the revenue of the others
 * is reported apart, never compared with a budget of 0.
 */
export interface Financials {
  revenue: number;
  margin: number;
  /** Revenue of the family-months with a budget. */
  budgetedRevenue: number;
  /** Budget of those same family-months. */
  budget: number;
  /** budgetedRevenue − budget (negative: below budget). */
  gap: number;
  /** margin / revenue; null without revenue. */
  marginRatio: number | null;
  /** gap / budget; null without budget. */
  gapRatio: number | null;
  /** Revenue of the family-months without a budget: not compared. */
  unbudgetedRevenue: number;
  months: Month[];
  revenueByMonth: number[];
  /** Σ budget of the month; null in a month no family has a budget for. */
  budgetByMonth: (number | null)[];
  /** Months with a budget for at least one family. */
  budgetedMonths: number;
  /** Months whose budgeted revenue is below their budget, largest gap first. */
  belowBudget: { period: Month; gap: number }[];
}

/** Revenue and margin against budget over the horizon: totals and the gap per month. */
export function financials(result: Reconciliation): Financials {
  const { horizon } = result;
  const budgeted = result.periods.map((_, t) =>
    result.families.some((family) => family.rows[t].budget !== null),
  );
  const belowBudget: { period: Month; gap: number }[] = [];
  result.totals.forEach((total, t) => {
    if (budgeted[t] && total.budgetGap < 0) {
      belowBudget.push({ period: total.period, gap: total.budgetGap });
    }
  });
  belowBudget.sort((a, b) => a.gap - b.gap || monthOrdinal(a.period) - monthOrdinal(b.period));
  return {
    revenue: horizon.revenue,
    margin: horizon.margin,
    budgetedRevenue: horizon.budgetedRevenue,
    budget: horizon.budget,
    gap: horizon.budgetGap,
    marginRatio: horizon.revenue > 0 ? horizon.margin / horizon.revenue : null,
    gapRatio: horizon.budget > 0 ? horizon.budgetGap / horizon.budget : null,
    unbudgetedRevenue: horizon.unbudgetedRevenue,
    months: [...result.periods],
    revenueByMonth: result.totals.map((total) => total.revenue),
    budgetByMonth: result.totals.map((total, t) => (budgeted[t] ? total.budget : null)),
    budgetedMonths: budgeted.filter(Boolean).length,
    belowBudget,
  };
}

/** The fiscal year holding the cycle: what has happened and what the plan says (domain.md 4.9). */
export interface FiscalYear {
  /** The year's first and last month. */
  from: Month;
  to: Month;
  /** The year's ended months with recorded shipments (year to date). */
  actualMonths: Month[];
  /** The year's months within the plan's horizon (rest of year). */
  planMonths: Month[];
  /** The year's months with neither actuals nor plan. */
  missingMonths: Month[];
  yearToDate: FiscalYearPart;
  restOfYear: FiscalYearPart;
  outlook: FiscalYearPart;
  /** Whether any family-month of the year has a margin budget. */
  hasMarginBudget: boolean;
}

/** The fiscal-year outlook over all families, with which months it reads. */
export function fiscalYear(plan: Plan, result: Reconciliation): FiscalYear {
  const outlook = fiscalYearOutlook(plan, result);
  const { total } = outlook;
  const first = monthOrdinal(plan.periods[0]);
  const last = monthOrdinal(plan.periods[plan.periods.length - 1]);
  const missing = new Set(total.missingMonths);
  const planMonths = outlook.months.filter(
    (month) => monthOrdinal(month) >= first && monthOrdinal(month) <= last,
  );
  const actualMonths = outlook.months.filter(
    (month) => monthOrdinal(month) < first && !missing.has(month),
  );
  return {
    from: outlook.months[0],
    to: outlook.months[outlook.months.length - 1],
    actualMonths,
    planMonths,
    missingMonths: total.missingMonths,
    yearToDate: total.yearToDate,
    restOfYear: total.restOfYear,
    outlook: total.outlook,
    hasMarginBudget: total.outlook.marginVsBudget.budgetedMonths > 0,
  };
}

/** One step of a margin bridge: volume, mix, price or cost. */
export interface BridgeStep {
  label: 'Volume' | 'Mix' | 'Price' | 'Cost';
  value: number;
}

/** A margin bridge from one margin to another in four steps that sum to the change. */
export interface MarginBridgeView {
  from: number;
  to: number;
  steps: BridgeStep[];
  total: number;
}

/** The margin bridges of agenda item 4 (domain.md 4.10). */
export interface MarginBridges {
  /** The month just ended. */
  endedMonth: Month;
  /** Actual vs plan of the month just ended; null when no family records its shipments. */
  actualVsPlan: MarginBridgeView | null;
  /** This plan over the previous cycle's, over the months both cover; null without it. */
  planOverPlan: MarginBridgeView | null;
}

/**
 * The margin bridges actual vs plan of the month just ended and, when the previous
 * cycle's plan is known, plan over plan. The actual side reads this plan's prices; the
 * plan side the closed plan's when known (else this plan's: price and cost effects 0).
 */
export function marginBridges(
  plan: Plan,
  result: Reconciliation,
  previous: Plan | null,
): MarginBridges {
  const endedMonth = addMonths(plan.periods[0], -1);
  const recorded = plan.families.some(
    (family) => plan.actuals?.[family.id]?.[endedMonth]?.shipped !== undefined,
  );
  return {
    endedMonth,
    actualVsPlan: recorded ? bridgeView(actualMarginBridge(plan, previous ?? undefined)) : null,
    planOverPlan:
      previous === null ? null : bridgeView(planMarginBridge(previous, plan, { current: result })),
  };
}

function bridgeView(bridge: MarginBridge): MarginBridgeView {
  return {
    from: bridge.previous,
    to: bridge.current,
    steps: [
      { label: 'Volume', value: bridge.volume },
      { label: 'Mix', value: bridge.mix },
      { label: 'Price', value: bridge.price },
      { label: 'Cost', value: bridge.cost },
    ],
    total: bridge.total,
  };
}
