import { describe, expect, it } from 'vitest';
import { IncrementalReconciler, reconcile } from '../../../../shared/engine/index.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const family = (id: string, extra: Record<string, number> = {}) => ({
  id,
  name: `Family ${id}`,
  price: 10,
  unitCost: 6,
  openingInventory: 0,
  ...extra,
});

describe('engine edge cases', () => {
  it('cover goes on past the horizon at the average demand of its last three months', () => {
    const periods = months('2026-12', 4);
    const plan = makePlan({
      periods,
      families: [family('A', { openingInventory: 100 })],
      demand: { A: row(periods, [10, 20, 0, 0]) },
    });
    const rows = reconcile(plan).families[0].rows;
    expect(rows.map((r) => r.projectedInventory)).toEqual([90, 70, 70, 70]);
    // Average of the last three months: 20 / 3. Month 1: 3 months left (20 units), then
    // the 70 left over last 70 / (20 / 3) = 10.5 months.
    expect(rows.map((r) => r.cover)).toEqual([13.5, 12.5, 11.5, 10.5]);
  });

  it('cover is null only when the last three months have no demand', () => {
    const periods = months('2026-12', 4);
    const plan = makePlan({
      periods,
      families: [family('A', { openingInventory: 100 })],
      demand: { A: row(periods, [30, 0, 0, 0]) },
    });
    const rows = reconcile(plan).families[0].rows;
    expect(rows.map((r) => r.cover)).toEqual([null, null, null, null]);
  });

  it('one period: stock left at the end of the horizon has null cover', () => {
    const periods = months('2026-12', 1);
    const plan = makePlan({ periods, families: [family('A', { openingInventory: 5 })] });
    const [r] = reconcile(plan).families[0].rows;
    expect(r.cover).toBeNull();
    expect(r.status).toBe('ok');
  });

  it('a future month with zero demand is skipped when counting cover', () => {
    const periods = months('2026-12', 4);
    const plan = makePlan({
      periods,
      families: [family('A', { openingInventory: 50 })],
      demand: { A: row(periods, [0, 20, 0, 60]) },
    });
    // End of month 1: 50 covers month 2 (20), month 3 (0), and 30 of month 4's 60.
    expect(reconcile(plan).families[0].rows[0].cover).toBe(2.5);
  });

  it('status: shortage, then below safety stock, then overstock, else ok', () => {
    const periods = months('2026-12', 6);
    const plan = makePlan({
      periods,
      families: [family('A', { openingInventory: 10, safetyStock: 15, maxCover: 2 })],
      demand: { A: row(periods, [20, 0, 0, 10, 10, 30]) },
      supply: { A: row(periods, [0, 15, 20, 0, 0, 0]) },
    });
    const rows = reconcile(plan).families[0].rows;
    expect(rows.map((r) => r.projectedInventory)).toEqual([-10, 5, 25, 15, 5, -25]);
    expect(rows.map((r) => r.status)).toEqual([
      'shortage',
      'belowSafetyStock',
      'overstock',
      'ok',
      'belowSafetyStock',
      'shortage',
    ]);
    expect(rows[2].cover).toBeCloseTo(2 + 5 / 30, 12);
    expect(rows[3].cover).toBeCloseTo(1 + 5 / 30, 12);
  });

  it('no maxCover means no overstock check, and safety stock defaults to 0', () => {
    const periods = months('2026-12', 2);
    const plan = makePlan({
      periods,
      families: [family('A', { openingInventory: 1000 })],
      demand: { A: row(periods, [1, 1]) },
    });
    expect(reconcile(plan).families[0].rows.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(reconcile(plan).gaps).toEqual([]);
  });

  it('capacity 0: utilization is null and the whole load is overload', () => {
    const periods = months('2026-12', 2);
    const plan = makePlan({
      periods,
      loads: [{ family: 'A', resource: 'L1', hoursPerUnit: 2 }],
      supply: { A: row(periods, [5, 0]) },
    });
    const rows = reconcile(plan).resources[0].rows;
    expect(rows).toEqual([
      { period: '2026-12', load: 10, capacity: 0, utilization: null, overload: 10 },
      { period: '2027-01', load: 0, capacity: 0, utilization: null, overload: 0 },
    ]);
    const [gap] = reconcile(plan).gaps.filter((g) => g.kind === 'overload');
    expect(gap).toEqual({
      id: 'overload:L1:2026-12',
      kind: 'overload',
      subject: 'L1',
      period: '2026-12',
      last: '2026-12',
      peak: '2026-12',
      amount: 10,
      value: 50,
    });
  });

  it('overload value shares the money of the supply on the resource by the overload', () => {
    const periods = months('2026-12', 1);
    const plan = makePlan({
      periods,
      families: [
        family('A', { price: 10 }),
        family('B', { price: 30 }),
        family('C', { price: 99 }),
      ],
      loads: [
        { family: 'A', resource: 'L1', hoursPerUnit: 1 },
        { family: 'B', resource: 'L1', hoursPerUnit: 1 },
        { family: 'C', resource: 'L1', hoursPerUnit: 0 },
      ],
      supply: { A: row(periods, [60]), B: row(periods, [40]), C: row(periods, [500]) },
      demand: { A: row(periods, [60]), B: row(periods, [40]), C: row(periods, [500]) },
      capacity: { L1: row(periods, [80]) },
    });
    const [gap] = reconcile(plan).gaps;
    // (60*10 + 40*30) * 20 / 100; C needs no hours on L1 and does not count.
    expect(gap).toMatchObject({ kind: 'overload', amount: 20, value: 360 });
  });

  it('a family with no loads, and a resource with no families, reconcile cleanly', () => {
    const periods = months('2026-12', 2);
    const plan = makePlan({
      periods,
      supply: { A: row(periods, [10, 10]) },
      capacity: { L1: row(periods, [5, 5]) },
    });
    const result = reconcile(plan);
    expect(result.resources[0].rows.map((r) => [r.load, r.utilization, r.overload])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('no history: accuracy has no points and every measure is null', () => {
    const accuracy = reconcile(makePlan()).accuracy;
    const empty = {
      points: 0,
      wmape: null,
      mape: null,
      bias: null,
      mad: null,
      trackingSignal: null,
      trackingPoints: 0,
      windowBias: null,
      alarm: false,
      fva: null,
    };
    expect(accuracy).toEqual({
      families: { A: { ...empty, lag: 0, lagSet: 1 } },
      total: { ...empty, lag: 0, lagSet: 0, inAlarm: 0, tracked: 0 },
    });
  });

  it('history with zero actuals gives null ratios instead of dividing by zero', () => {
    const plan = makePlan({ history: { A: { '2026-10': { actual: 0, forecast: 0 } } } });
    expect(reconcile(plan).accuracy.families.A).toEqual({
      points: 1,
      wmape: null,
      mape: null,
      bias: null,
      mad: 0,
      trackingSignal: null,
      trackingPoints: 1,
      windowBias: null,
      alarm: false,
      fva: null,
      lag: 0,
      lagSet: 1,
    });
  });

  it('60 periods reconcile, with months across a year boundary', () => {
    const periods = months('2026-12', 60);
    const plan = makePlan({
      periods,
      demand: {
        A: row(
          periods,
          periods.map(() => 1),
        ),
      },
      supply: {
        A: row(
          periods,
          periods.map(() => 1),
        ),
      },
    });
    const result = reconcile(plan);
    expect(result.periods.at(-1)).toBe('2031-11');
    expect(result.families[0].rows).toHaveLength(60);
    expect(result.totals.at(-1)).toMatchObject({ period: '2031-11', demand: 1, shipments: 1 });
  });

  it('orders gaps by value, then first month, then kind (excess last), then subject id', () => {
    const periods = months('2026-12', 2);
    const plan = makePlan({
      periods,
      families: [
        family('B'),
        family('A'),
        family('C', { price: 1 }),
        family('D', { unitCost: 1, openingInventory: 10, maxCover: 1 }),
      ],
      demand: { A: row(periods, [1, 0]), B: row(periods, [1, 0]), C: row(periods, [0, 10]) },
      budget: { A: row(periods, [0, 10]), C: row(periods, [0, 10]) },
    });
    // Every gap is worth 10: A and B one shortage each over both months (peak 1 × 10),
    // D 10 units above a target of 0 at a unit cost of 1, C a shortage of 10 × 1 from the
    // second month, and A and C 10 below budget there.
    const gaps = reconcile(plan).gaps;
    expect(gaps.map((g) => [g.id, g.value])).toEqual([
      ['shortage:A:2026-12', 10],
      ['shortage:B:2026-12', 10],
      ['excessInventory:D:2026-12', 10],
      ['shortage:C:2027-01', 10],
      ['belowBudget:A:2027-01', 10],
      ['belowBudget:C:2027-01', 10],
    ]);
  });

  it('orders gap values that differ only in their last digits exactly', () => {
    const periods = months('2026-12', 1);
    const plan = makePlan({
      periods,
      families: [family('A'), family('B'), family('C')],
      budget: {
        A: row(periods, [100_000_000.25]),
        B: row(periods, [100_000_000.5]),
        C: row(periods, [100_000_000.375]),
      },
    });
    expect(reconcile(plan).gaps.map((g) => [g.subject, g.value])).toEqual([
      ['B', 100_000_000.5],
      ['C', 100_000_000.375],
      ['A', 100_000_000.25],
    ]);
  });

  it('families and resources come out in input order', () => {
    const plan = makePlan({
      families: [family('Z'), family('A'), family('M')],
      resources: [
        { id: 'R2', name: 'Two' },
        { id: 'R1', name: 'One' },
      ],
    });
    const result = reconcile(plan);
    expect(result.families.map((f) => f.id)).toEqual(['Z', 'A', 'M']);
    expect(result.resources.map((r) => r.id)).toEqual(['R2', 'R1']);
  });

  it('reconcile does not modify the plan', () => {
    const plan = makePlan({ demand: { A: { '2026-12': 4 } } });
    const before = JSON.stringify(plan);
    const incremental = new IncrementalReconciler(plan);
    incremental.apply({ kind: 'price', family: 'A', value: 99 });
    reconcile(plan);
    expect(JSON.stringify(plan)).toBe(before);
  });

  it('keeps every number exactly, whole or fractional, in every edit', () => {
    const periods = months('2026-12', 3);
    // Whole units fit a single-precision grid; 0.1 and 2^24 + 1 do not, and must not round.
    const plan = makePlan({
      periods,
      demand: { A: row(periods, [4, 16_777_217, 7]) },
      supply: { A: row(periods, [3, 5, 9]) },
      capacity: { L1: row(periods, [100, 100, 100]) },
    });
    expect(reconcile(plan).families[0].rows[1].demand).toBe(16_777_217);
    const incremental = new IncrementalReconciler(plan);
    incremental.apply([
      { kind: 'supply', family: 'A', period: periods[0], value: 0.1 },
      { kind: 'capacity', resource: 'L1', period: periods[2], value: 33.3 },
    ]);
    const edited = {
      ...plan,
      supply: { A: row(periods, [0.1, 5, 9]) },
      capacity: { L1: row(periods, [100, 100, 33.3]) },
    };
    expect(JSON.stringify(incremental.result)).toBe(JSON.stringify(reconcile(edited)));
    expect(incremental.result.families[0].rows[0].supply).toBe(0.1);
    expect(incremental.result.resources[0].rows[2].capacity).toBe(33.3);
  });

  it('the incremental reconciler rejects bad edits and changes nothing', () => {
    const incremental = new IncrementalReconciler(makePlan());
    const before = JSON.stringify(incremental.result);
    expect(() =>
      incremental.apply({ kind: 'demand', family: 'F9', period: '2026-12', value: 1 }),
    ).toThrow('unknown family "F9"');
    expect(() =>
      incremental.apply({ kind: 'capacity', resource: 'L9', period: '2026-12', value: 1 }),
    ).toThrow('unknown resource "L9"');
    expect(() =>
      incremental.apply({ kind: 'supply', family: 'A', period: '2031-01', value: 1 }),
    ).toThrow('"2031-01" is not one of the plan\'s periods');
    expect(() =>
      incremental.apply([
        { kind: 'demand', family: 'A', period: '2026-12', value: 5 },
        { kind: 'demand', family: 'A', period: '2026-12', value: -1 },
      ]),
    ).toThrow('demand must be a finite number >= 0, got -1');
    expect(JSON.stringify(incremental.result)).toBe(before);
  });
});
