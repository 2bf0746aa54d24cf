import { describe, expect, it } from 'vitest';
import { executionReport } from '../../../../../client/src/lib/meeting-panels/accuracy.ts';
import {
  addMonths,
  reconcile,
  type HistoryPoint,
  type Plan,
} from '../../../../../shared/engine/index.ts';
import { performance } from '../../../../../shared/engine/performance.ts';
import { makePlan, months } from '../../../../helpers/plan-builder.ts';

const PERIODS = months('2026-12', 3);
const ENDED = '2026-11';

/** History whose last `count` months up to the month just ended are over-forecast by `error`. */
function overForecast(count: number, error: number): Record<string, HistoryPoint> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      addMonths(ENDED, i + 1 - count),
      { actual: 100, forecast: 100 + error },
    ]),
  );
}

function twoFamilies(parts: Partial<Plan> = {}): Plan {
  return makePlan({
    periods: PERIODS,
    families: [
      { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 },
      { id: 'B', name: 'Garden hoses', price: 2, unitCost: 1, openingInventory: 0 },
    ],
    ...parts,
  });
}

describe('executionReport: service in the month just ended', () => {
  const plan = twoFamilies({
    history: {
      A: { [ENDED]: { plannedSupply: 100 } },
      B: { [ENDED]: { plannedSupply: 200 } },
    },
    actuals: {
      A: {
        [ENDED]: {
          ordered: 100,
          shippedOnTime: 75,
          orders: 4,
          ordersOnTimeInFull: 2,
          produced: 90,
        },
      },
      B: {
        [ENDED]: {
          ordered: 450,
          shippedOnTime: 450,
          orders: 9,
          ordersOnTimeInFull: 9,
          produced: 200,
        },
      },
    },
  });
  const result = reconcile(plan);

  it('shows the fill rates, OTIF and plan attainment the engine computes, in total', () => {
    const report = executionReport(plan, result);
    const measured = performance(plan);
    expect(report.endedMonth).toBe(ENDED);
    expect(report.service).toEqual({
      unitFillRate: measured.total.unitFillRate,
      valueFillRate: measured.total.valueFillRate,
      otif: measured.total.otif,
      planAttainment: measured.total.planAttainment,
      actualVsPlan: measured.total.actualVsPlan,
      inventoryValue: measured.total.inventoryValue,
    });
    // 525 of 550 units; orders 11 of 13; attainment at cost (90×6 + 200×1) / (100×6 + 200×1).
    expect(report.service?.unitFillRate).toBeCloseTo(525 / 550, 12);
    expect(report.service?.valueFillRate).toBeCloseTo((750 + 900) / (1000 + 900), 12);
    expect(report.service?.otif).toBeCloseTo(11 / 13, 12);
    expect(report.service?.planAttainment).toBeCloseTo(740 / 800, 12);
  });

  it('lists the families served least well first, by name', () => {
    const report = executionReport(plan, result);
    expect(report.serviceByFamily.map((family) => [family.name, family.unitFillRate])).toEqual([
      ['Cordless drills', 0.75],
      ['Garden hoses', 1],
    ]);
  });

  it('says nothing is recorded when the cycle has no actuals for the month', () => {
    const bare = twoFamilies();
    const report = executionReport(bare, reconcile(bare));
    expect(report.service).toBeNull();
    expect(report.serviceByFamily).toEqual([]);
  });

  it('does not read actuals of an earlier month as the month just ended', () => {
    const earlier = twoFamilies({
      actuals: { A: { '2026-10': { ordered: 100, shippedOnTime: 50 } } },
    });
    expect(executionReport(earlier, reconcile(earlier)).service).toBeNull();
  });
});

describe('executionReport: tracking signals per family, never pooled', () => {
  // A: 6 months over-forecast, signal +6 (alarm); B: 4 months, signal +4 (cannot pass ±4).
  const plan = twoFamilies({ history: { A: overForecast(6, 10), B: overForecast(4, 10) } });
  const result = reconcile(plan);
  const report = executionReport(plan, result);

  it('counts the families in alarm out of those tracked, alarms first', () => {
    expect(report.alarms).toBe(1);
    expect(report.tracked).toBe(2);
    expect(
      report.families.map((family) => [family.id, family.trackingSignal, family.alarm]),
    ).toEqual([
      ['A', 6, true],
      ['B', 4, false],
    ]);
    expect(result.accuracy.total.trackingSignal).toBeNull();
  });

  it('gives the window bias beside the signal and the bias over all history apart', () => {
    const a = report.families[0];
    expect(a.windowBias).toBeCloseTo(0.1, 12);
    expect(a.bias).toBeCloseTo(0.1, 12);
    expect(a.trackingPoints).toBe(6);
  });

  it('says how many families have too few points for their signal to pass the limit', () => {
    expect(report.limit).toBe(4);
    expect(report.window).toBe(6);
    expect(report.pointsToAlarm).toBe(5);
    expect(report.tooFewPoints).toBe(1);
  });

  it('reads the limit and window from the plan settings', () => {
    const strict = { ...plan, settings: { trackingLimit: 2.5, trackingWindow: 3 } };
    const tight = executionReport(strict, reconcile(strict));
    expect(tight.limit).toBe(2.5);
    expect(tight.pointsToAlarm).toBe(3);
    expect(tight.tooFewPoints).toBe(0);
    expect(tight.alarms).toBe(2);
    expect(tight.families.every((family) => family.trackingPoints === 3)).toBe(true);
  });
});

describe('executionReport: the lag each family is judged at', () => {
  it('counts families per lag and those judged at lag 0 for want of snapshots', () => {
    const plan = twoFamilies({
      history: {
        A: { [ENDED]: { actual: 100, forecast: 90 } },
        B: { [ENDED]: { actual: 200, forecast: 210 } },
      },
      forecastSnapshots: [
        {
          cycle: addMonths(ENDED, -1),
          families: { A: { [ENDED]: { baseline: 105, adjustments: {}, consensus: 110 } } },
        },
      ],
    });
    const report = executionReport(plan, reconcile(plan));
    const byId = new Map(report.families.map((family) => [family.id, family]));
    // A: the consensus frozen a month before (110 against 100); B: its own month's 210.
    expect(byId.get('A')).toMatchObject({ lag: 1, lagSet: 1, wmape: 0.1 });
    expect(byId.get('B')).toMatchObject({ lag: 0, lagSet: 1, wmape: 0.05 });
    expect(report.lags).toEqual([
      { lag: 0, families: 1 },
      { lag: 1, families: 1 },
    ]);
    expect(report.lagZeroForWant).toBe(1);
  });
});
