import { describe, expect, it } from 'vitest';
import {
  actualMarginBridge,
  marginBridge,
  planMarginBridge,
} from '../../../../shared/engine/margin-bridge.ts';
import { reconcile } from '../../../../shared/engine/reconcile.ts';
import type { Family, Plan } from '../../../../shared/engine/types.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

/** MB-1 of domain.md section 5. */
const MB1 = {
  M0: 7500,
  M1: 7300,
  volume: 250,
  mix: 200,
  price: -200,
  cost: -450,
  total: -200,
};

function expectMb1(bridge: ReturnType<typeof marginBridge>) {
  expect(bridge.previous).toBeCloseTo(MB1.M0, 9);
  expect(bridge.current).toBeCloseTo(MB1.M1, 9);
  expect(bridge.volume).toBeCloseTo(MB1.volume, 9);
  expect(bridge.mix).toBeCloseTo(MB1.mix, 9);
  expect(bridge.price).toBeCloseTo(MB1.price, 9);
  expect(bridge.cost).toBeCloseTo(MB1.cost, 9);
  expect(bridge.total).toBeCloseTo(MB1.total, 9);
}

const family = (id: string, price: number, unitCost: number): Family => ({
  id,
  name: id,
  price,
  unitCost,
  openingInventory: 100000,
});

describe('margin bridge', () => {
  it('MB-1: volume +250, mix +200, price −200, cost −450 sum to M1 − M0 = −200', () => {
    const bridge = marginBridge([
      {
        id: 'A',
        previous: { units: 1000, price: 12.5, unitCost: 8 },
        current: { units: 900, price: 13, unitCost: 8.5 },
      },
      {
        id: 'B',
        previous: { units: 500, price: 20, unitCost: 14 },
        current: { units: 650, price: 19, unitCost: 14 },
      },
    ]);
    expectMb1(bridge);
    expect(bridge.volume + bridge.mix + bridge.price + bridge.cost).toBeCloseTo(bridge.total, 9);
  });

  it('a new family has no price or cost effect; a removed one only volume and mix', () => {
    const bridge = marginBridge([
      { id: 'A', previous: { units: 100, price: 10, unitCost: 6 } },
      { id: 'B', current: { units: 50, price: 30, unitCost: 10 } },
    ]);
    expect(bridge.previous).toBe(400);
    expect(bridge.current).toBe(1000);
    expect(bridge.price).toBe(0);
    expect(bridge.cost).toBe(0);
    // Average margin 4 a unit before: 50 − 100 units lose 200; B earns 20 a unit, not 4.
    expect(bridge.volume).toBe(-200);
    expect(bridge.mix).toBe(1000 - 200);
    expect(bridge.volume + bridge.mix).toBe(bridge.total);
  });

  it('with nothing shipped before, volume is 0 and mix carries the whole margin', () => {
    const bridge = marginBridge([{ id: 'A', current: { units: 10, price: 5, unitCost: 2 } }]);
    expect(bridge).toEqual({
      previous: 0,
      current: 30,
      volume: 0,
      mix: 30,
      price: 0,
      cost: 0,
      total: 30,
    });
  });

  it('plan over plan reads the shipments of the months both plans cover (MB-1)', () => {
    const before = months('2026-11', 2);
    const after = months('2026-12', 2);
    const previous: Plan = makePlan({
      periods: before,
      families: [family('A', 12.5, 8), family('B', 20, 14)],
      // November is not in the current plan: its shipments stay out of the bridge.
      demand: { A: row(before, [7, 1000]), B: row(before, [7, 500]) },
    });
    const current: Plan = makePlan({
      periods: after,
      families: [family('A', 13, 8.5), family('B', 19, 14)],
      // January is not in the previous plan.
      demand: { A: row(after, [900, 7]), B: row(after, [650, 7]) },
    });
    expectMb1(planMarginBridge(previous, current));
    // The same from reconciliations the caller already has.
    const results = { previous: reconcile(previous), current: reconcile(current) };
    expectMb1(planMarginBridge(previous, current, results));
  });

  it('actual vs plan of the month just ended: planned shipments at the closed plan’s prices', () => {
    const periods = months('2026-12', 1);
    const closed = makePlan({
      periods: ['2026-11'],
      families: [family('A', 12.5, 8), family('B', 20, 14)],
    });
    const plan = makePlan({
      periods,
      families: [family('A', 13, 8.5), family('B', 19, 14), family('C', 3, 1)],
      history: {
        A: { '2026-11': { plannedShipments: 1000 } },
        B: { '2026-11': { plannedShipments: 500 } },
        C: { '2026-11': { plannedShipments: 40 } },
      },
      // C records no shipments: it is left out, not read as 0 shipped.
      actuals: { A: { '2026-11': { shipped: 900 } }, B: { '2026-11': { shipped: 650 } } },
    });
    expectMb1(actualMarginBridge(plan, closed));
  });

  it('actual vs plan without the closed plan: only volume and mix', () => {
    const plan = makePlan({
      periods: months('2026-12', 1),
      families: [family('A', 13, 8.5), family('B', 19, 14)],
      history: { A: { '2026-11': { plannedShipments: 1000 } } },
      actuals: { A: { '2026-11': { shipped: 900 } }, B: { '2026-11': { shipped: 650 } } },
    });
    const bridge = actualMarginBridge(plan);
    // Plan: A 1000 × 4.5; actual: A 900 × 4.5 + B 650 × 5 (B planned nothing).
    expect(bridge.previous).toBe(4500);
    expect(bridge.current).toBe(900 * 4.5 + 650 * 5);
    expect(bridge.price).toBe(0);
    expect(bridge.cost).toBe(0);
    expect(bridge.volume + bridge.mix).toBeCloseTo(bridge.total, 9);
  });
});
