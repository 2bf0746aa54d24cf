/**
 * The fiscal-year outlook (domain.md 4.9): what the year's ended months earned, what the
 * plan earns in the rest of the year, and both against the budgets that exist. Pure and
 * deterministic.
 */

import { monthOf, monthRange, monthsBetween } from '../dates.ts';
import { planSettings } from './settings.ts';
import type { FamilyRow, Month, Plan } from './types.ts';

/**
 * Money compared like with like (domain.md 4.4): `budgeted` = Σ of the value over the
 * family-months with a budget, `budget` = Σ budget over the same, `gap = budgeted −
 * budget`, `gapPct = gap / budget` (null when the budget sum is 0), and `unbudgeted` =
 * Σ of the value over the family-months without one, apart.
 */
export interface BudgetComparison {
  budgeted: number;
  budget: number;
  gap: number;
  gapPct: number | null;
  unbudgeted: number;
  /** Family-months with a budget: 0 means no budget exists for this part. */
  budgetedMonths: number;
}

/** A part of the fiscal year (year to date, rest of year, or both: the outlook). */
export interface FiscalYearPart {
  /** Revenue: `shipped × P` in ended months, planned revenue in the horizon's. */
  revenue: number;
  /** Margin: `shipped × (P − C)` in ended months, planned margin in the horizon's. */
  margin: number;
  /** Revenue against the revenue budget, over budgeted family-months only. */
  revenueVsBudget: BudgetComparison;
  /** Margin against the margin budget, over family-months with a margin budget only. */
  marginVsBudget: BudgetComparison;
}

/** One family's fiscal year. */
export interface FamilyFiscalYear {
  id: string;
  yearToDate: FiscalYearPart;
  restOfYear: FiscalYearPart;
  outlook: FiscalYearPart;
  /**
   * The year's months with neither an actual (an ended month that records `shipped`)
   * nor a plan (a month of the horizon), in calendar order.
   */
  missingMonths: Month[];
}

/** The fiscal-year outlook, per family and in total. */
export interface FiscalYearOutlook {
  /** The year's twelve months, from the month `fiscalYearStart`. */
  months: Month[];
  families: FamilyFiscalYear[];
  total: {
    yearToDate: FiscalYearPart;
    restOfYear: FiscalYearPart;
    outlook: FiscalYearPart;
    /** The year's months that no family has an actual or a plan for. */
    missingMonths: Month[];
  };
}

/** The part of a reconciliation the outlook reads (families in the plan's order). */
export interface FiscalYearSource {
  families: readonly { readonly rows: readonly Pick<FamilyRow, 'revenue' | 'margin'>[] }[];
}

/** Running like-for-like sums of a value and its budget. */
class BudgetSum {
  budgeted = 0;
  budget = 0;
  unbudgeted = 0;
  budgetedMonths = 0;

  add(value: number, budget: number | undefined): void {
    if (budget === undefined) {
      this.unbudgeted += value;
    } else {
      this.budgeted += value;
      this.budget += budget;
      this.budgetedMonths++;
    }
  }

  addAll(other: BudgetSum): void {
    this.budgeted += other.budgeted;
    this.budget += other.budget;
    this.unbudgeted += other.unbudgeted;
    this.budgetedMonths += other.budgetedMonths;
  }

  result(): BudgetComparison {
    const gap = this.budgeted - this.budget;
    return {
      budgeted: this.budgeted,
      budget: this.budget,
      gap,
      gapPct: this.budget === 0 ? null : gap / this.budget,
      unbudgeted: this.unbudgeted,
      budgetedMonths: this.budgetedMonths,
    };
  }
}

/** Running sums of one part of the year. */
class PartSum {
  revenue = 0;
  margin = 0;
  readonly revenueBudget = new BudgetSum();
  readonly marginBudget = new BudgetSum();

  add(
    revenue: number,
    margin: number,
    revenueBudget: number | undefined,
    marginBudget: number | undefined,
  ) {
    this.revenue += revenue;
    this.margin += margin;
    this.revenueBudget.add(revenue, revenueBudget);
    this.marginBudget.add(margin, marginBudget);
  }

  addAll(other: PartSum): void {
    this.revenue += other.revenue;
    this.margin += other.margin;
    this.revenueBudget.addAll(other.revenueBudget);
    this.marginBudget.addAll(other.marginBudget);
  }

  result(): FiscalYearPart {
    return {
      revenue: this.revenue,
      margin: this.margin,
      revenueVsBudget: this.revenueBudget.result(),
      marginVsBudget: this.marginBudget.result(),
    };
  }
}

/**
 * The twelve months of the fiscal year that holds `first` (the cycle's first period),
 * starting in month `fiscalYearStart` (1 to 12).
 */
export function fiscalYearMonths(first: Month, fiscalYearStart: number): Month[] {
  const year = Number(first.slice(0, 4));
  const monthOfYear = Number(first.slice(5, 7));
  const startYear = monthOfYear >= fiscalYearStart ? year : year - 1;
  return monthRange(monthOf(startYear, fiscalYearStart), 12);
}

/**
 * The fiscal-year outlook (domain.md 4.9) per family and in total, from the plan and its
 * reconciliation (`result.families[f]` is `plan.families[f]`):
 *
 * - year to date: the year's ended months (before the first period) that record
 *   `shipped`: revenue `shipped × P`, margin `shipped × (P − C)`, against that month's
 *   `revenueBudget` and `marginBudget` from `actuals`;
 * - rest of year: the year's months within the horizon: the reconciliation's revenue
 *   and margin, against the plan's `budget` and `marginBudget` cells;
 * - outlook: both together.
 *
 * Every comparison with a budget is like for like (domain.md 4.4): over the
 * family-months that have one, with the revenue (or margin) of the others apart. A
 * budget recorded for a month with no revenue to set against it (an ended month with no
 * `shipped`) is left out of every sum. The months with neither an actual nor a plan are
 * named per family and, for the months no family has, in total.
 */
export function fiscalYearOutlook(plan: Plan, result: FiscalYearSource): FiscalYearOutlook {
  const months = fiscalYearMonths(plan.periods[0], planSettings(plan).fiscalYearStart);
  const first = plan.periods[0];
  const count = plan.periods.length;
  const offsets = months.map((month) => monthsBetween(first, month));
  const covered = months.map(() => false);
  const actuals = plan.actuals ?? {};
  const ytdTotal = new PartSum();
  const restTotal = new PartSum();

  const families = plan.families.map((family, f): FamilyFiscalYear => {
    const rows = result.families[f].rows;
    const familyActuals = actuals[family.id];
    const budget = plan.budget[family.id];
    const marginBudget = plan.marginBudget?.[family.id];
    const ytd = new PartSum();
    const rest = new PartSum();
    const missingMonths: Month[] = [];
    months.forEach((month, i) => {
      const t = offsets[i];
      if (t < 0) {
        const actual = familyActuals?.[month];
        if (actual?.shipped !== undefined) {
          const revenue = actual.shipped * family.price;
          const margin = revenue - actual.shipped * family.unitCost;
          ytd.add(revenue, margin, actual.revenueBudget, actual.marginBudget);
          covered[i] = true;
          return;
        }
      } else if (t < count) {
        const row = rows[t];
        rest.add(row.revenue, row.margin, budget?.[month], marginBudget?.[month]);
        covered[i] = true;
        return;
      }
      missingMonths.push(month);
    });
    ytdTotal.addAll(ytd);
    restTotal.addAll(rest);
    return {
      id: family.id,
      yearToDate: ytd.result(),
      restOfYear: rest.result(),
      outlook: outlookOf(ytd, rest),
      missingMonths,
    };
  });

  return {
    months,
    families,
    total: {
      yearToDate: ytdTotal.result(),
      restOfYear: restTotal.result(),
      outlook: outlookOf(ytdTotal, restTotal),
      missingMonths: months.filter((_, i) => !covered[i]),
    },
  };
}

function outlookOf(ytd: PartSum, rest: PartSum): FiscalYearPart {
  const both = new PartSum();
  both.addAll(ytd);
  both.addAll(rest);
  return both.result();
}
