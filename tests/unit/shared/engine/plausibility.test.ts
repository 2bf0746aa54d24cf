import { describe, expect, it } from 'vitest';
import {
  checkCell,
  checkPlanNumber,
  MAX_PLAN_NUMBER,
  screenCells,
  type PlausibilityPlan,
} from '../../../../shared/engine/plausibility.ts';

const kettles = (value: number | null, others: number[] = [1200, 800, 0]) =>
  checkCell({ grid: 'demand', name: 'Kettles', others, value });

describe('checkCell: a number a planner means', () => {
  it('takes zero and an empty cell in any row', () => {
    expect(kettles(0)).toEqual({ ok: true });
    expect(kettles(null)).toEqual({ ok: true });
    expect(kettles(0, [])).toEqual({ ok: true });
  });

  it('refuses a number above 10^12 and takes exactly 10^12', () => {
    expect(kettles(MAX_PLAN_NUMBER, [])).toEqual({ ok: true });
    expect(kettles(MAX_PLAN_NUMBER + 1, [])).toEqual({
      ok: false,
      reason: 'tooLarge',
      message: '1,000,000,000,001 is above the largest number a plan takes, 1,000,000,000,000.',
    });
    expect(kettles(Number('9'.repeat(20)), [])).toMatchObject({
      ok: false,
      reason: 'tooLarge',
      message:
        '100,000,000,000,000,000,000 is above the largest number a plan takes, 1,000,000,000,000.',
    });
  });

  it('refuses more than 1,000 times the largest other non-zero cell, and takes exactly 1,000 times', () => {
    expect(kettles(1_200_000)).toEqual({ ok: true });
    expect(kettles(1_200_001)).toEqual({
      ok: false,
      reason: 'outOfScale',
      message:
        '1,200,001 is more than 1,000 times the largest other Kettles demand (1,200): check the number.',
    });
    expect(kettles(12_000_000).ok).toBe(false);
    expect(
      checkCell({ grid: 'budget', name: 'Kettles', others: [0.5, 0.25], value: 500.5 }),
    ).toMatchObject({
      ok: false,
      message:
        '500.5 is more than 1,000 times the largest other Kettles budget (0.5): check the number.',
    });
    expect(
      checkCell({ grid: 'capacity', name: 'Line 1', others: [160, 0, 120], value: 160_000 }),
    ).toEqual({ ok: true });
  });

  it('has only the upper bound when the row has no other non-zero cell', () => {
    expect(kettles(900_000_000_000, [0, 0, 0])).toEqual({ ok: true });
    expect(kettles(900_000_000_000, [])).toEqual({ ok: true });
    expect(kettles(2e12, [0, 0]).ok).toBe(false);
  });

  it('refuses negative and non-finite numbers as before', () => {
    expect(kettles(-3)).toEqual({
      ok: false,
      reason: 'negative',
      message: 'Demand cannot be negative: \u22123.',
    });
    expect(kettles(Number.NaN)).toMatchObject({ ok: false, reason: 'notFinite' });
    expect(kettles(Number.POSITIVE_INFINITY)).toMatchObject({ ok: false, reason: 'notFinite' });
  });
});

describe('checkPlanNumber: a setup number', () => {
  it('has the bound and refuses negatives, naming the field', () => {
    expect(checkPlanNumber(12.5, 'Price')).toEqual({ ok: true });
    expect(checkPlanNumber(MAX_PLAN_NUMBER, 'Price')).toEqual({ ok: true });
    expect(checkPlanNumber(1e13, 'Price')).toMatchObject({ ok: false, reason: 'tooLarge' });
    expect(checkPlanNumber(-1, 'Unit cost')).toMatchObject({
      ok: false,
      message: 'Unit cost cannot be negative: \u22121.',
    });
  });
});

describe('screenCells: a typed cell or a pasted block against its row', () => {
  const plan: PlausibilityPlan = {
    periods: ['2027-01', '2027-02', '2027-03', '2027-04'],
    families: [
      { id: 'K', name: 'Kettles', price: 30, unitCost: 20, openingInventory: 0 },
      { id: 'T', name: 'Toasters', price: 40, unitCost: 25, openingInventory: 0 },
    ],
    resources: [{ id: 'L1', name: 'Line 1' }],
    demand: { K: { '2027-01': 1200, '2027-02': 900 } },
    supply: {},
    capacity: { L1: { '2027-01': 160 } },
    budget: {},
  };

  it('checks a cell against the other months of its row, itself left out', () => {
    // The largest cell itself may go up to 1,000 times the row's next largest, 900.
    const raise = (value: number) =>
      screenCells(plan, [{ grid: 'demand', id: 'K', month: '2027-01', value }]).refused;
    expect(raise(900_000)).toEqual([]);
    expect(raise(900_001).map((r) => r.message)).toEqual([
      '900,001 is more than 1,000 times the largest other Kettles demand (900): check the number.',
    ]);
    const { accepted, refused } = screenCells(plan, [
      { grid: 'demand', id: 'K', month: '2027-03', value: 1_200_001 },
      { grid: 'capacity', id: 'L1', month: '2027-02', value: 160_001 },
      { grid: 'demand', id: 'T', month: '2027-01', value: 5e11 },
    ]);
    expect(accepted.map((w) => `${w.id} ${w.month}`)).toEqual(['T 2027-01']);
    expect(refused.map((r) => r.message)).toEqual([
      '1,200,001 is more than 1,000 times the largest other Kettles demand (1,200): check the number.',
      '160,001 is more than 1,000 times the largest other Line 1 capacity (160): check the number.',
    ]);
  });

  it('reads the row as the whole block leaves it: cleared cells no longer count', () => {
    const { accepted, refused } = screenCells(plan, [
      { grid: 'demand', id: 'K', month: '2027-01', value: null },
      { grid: 'demand', id: 'K', month: '2027-02', value: 2 },
      { grid: 'demand', id: 'K', month: '2027-03', value: 2001 },
      { grid: 'demand', id: 'K', month: '2027-04', value: 2000 },
    ]);
    // 2001 is 1,000.5 times 2, yet 2000 is beside it in the block: the row is not out of scale.
    expect(refused).toEqual([]);
    expect(accepted).toHaveLength(4);
    const lonely = screenCells(plan, [
      { grid: 'demand', id: 'K', month: '2027-01', value: null },
      { grid: 'demand', id: 'K', month: '2027-02', value: 2 },
      { grid: 'demand', id: 'K', month: '2027-03', value: 2001 },
    ]);
    expect(lonely.refused.map((r) => r.write.month)).toEqual(['2027-03']);
  });

  it('checks again without a refused cell: it keeps its old value, not the one refused', () => {
    const { refused } = screenCells(plan, [
      { grid: 'supply', id: 'T', month: '2027-01', value: 1 },
      { grid: 'supply', id: 'T', month: '2027-02', value: 5000 },
      { grid: 'supply', id: 'T', month: '2027-03', value: 1e13 },
    ]);
    // 5,000 passes beside 10^13, but 10^13 is not written: beside 1 it is out of scale.
    expect(refused.map((r) => r.message)).toEqual([
      '5,000 is more than 1,000 times the largest other Toasters supply (1): check the number.',
      '10,000,000,000,000 is above the largest number a plan takes, 1,000,000,000,000.',
    ]);
  });

  it('fills an empty row against itself, and refuses above 10^12 in any row', () => {
    const { refused } = screenCells(plan, [
      { grid: 'supply', id: 'K', month: '2027-01', value: 10 },
      { grid: 'supply', id: 'K', month: '2027-02', value: 10_000 },
      { grid: 'supply', id: 'T', month: '2027-01', value: 10 },
      { grid: 'supply', id: 'T', month: '2027-03', value: 10_001 },
      { grid: 'budget', id: 'T', month: '2027-04', value: 1e15 },
    ]);
    expect(refused.map((r) => `${r.write.grid} ${r.write.month}`)).toEqual([
      'supply 2027-03',
      'budget 2027-04',
    ]);
  });
});
