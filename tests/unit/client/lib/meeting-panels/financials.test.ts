import { describe, expect, it } from 'vitest';
import {
  financials,
  fiscalYear,
  marginBridges,
} from '../../../../../client/src/lib/meeting-panels/financials.ts';
import { generateDemoPlan } from '../../../../../shared/demo/demo-plan.ts';
import { reconcile, type Plan } from '../../../../../shared/engine/index.ts';
import { fiscalYearOutlook } from '../../../../../shared/engine/fiscal-year.ts';
import {
  actualMarginBridge,
  planMarginBridge,
} from '../../../../../shared/engine/margin-bridge.ts';
import { makePlan, months, row } from '../../../../helpers/plan-builder.ts';

describe('financials: budgets only where they exist', () => {
  it('follows the specification vector: the unbudgeted month is reported apart', () => {
    const periods = months('2026-12', 2);
    const plan = makePlan({
      periods,
      families: [{ id: 'A', name: 'Kettles', price: 10, unitCost: 6, openingInventory: 200 }],
      demand: { A: row(periods, [100, 100]) },
      budget: { A: { [periods[0]]: 1200 } },
    });
    const data = financials(reconcile(plan));
    expect(data.revenue).toBe(2000);
    expect(data.budgetedRevenue).toBe(1000);
    expect(data.budget).toBe(1200);
    expect(data.gap).toBe(-200);
    expect(data.gapRatio).toBeCloseTo(-200 / 1200, 12);
    expect(data.unbudgetedRevenue).toBe(1000);
    expect(data.budgetByMonth).toEqual([1200, null]);
    expect(data.budgetedMonths).toBe(1);
    expect(data.belowBudget).toEqual([{ period: periods[0], gap: -200 }]);
  });

  it('has no gap ratio when no month has a budget', () => {
    const plan = makePlan({ demand: { A: row(months('2026-12', 3), [5, 5, 5]) } });
    const data = financials(reconcile(plan));
    expect(data.gapRatio).toBeNull();
    expect(data.budgetedMonths).toBe(0);
    expect(data.unbudgetedRevenue).toBe(data.revenue);
  });
});

describe('fiscalYear: year to date and the rest of the year', () => {
  const periods = months('2026-12', 2);
  const plan: Plan = makePlan({
    periods,
    families: [{ id: 'A', name: 'Kettles', price: 10, unitCost: 6, openingInventory: 500 }],
    demand: { A: row(periods, [100, 100]) },
    budget: { A: { [periods[0]]: 900 } },
    marginBudget: { A: { [periods[0]]: 300 } },
    actuals: {
      A: {
        '2026-10': { shipped: 50, revenueBudget: 600, marginBudget: 250 },
        '2026-11': { shipped: 80 },
      },
    },
  });
  const result = reconcile(plan);
  const year = fiscalYear(plan, result);
  const engine = fiscalYearOutlook(plan, result);

  it('reads the months the engine reads and names those with neither actuals nor plan', () => {
    expect(year.from).toBe('2026-01');
    expect(year.to).toBe('2026-12');
    expect(year.actualMonths).toEqual(['2026-10', '2026-11']);
    expect(year.planMonths).toEqual(['2026-12']);
    expect(year.missingMonths).toEqual(months('2026-01', 9));
    expect(year.outlook).toEqual(engine.total.outlook);
    expect(year.yearToDate).toEqual(engine.total.yearToDate);
  });

  it('compares like with like: revenue of months without a budget is apart', () => {
    // Budgeted: October 500 against 600 and December 1,000 against 900; November apart.
    expect(year.outlook.revenueVsBudget.budgeted).toBe(1500);
    expect(year.outlook.revenueVsBudget.budget).toBe(1500);
    expect(year.outlook.revenueVsBudget.unbudgeted).toBe(800);
    expect(year.outlook.revenue).toBe(2300);
    expect(year.hasMarginBudget).toBe(true);
    expect(year.outlook.marginVsBudget.budget).toBe(550);
  });
});

describe('marginBridges', () => {
  const plan = generateDemoPlan();
  const result = reconcile(plan);

  it('splits actual vs plan of the month just ended into four steps that sum to the change', () => {
    const bridges = marginBridges(plan, result, null);
    const engine = actualMarginBridge(plan);
    const view = bridges.actualVsPlan!;
    expect(view.from).toBe(engine.previous);
    expect(view.to).toBe(engine.current);
    expect(view.steps.map((step) => step.value)).toEqual([
      engine.volume,
      engine.mix,
      engine.price,
      engine.cost,
    ]);
    const sum = view.steps.reduce((total, step) => total + step.value, 0);
    expect(sum).toBeCloseTo(view.to - view.from, 6);
    expect(bridges.planOverPlan).toBeNull();
  });

  it('bridges plan over plan when the previous cycle is known, at its prices', () => {
    const previous = generateDemoPlan({ cycle: '2026-11' });
    previous.families[0].price *= 0.9;
    const bridges = marginBridges(plan, result, previous);
    const engine = planMarginBridge(previous, plan);
    const view = bridges.planOverPlan!;
    expect(view.total).toBeCloseTo(engine.total, 6);
    expect(view.steps.find((step) => step.label === 'Price')?.value).toBeCloseTo(engine.price, 6);
    expect(view.steps.reduce((total, step) => total + step.value, 0)).toBeCloseTo(view.total, 6);
    // The closed plan's prices also set the plan side of actual vs plan.
    expect(bridges.actualVsPlan?.steps[2].value).toBeCloseTo(
      actualMarginBridge(plan, previous).price,
      6,
    );
    expect(bridges.actualVsPlan?.steps[2].value).not.toBe(0);
  });

  it('says the month is not recorded when no family records its shipments', () => {
    const bare = makePlan();
    expect(marginBridges(bare, reconcile(bare), null).actualVsPlan).toBeNull();
  });
});
