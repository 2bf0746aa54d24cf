import { describe, expect, it } from 'vitest';
import { reconcile } from '../../../../shared/engine/reconcile.ts';
import {
  daysInMonth,
  daysOfSupplyAt,
  stockMeasures,
} from '../../../../shared/engine/stock-measures.ts';
import type { Family } from '../../../../shared/engine/types.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const drills: Family = { id: 'A', name: 'Drills', price: 10, unitCost: 6, openingInventory: 100 };

describe('stock measures', () => {
  it('inventory value, holding cost at the plan setting, days of supply per month', () => {
    const periods = months('2026-12', 3);
    const plan = makePlan({
      periods,
      families: [drills],
      demand: { A: row(periods, [10, 20, 30]) },
    });
    const measures = stockMeasures(plan, reconcile(plan));
    const a = measures.families[0];
    // Projected inventory [90, 70, 40] at unit cost 6.
    expect(a.inventoryValue).toEqual([540, 420, 240]);
    // Default holding rate: 2% a month.
    expect(a.holdingCost[0]).toBeCloseTo(10.8, 12);
    expect(a.holdingCost[1]).toBeCloseTo(8.4, 12);
    expect(a.holdingCost[2]).toBeCloseTo(4.8, 12);
    expect(a.holdingCostTotal).toBeCloseTo(24, 12);
    // Month 1: 90 / ((20 + 30) / (31 + 28)); month 2: 70 / (30 / 28); month 3: none follows.
    expect(a.daysOfSupply[0]).toBeCloseTo((90 * 59) / 50, 12);
    expect(a.daysOfSupply[1]).toBeCloseTo((70 * 28) / 30, 12);
    expect(a.daysOfSupply[2]).toBeNull();
    // Three months cannot give turns over twelve.
    expect(a.turns).toBeNull();
    expect(measures.periods).toEqual(periods);
  });

  it('the family rate overrides the setting, which overrides the default', () => {
    const periods = months('2026-12', 1);
    const plan = makePlan({
      periods,
      settings: { holdingRate: 0.01 },
      families: [drills, { ...drills, id: 'B', holdingRate: 0.05 }],
    });
    const measures = stockMeasures(plan, reconcile(plan));
    expect(measures.families[0].holdingCost[0]).toBeCloseTo(600 * 0.01, 12);
    expect(measures.families[1].holdingCost[0]).toBeCloseTo(600 * 0.05, 12);
    expect(measures.total.holdingCost[0]).toBeCloseTo(36, 12);
    expect(measures.total.inventoryValue).toEqual([1200]);
  });

  it('a backlog holds no stock: value, cost and days of supply 0', () => {
    const periods = months('2026-12', 2);
    const plan = makePlan({
      periods,
      families: [{ ...drills, openingInventory: 10 }],
      demand: { A: row(periods, [50, 10]) },
    });
    const a = stockMeasures(plan, reconcile(plan)).families[0];
    expect(a.inventoryValue).toEqual([0, 0]);
    expect(a.holdingCost).toEqual([0, 0]);
    expect(a.daysOfSupply).toEqual([0, null]);
  });

  it('days of supply is null when the months ahead have no demand', () => {
    const periods = months('2026-12', 3);
    const plan = makePlan({ periods, families: [drills], demand: { A: row(periods, [10, 0, 0]) } });
    expect(stockMeasures(plan, reconcile(plan)).families[0].daysOfSupply).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('turns over the first twelve months, per family and with both sums over families', () => {
    const periods = months('2026-12', 13);
    const plan = makePlan({
      periods,
      families: [
        { ...drills, openingInventory: 1200 },
        { ...drills, id: 'B', unitCost: 2, openingInventory: 600 },
      ],
      demand: { A: row(periods, Array(13).fill(100)), B: row(periods, Array(13).fill(100)) },
      supply: { B: row(periods, Array(13).fill(100)) },
    });
    const measures = stockMeasures(plan, reconcile(plan));
    // A: ships 1,200 units in months 1-12, holding 1100, 1000, ..., 0: average 550.
    expect(measures.families[0].turns).toBeCloseTo(1200 / 550, 12);
    // B: ships 1,200 units, holding 600 every month.
    expect(measures.families[1].turns).toBeCloseTo(1200 / 600, 12);
    // Total at cost: (1200 × 6 + 1200 × 2) / ((6600 × 6 + 7200 × 2) / 12).
    expect(measures.total.turns).toBeCloseTo(9600 / ((6600 * 6 + 7200 * 2) / 12), 12);
  });

  it('turns are null when the stock is 0 over the twelve months', () => {
    const periods = months('2026-12', 12);
    const plan = makePlan({
      periods,
      families: [{ ...drills, openingInventory: 0 }],
      demand: { A: row(periods, Array(12).fill(5)) },
      supply: { A: row(periods, Array(12).fill(5)) },
    });
    expect(stockMeasures(plan, reconcile(plan)).families[0].turns).toBeNull();
  });

  it('total days of supply weighs families at cost, never adding their units', () => {
    const periods = months('2027-01', 2);
    // January stock: A 100 at 6, B 100 at 2; February demand: A 28 at 6, B 0.
    const plan = makePlan({
      periods,
      families: [
        { ...drills, openingInventory: 110 },
        { ...drills, id: 'B', unitCost: 2, openingInventory: 100 },
      ],
      demand: { A: row(periods, [10, 28]) },
    });
    const measures = stockMeasures(plan, reconcile(plan));
    expect(measures.families[0].daysOfSupply[0]).toBeCloseTo(100, 12);
    expect(measures.families[1].daysOfSupply[0]).toBeNull();
    expect(measures.total.daysOfSupply[0]).toBeCloseTo(800 / ((28 * 6) / 28), 12);
    expect(measures.total.daysOfSupply[1]).toBeNull();
  });

  it('days in a month, leap years included', () => {
    expect(['2026-01', '2026-02', '2026-04', '2026-12'].map(daysInMonth)).toEqual([31, 28, 30, 31]);
    expect(['2024-02', '2000-02', '1900-02'].map(daysInMonth)).toEqual([29, 29, 28]);
  });

  it('days of supply of a stock held before the horizon reads its first three months', () => {
    const periods = months('2026-12', 4);
    const demand = row(periods, [31, 31, 28, 1000]);
    expect(daysOfSupplyAt(30, demand, periods, 0)).toBeCloseTo(30, 12);
    expect(daysOfSupplyAt(30, undefined, periods, 0)).toBeNull();
    expect(daysOfSupplyAt(30, demand, periods, 4)).toBeNull();
  });
});
