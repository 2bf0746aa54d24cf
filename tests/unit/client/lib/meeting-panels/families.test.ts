import { describe, expect, it } from 'vitest';
import { familyPerformance } from '../../../../../client/src/lib/meeting-panels/families.ts';
import { reconcile, type Plan } from '../../../../../shared/engine/index.ts';
import { makePlan, months, row } from '../../../../helpers/plan-builder.ts';

const PERIODS = months('2026-12', 3);
const ENDED = '2026-11';

function plan(parts: Partial<Plan> = {}): Plan {
  return makePlan({
    periods: PERIODS,
    families: [
      { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 500 },
      { id: 'B', name: 'Garden hoses', price: 2, unitCost: 1, openingInventory: 500 },
    ],
    demand: { A: row(PERIODS, [100, 100, 100]), B: row(PERIODS, [50, 50, 50]) },
    ...parts,
  });
}

describe('familyPerformance: actual vs plan of the month just ended', () => {
  const withActuals = plan({
    history: {
      A: { [ENDED]: { forecast: 100, plannedShipments: 90, plannedSupply: 80 } },
      B: { [ENDED]: { forecast: 40 } },
    },
    actuals: { A: { [ENDED]: { ordered: 110, shipped: 85, produced: 70 } } },
  });

  it('gives each measure as actual, plan, difference and %', () => {
    const report = familyPerformance(withActuals, reconcile(withActuals));
    expect(report.endedMonth).toBe(ENDED);
    expect(report.recorded).toBe(true);
    const a = report.rows.find((r) => r.id === 'A')!;
    expect(a.actualVsPlan.demand).toEqual({ actual: 110, plan: 100, difference: 10, pct: 0.1 });
    expect(a.actualVsPlan.shipments).toEqual({
      actual: 85,
      plan: 90,
      difference: -5,
      pct: -5 / 90,
    });
    expect(a.actualVsPlan.production).toEqual({
      actual: 70,
      plan: 80,
      difference: -10,
      pct: -0.125,
    });
    expect(a.actualVsPlan.revenue).toEqual({
      actual: 850,
      plan: 900,
      difference: -50,
      pct: -50 / 900,
    });
  });

  it('leaves a measure empty where its actual or plan is not recorded, and totals the rest', () => {
    const report = familyPerformance(withActuals, reconcile(withActuals));
    const b = report.rows.find((r) => r.id === 'B')!;
    // B has a forecast but no demand actual: nothing to compare.
    expect(b.actualVsPlan).toEqual({
      demand: null,
      shipments: null,
      production: null,
      revenue: null,
    });
    expect(report.total.demand).toEqual({ actual: 110, plan: 100, difference: 10, pct: 0.1 });
    expect(report.total.revenue?.actual).toBe(850);
  });

  it('says nothing is recorded without actuals', () => {
    const bare = plan();
    const report = familyPerformance(bare, reconcile(bare));
    expect(report.recorded).toBe(false);
    expect(report.rows.every((r) => r.actualVsPlan.demand === null)).toBe(true);
  });
});

describe('familyPerformance: budget gap over budgeted months only', () => {
  it('is null for a family with no budget in the window, not its revenue', () => {
    const partly = plan({ budget: { A: { [PERIODS[0]]: 1200 } } });
    const report = familyPerformance(partly, reconcile(partly));
    const a = report.rows.find((r) => r.id === 'A')!;
    const b = report.rows.find((r) => r.id === 'B')!;
    // A ships 100 at 10 in the one budgeted month: 1,000 against 1,200.
    expect(a.budgetGap).toBe(-200);
    expect(a.revenue).toBe(3000);
    expect(b.budgetGap).toBeNull();
  });
});
