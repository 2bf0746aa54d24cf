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
    expect(accuracy.trackingSignal).toBeCloseTo(-0.8, 12);
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
});
