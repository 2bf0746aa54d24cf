import { describe, expect, it } from 'vitest';
import { comparePlans, reconcile } from '../../../../shared/engine/index.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

/** The public test vectors of domain.md section 5. */
describe('domain test vectors', () => {
  it('PI-1: projected inventory and forward cover', () => {
    const periods = months('2026-12', 5);
    const plan = makePlan({
      periods,
      families: [{ id: 'A', name: 'A', price: 1, unitCost: 1, openingInventory: 100 }],
      demand: { A: row(periods, [40, 50, 80, 50, 70]) },
      supply: { A: row(periods, [0, 50, 50, 50, 0]) },
    });
    const rows = reconcile(plan).families[0].rows;
    expect(rows.map((r) => r.projectedInventory)).toEqual([60, 60, 30, 30, -40]);
    const cover = rows.map((r) => r.cover);
    expect(cover[0]).toBeCloseTo(1.125, 12);
    expect(cover[1]).toBeCloseTo(0.75, 12);
    expect(cover[2]).toBeCloseTo(0.6, 12);
    expect(cover[3]).toBeCloseTo(0.428571428571, 10);
    expect(cover[4]).toBe(0);
    expect(rows.map((r) => r.backlog)).toEqual([0, 0, 0, 0, 40]);
    expect(rows.map((r) => r.shipments)).toEqual([40, 50, 80, 50, 30]);
  });

  it('RCCP-1: load, utilization and overload on one line', () => {
    const periods = months('2026-12', 1);
    const plan = makePlan({
      periods,
      families: [
        { id: 'A', name: 'A', price: 1, unitCost: 0, openingInventory: 0 },
        { id: 'B', name: 'B', price: 1, unitCost: 0, openingInventory: 0 },
      ],
      loads: [
        { family: 'A', resource: 'L1', hoursPerUnit: 0.5 },
        { family: 'B', resource: 'L1', hoursPerUnit: 2 },
      ],
      supply: { A: row(periods, [100]), B: row(periods, [30]) },
      capacity: { L1: row(periods, [100]) },
    });
    const [r] = reconcile(plan).resources[0].rows;
    expect(r.load).toBe(110);
    expect(r.utilization).toBeCloseTo(1.1, 12);
    expect(r.overload).toBe(10);
  });

  it('FIN-1: revenue, cost, margin and budget gap', () => {
    const periods = months('2026-12', 1);
    const plan = makePlan({
      periods,
      families: [{ id: 'A', name: 'A', price: 12.5, unitCost: 8, openingInventory: 0 }],
      demand: { A: row(periods, [1000]) },
      supply: { A: row(periods, [1000]) },
      budget: { A: row(periods, [13000]) },
    });
    const [r] = reconcile(plan).families[0].rows;
    expect(r.shipments).toBe(1000);
    expect(r.revenue).toBe(12500);
    expect(r.cost).toBe(8000);
    expect(r.margin).toBe(4500);
    expect(r.budgetGap).toBe(-500);
  });

  it('PVM-1: the price-volume-mix bridge', () => {
    const periods = months('2026-12', 1);
    const plan = (a: [number, number], b: [number, number]) =>
      makePlan({
        periods,
        families: [
          { id: 'A', name: 'A', price: a[1], unitCost: 0, openingInventory: 0 },
          { id: 'B', name: 'B', price: b[1], unitCost: 0, openingInventory: 0 },
        ],
        demand: { A: row(periods, [a[0]]), B: row(periods, [b[0]]) },
        supply: { A: row(periods, [a[0]]), B: row(periods, [b[0]]) },
      });
    const [before, after] = [plan([1000, 12.5], [500, 20]), plan([900, 13], [650, 19])];
    const comparison = comparePlans(before, after);
    // Given the reconciliations it already has, a caller gets the same comparison.
    expect(
      comparePlans(before, after, { previous: reconcile(before), current: reconcile(after) }),
    ).toEqual(comparison);
    expect(comparison.bridge.volume).toBeCloseTo(750, 9);
    expect(comparison.bridge.mix).toBeCloseTo(1000, 9);
    expect(comparison.bridge.price).toBeCloseTo(-200, 9);
    expect(comparison.bridge.total).toBeCloseTo(1550, 9);
    expect(comparison.totals.revenue).toEqual({
      previous: 22500,
      current: 24050,
      delta: 1550,
      pct: 1550 / 22500,
    });
  });

  const accuracyPlan = (withNaive: boolean) => {
    const actual = [100, 120, 80, 100];
    const forecast = [110, 100, 90, 110];
    const history: Record<string, { actual?: number; forecast?: number }> = {};
    months('2026-05', 4).forEach((month, i) => {
      history[month] = { actual: actual[i], forecast: forecast[i] };
    });
    if (withNaive) history['2026-04'] = { actual: 90 };
    return makePlan({ history: { A: history } });
  };

  it('ACC-1: wmape, mape, bias, mad and tracking signal', () => {
    const accuracy = reconcile(accuracyPlan(false)).accuracy.families.A;
    expect(accuracy.points).toBe(4);
    expect(accuracy.wmape).toBeCloseTo(0.125, 12);
    expect(accuracy.mape).toBeCloseTo(0.122917, 6);
    expect(accuracy.bias).toBeCloseTo(0.025, 12);
    expect(accuracy.mad).toBeCloseTo(12.5, 12);
    // Errors forecast − actual: [10, −20, 10, 10]; the window of 6 holds all four.
    expect(accuracy.trackingSignal).toBeCloseTo(0.8, 12);
    expect(accuracy.trackingPoints).toBe(4);
    expect(accuracy.windowBias).toBeCloseTo(0.025, 12);
    expect(accuracy.alarm).toBe(false);
  });

  it('FVA-1: forecast value added over the naive forecast', () => {
    const accuracy = reconcile(accuracyPlan(true)).accuracy;
    expect(accuracy.families.A.fva).toBeCloseTo(0.1, 12);
    expect(accuracy.total.fva).toBeCloseTo(0.1, 12);
    // Without the month before the first point, the first point has no naive forecast.
    expect(reconcile(accuracyPlan(false)).accuracy.families.A.fva).toBeCloseTo(
      (20 + 40 + 20) / (120 + 80 + 100) - (20 + 10 + 10) / (120 + 80 + 100),
      12,
    );
  });

  it('EP-1: one shortage gap per episode, valued at its peak backlog', () => {
    const periods = months('2026-12', 7);
    const plan = makePlan({
      periods,
      families: [{ id: 'A', name: 'A', price: 10, unitCost: 6, openingInventory: 100 }],
      demand: { A: row(periods, [40, 50, 80, 50, 70, 30, 10]) },
      supply: { A: row(periods, [0, 50, 50, 50, 0, 20, 60]) },
    });
    const result = reconcile(plan);
    const family = result.families[0];
    expect(family.rows.map((r) => r.projectedInventory)).toEqual([60, 60, 30, 30, -40, -50, 0]);
    expect(result.gaps).toEqual([
      {
        id: 'shortage:A:2027-04',
        kind: 'shortage',
        subject: 'A',
        period: '2027-04',
        last: '2027-05',
        peak: '2027-05',
        amount: 50,
        value: 500,
      },
    ]);
    expect(family.backlog).toEqual({ peak: 50, peakPeriod: '2027-05', end: 0 });
    expect(result.backlog).toEqual({
      peakValue: 500,
      peakPeriod: '2027-05',
      unshippedDemand: 0,
    });
    expect(result.gapSummary.shortage).toEqual({ count: 1, value: 500 });
  });

  it('BUD-1: budgets only where they exist', () => {
    const periods = months('2026-12', 2);
    const plan = makePlan({
      periods,
      families: [{ id: 'A', name: 'A', price: 10, unitCost: 6, openingInventory: 0 }],
      demand: { A: row(periods, [100, 100]) },
      supply: { A: row(periods, [100, 100]) },
      budget: { A: { '2026-12': 1200 } },
    });
    const result = reconcile(plan);
    const family = result.families[0];
    expect(family.rows.map((r) => r.budgetGap)).toEqual([-200, null]);
    expect(family.rows.map((r) => r.budget)).toEqual([1200, null]);
    const totals = family.totals;
    expect([totals.budgetedRevenue, totals.budget, totals.budgetGap]).toEqual([1000, 1200, -200]);
    expect(totals.unbudgetedRevenue).toBe(1000);
    expect(totals.revenue).toBe(2000);
    expect(result.horizon.budgetGap).toBe(-200);
    expect(result.totals.map((t) => [t.budget, t.budgetedRevenue, t.unbudgetedRevenue])).toEqual([
      [1200, 1000, 0],
      [0, 0, 1000],
    ]);
    // One below-budget gap: the month below budget by more than 2%.
    expect(result.gaps.map((g) => [g.id, g.amount, g.yearVariance])).toEqual([
      ['belowBudget:A:2026-12', 200, -200],
    ]);
  });

  it('EXC-1: excess stock past the horizon', () => {
    const periods = months('2026-12', 3);
    const plan = makePlan({
      periods,
      families: [
        { id: 'A', name: 'A', price: 10, unitCost: 6, openingInventory: 500, maxCover: 3 },
      ],
      demand: { A: row(periods, [100, 100, 100]) },
    });
    const result = reconcile(plan);
    const rows = result.families[0].rows;
    expect(rows.map((r) => r.stockTarget)).toEqual([300, 300, 300]);
    expect(rows.map((r) => r.cover)).toEqual([4, 3, 2]);
    expect(rows.map((r) => r.status)).toEqual(['overstock', 'ok', 'ok']);
    expect(result.gaps).toEqual([
      {
        id: 'excessInventory:A:2026-12',
        kind: 'excessInventory',
        subject: 'A',
        period: '2026-12',
        last: '2026-12',
        peak: '2026-12',
        amount: 100,
        value: 600,
      },
    ]);
  });

  it('the tracking signal reads the last points of the window, and alarms beyond the limit', () => {
    const periods = months('2026-12', 1);
    // Eight months, forecast always 10 over the actual: a steady over-forecast.
    const history = Object.fromEntries(
      months('2026-04', 8).map((month) => [month, { actual: 100, forecast: 110 }]),
    );
    // An early under-forecast outside the window must not count.
    history['2026-04'] = { actual: 200, forecast: 110 };
    const plan = makePlan({ periods, history: { A: history } });
    const { families, total } = reconcile(plan).accuracy;
    expect(families.A.points).toBe(8);
    expect(families.A.trackingPoints).toBe(6);
    expect(families.A.trackingSignal).toBe(6);
    expect(families.A.alarm).toBe(true);
    expect(families.A.windowBias).toBeCloseTo(0.1, 12);
    expect(total.trackingSignal).toBeNull();
    expect([total.inAlarm, total.tracked]).toEqual([1, 1]);
    // The demand actual is the actuals' units ordered when recorded.
    const recorded = makePlan({
      periods,
      history: { A: { '2026-11': { actual: 100, forecast: 110 } } },
      actuals: { A: { '2026-11': { ordered: 110 } } },
    });
    expect(reconcile(recorded).accuracy.families.A.wmape).toBe(0);
  });
});
