import { describe, expect, it } from 'vitest';
import { otifOfOrders, performance } from '../../../../shared/engine/performance.ts';
import type { ActualMonth, Family, HistoryPoint, Plan } from '../../../../shared/engine/types.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const periods = months('2026-12', 3);
const drills: Family = { id: 'A', name: 'Drills', price: 10, unitCost: 6, openingInventory: 0 };
const saws: Family = { id: 'B', name: 'Saws', price: 40, unitCost: 2, openingInventory: 0 };

function planWith(parts: Partial<Plan>): Plan {
  return makePlan({ periods, families: [drills, saws], ...parts });
}

describe('performance from actuals', () => {
  it('SVC-1: unit fill rate 1,885 / 2,130 = 88.498% over five months', () => {
    const ended = months('2026-07', 5);
    const ordered = [100, 450, 230, 1000, 350];
    const onTime = [75, 450, 210, 800, 350];
    const actuals: Record<string, ActualMonth> = Object.fromEntries(
      ended.map((month, i) => [month, { ordered: ordered[i], shippedOnTime: onTime[i] }]),
    );
    const result = performance(planWith({ actuals: { A: actuals } }), ended);
    expect(result.families[0].unitFillRate).toBeCloseTo(1885 / 2130, 12);
    expect(result.families[0].unitFillRate).toBeCloseTo(0.88498, 5);
    // One family at one price: the value fill rate is the unit fill rate.
    expect(result.families[0].valueFillRate).toBeCloseTo(1885 / 2130, 12);
    expect(result.total.unitFillRate).toBeCloseTo(1885 / 2130, 12);
    // Saws record nothing: null, never 0 or 100%.
    expect(result.families[1].unitFillRate).toBeNull();
    expect(result.families[1].valueFillRate).toBeNull();
  });

  it('value fill rate weighs each family at its price', () => {
    const result = performance(
      planWith({
        actuals: {
          A: { '2026-11': { ordered: 100, shippedOnTime: 50 } },
          B: { '2026-11': { ordered: 100, shippedOnTime: 100 } },
        },
      }),
    );
    expect(result.months).toEqual(['2026-11']);
    expect(result.total.unitFillRate).toBeCloseTo(150 / 200, 12);
    expect(result.total.valueFillRate).toBeCloseTo((500 + 4000) / (1000 + 4000), 12);
  });

  it('fill rate never passes 100%, even when more ships on time than was ordered', () => {
    const result = performance(
      planWith({ actuals: { A: { '2026-11': { ordered: 100, shippedOnTime: 130 } } } }),
    );
    expect(result.families[0].unitFillRate).toBe(1);
    expect(result.families[0].valueFillRate).toBe(1);
  });

  it('a month that records orders but not what shipped on time is not read as 0%', () => {
    const result = performance(
      planWith({
        actuals: {
          A: { '2026-10': { ordered: 100, shippedOnTime: 90 }, '2026-11': { ordered: 500 } },
        },
      }),
      ['2026-10', '2026-11'],
    );
    expect(result.families[0].unitFillRate).toBeCloseTo(0.9, 12);
  });

  it('OTIF-1: four orders on time [1, 1, 0, 1], in full [1, 0, 1, 1] give 50%, not 56.25%', () => {
    const onTime = [true, true, false, true];
    const inFull = [true, false, true, true];
    const orders = onTime.map((ot, i) => ({ onTime: ot, inFull: inFull[i] }));
    const otif = otifOfOrders(orders);
    expect(otif).toBe(0.5);
    const onTimeRate = onTime.filter(Boolean).length / onTime.length;
    const inFullRate = inFull.filter(Boolean).length / inFull.length;
    expect(onTimeRate * inFullRate).toBe(0.5625);
    expect(otif).not.toBe(onTimeRate * inFullRate);
    expect(otifOfOrders([])).toBeNull();
  });

  it('OTIF from order counts of the actuals, per family and pooled as orders', () => {
    const result = performance(
      planWith({
        actuals: {
          A: { '2026-11': { orders: 4, ordersOnTimeInFull: 2 } },
          B: { '2026-11': { orders: 6, ordersOnTimeInFull: 6 } },
        },
      }),
    );
    expect(result.families[0].otif).toBe(0.5);
    expect(result.families[1].otif).toBe(1);
    expect(result.total.otif).toBe(8 / 10);
  });

  it('plan attainment caps over-production, is null without a plan, and weighs at cost', () => {
    const history: Record<string, Record<string, HistoryPoint>> = {
      A: { '2026-10': { plannedSupply: 100 }, '2026-11': { plannedSupply: 100 } },
      B: { '2026-11': { plannedSupply: 100 } },
    };
    const result = performance(
      planWith({
        history,
        actuals: {
          A: { '2026-10': { produced: 120 }, '2026-11': { produced: 90 } },
          B: { '2026-11': { produced: 50 } },
        },
      }),
      ['2026-10', '2026-11'],
    );
    expect(result.families[0].attainmentByMonth).toEqual([1, 0.9]);
    expect(result.families[0].planAttainment).toBeCloseTo(190 / 200, 12);
    expect(result.families[1].attainmentByMonth).toEqual([null, 0.5]);
    // At cost: drills 6, saws 2.
    expect(result.total.planAttainment).toBeCloseTo((190 * 6 + 50 * 2) / (200 * 6 + 100 * 2), 12);
  });

  it('plan attainment is null when the plan was 0 or production is not recorded', () => {
    const result = performance(
      planWith({
        history: {
          A: { '2026-11': { plannedSupply: 0 } },
          B: { '2026-11': { plannedSupply: 80 } },
        },
        actuals: { A: { '2026-11': { produced: 40 } }, B: { '2026-11': { ordered: 5 } } },
      }),
    );
    expect(result.families[0].planAttainment).toBeNull();
    expect(result.families[0].attainmentByMonth).toEqual([null]);
    expect(result.families[1].planAttainment).toBeNull();
    expect(result.total.planAttainment).toBeNull();
  });

  it('actual vs plan of the month just ended: demand, shipments, production, revenue', () => {
    const result = performance(
      planWith({
        history: {
          A: {
            '2026-11': { actual: 999, forecast: 110, plannedSupply: 100, plannedShipments: 100 },
          },
          B: { '2026-11': { actual: 20, forecast: 25, plannedShipments: 0 } },
        },
        actuals: {
          A: { '2026-11': { ordered: 100, shipped: 96, produced: 95 } },
          B: { '2026-11': { shipped: 3 } },
        },
      }),
    );
    const a = result.families[0].actualVsPlan;
    // The demand actual is `ordered` when recorded, not `history.actual`.
    expect(a.demand).toEqual({ actual: 100, plan: 110, difference: -10, pct: -10 / 110 });
    expect(a.shipments).toEqual({ actual: 96, plan: 100, difference: -4, pct: -0.04 });
    expect(a.production).toEqual({ actual: 95, plan: 100, difference: -5, pct: -0.05 });
    expect(a.revenue).toEqual({ actual: 960, plan: 1000, difference: -40, pct: -0.04 });
    const b = result.families[1].actualVsPlan;
    expect(b.demand).toEqual({ actual: 20, plan: 25, difference: -5, pct: -0.2 });
    // A plan of 0: the difference stands, the percentage is null.
    expect(b.shipments).toEqual({ actual: 3, plan: 0, difference: 3, pct: null });
    expect(b.revenue).toEqual({ actual: 120, plan: 0, difference: 120, pct: null });
    // No plannedSupply for saws: no production comparison.
    expect(b.production).toBeNull();
    const total = result.total.actualVsPlan;
    expect(total.demand).toEqual({ actual: 120, plan: 135, difference: -15, pct: -15 / 135 });
    expect(total.revenue).toEqual({ actual: 1080, plan: 1000, difference: 80, pct: 0.08 });
    expect(total.production).toEqual({ actual: 95, plan: 100, difference: -5, pct: -0.05 });
  });

  it('the stock the month ended with: value at cost and days of supply', () => {
    // Demand of the first three months 31 + 31 + 28 = 90 units over 90 days: 1 a day.
    const result = performance(
      planWith({
        demand: { A: row(periods, [31, 31, 28]) },
        actuals: { A: { '2026-11': { onHand: 30 } }, B: { '2026-11': { onHand: 10 } } },
      }),
    );
    expect(result.families[0].inventory).toEqual({ value: 180, daysOfSupply: 30 });
    // Saws have no demand ahead: days of supply null, the value still stands.
    expect(result.families[1].inventory).toEqual({ value: 20, daysOfSupply: null });
    expect(result.total.inventoryValue).toBe(200);
  });

  it('a plan without actuals has every measure null', () => {
    const result = performance(planWith({}));
    expect(result.endedMonth).toBe('2026-11');
    for (const family of result.families) {
      expect(family).toMatchObject({
        unitFillRate: null,
        valueFillRate: null,
        otif: null,
        planAttainment: null,
        actualVsPlan: { demand: null, shipments: null, production: null, revenue: null },
        inventory: { value: null, daysOfSupply: null },
      });
    }
    expect(result.total).toEqual({
      unitFillRate: null,
      valueFillRate: null,
      otif: null,
      planAttainment: null,
      actualVsPlan: { demand: null, shipments: null, production: null, revenue: null },
      inventoryValue: null,
    });
  });
});
