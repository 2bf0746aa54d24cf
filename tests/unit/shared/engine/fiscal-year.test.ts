import { describe, expect, it } from 'vitest';
import { fiscalYearMonths, fiscalYearOutlook } from '../../../../shared/engine/fiscal-year.ts';
import { reconcile } from '../../../../shared/engine/reconcile.ts';
import type { Family, Plan } from '../../../../shared/engine/types.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const periods = months('2027-03', 4);
const drills: Family = { id: 'A', name: 'Drills', price: 10, unitCost: 6, openingInventory: 1000 };

/**
 * Year 2027 (fiscal year from January), cycle March: January and February ended, March
 * to June planned, July to December neither.
 */
function yearPlan(parts: Partial<Plan> = {}): Plan {
  return makePlan({
    periods,
    families: [drills],
    demand: { A: row(periods, [100, 100, 0, 0]) },
    budget: { A: { '2027-03': 1200 } },
    actuals: {
      A: {
        '2027-01': { shipped: 100, revenueBudget: 1200, marginBudget: 300 },
        '2027-02': { shipped: 100 },
        // Before the fiscal year: never read.
        '2026-12': { shipped: 5000, revenueBudget: 1 },
      },
    },
    ...parts,
  });
}

describe('fiscal-year outlook', () => {
  it('the fiscal year holding the first period starts in the month of the setting', () => {
    expect(fiscalYearMonths('2027-03', 1)).toEqual(months('2027-01', 12));
    expect(fiscalYearMonths('2027-03', 4)).toEqual(months('2026-04', 12));
    expect(fiscalYearMonths('2027-04', 4)).toEqual(months('2027-04', 12));
    expect(fiscalYearMonths('2027-12', 10)).toEqual(months('2027-10', 12));
  });

  it('year to date from actuals, rest of year from the plan, like for like with budgets', () => {
    const plan = yearPlan();
    const outlook = fiscalYearOutlook(plan, reconcile(plan));
    expect(outlook.months).toEqual(months('2027-01', 12));
    const a = outlook.families[0];
    // BUD-1 in the ended months: budget only in January.
    expect(a.yearToDate.revenue).toBe(2000);
    expect(a.yearToDate.margin).toBe(800);
    expect(a.yearToDate.revenueVsBudget).toEqual({
      budgeted: 1000,
      budget: 1200,
      gap: -200,
      gapPct: -200 / 1200,
      unbudgeted: 1000,
      budgetedMonths: 1,
    });
    expect(a.yearToDate.marginVsBudget).toEqual({
      budgeted: 400,
      budget: 300,
      gap: 100,
      gapPct: 100 / 300,
      unbudgeted: 400,
      budgetedMonths: 1,
    });
    // BUD-1 in the horizon: budget only in March.
    expect(a.restOfYear.revenue).toBe(2000);
    expect(a.restOfYear.margin).toBe(800);
    expect(a.restOfYear.revenueVsBudget).toEqual({
      budgeted: 1000,
      budget: 1200,
      gap: -200,
      gapPct: -200 / 1200,
      unbudgeted: 1000,
      budgetedMonths: 1,
    });
    // No margin budget in the horizon: nothing compared, the margin kept apart.
    expect(a.restOfYear.marginVsBudget).toEqual({
      budgeted: 0,
      budget: 0,
      gap: 0,
      gapPct: null,
      unbudgeted: 800,
      budgetedMonths: 0,
    });
    expect(a.outlook.revenue).toBe(4000);
    expect(a.outlook.margin).toBe(1600);
    expect(a.outlook.revenueVsBudget).toEqual({
      budgeted: 2000,
      budget: 2400,
      gap: -400,
      gapPct: -400 / 2400,
      unbudgeted: 2000,
      budgetedMonths: 2,
    });
    expect(a.outlook.marginVsBudget.gap).toBe(100);
    expect(a.missingMonths).toEqual(months('2027-07', 6));
    expect(outlook.total.missingMonths).toEqual(months('2027-07', 6));
    expect(outlook.total.outlook).toEqual(a.outlook);
  });

  it('a budget of 0 is a budget; an absent one is none', () => {
    const plan = yearPlan({ budget: { A: { '2027-03': 1200, '2027-04': 0 } } });
    const rest = fiscalYearOutlook(plan, reconcile(plan)).families[0].restOfYear;
    expect(rest.revenueVsBudget).toMatchObject({
      budgeted: 2000,
      budget: 1200,
      gap: 800,
      unbudgeted: 0,
      budgetedMonths: 2,
    });
  });

  it('an ended month without shipments is neither revenue nor budget, and is named', () => {
    const plan = yearPlan({
      actuals: { A: { '2027-01': { shipped: 100 }, '2027-02': { revenueBudget: 5000 } } },
    });
    const a = fiscalYearOutlook(plan, reconcile(plan)).families[0];
    expect(a.yearToDate.revenue).toBe(1000);
    expect(a.yearToDate.revenueVsBudget).toMatchObject({ budget: 0, unbudgeted: 1000 });
    expect(a.missingMonths).toEqual(['2027-02', ...months('2027-07', 6)]);
  });

  it('in total, a month is missing only when no family has an actual or a plan', () => {
    const saws: Family = { ...drills, id: 'B', price: 20 };
    const plan = yearPlan({
      families: [drills, saws],
      actuals: {
        A: { '2027-01': { shipped: 100, revenueBudget: 900 } },
        B: { '2027-01': { shipped: 10 }, '2027-02': { shipped: 10, revenueBudget: 150 } },
      },
    });
    const outlook = fiscalYearOutlook(plan, reconcile(plan));
    expect(outlook.families[0].missingMonths).toEqual(['2027-02', ...months('2027-07', 6)]);
    expect(outlook.families[1].missingMonths).toEqual(months('2027-07', 6));
    expect(outlook.total.missingMonths).toEqual(months('2027-07', 6));
    expect(outlook.total.yearToDate.revenue).toBe(1000 + 200 + 200);
    expect(outlook.total.yearToDate.revenueVsBudget).toEqual({
      budgeted: 1200,
      budget: 1050,
      gap: 150,
      gapPct: 150 / 1050,
      unbudgeted: 200,
      budgetedMonths: 2,
    });
  });

  it('a fiscal year starting in April reads last year’s ended months', () => {
    const plan = yearPlan({
      settings: { fiscalYearStart: 4 },
      actuals: { A: { '2026-04': { shipped: 7 }, '2027-02': { shipped: 3 } } },
    });
    const outlook = fiscalYearOutlook(plan, reconcile(plan));
    expect(outlook.months[0]).toBe('2026-04');
    const a = outlook.families[0];
    expect(a.yearToDate.revenue).toBe(100);
    // Only March of the horizon lies in this year.
    expect(a.restOfYear.revenue).toBe(1000);
    expect(a.restOfYear.revenueVsBudget.budgetedMonths).toBe(1);
    expect(a.missingMonths).toEqual(months('2026-05', 9));
  });
});
