import { describe, expect, it } from 'vitest';
import {
  closeCycle,
  createCycleDoc,
  cycleHash,
  docToPlan,
  exportCycle,
  importCycle,
  importPlan,
  readPlan,
  rollOverPlan,
  setCell,
  startNextCycle,
} from '../../../../shared/doc/index.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const PERIODS = months('2026-12', 3);

/** Two families: A ends the first month 442 short as planned, B ends it with stock. */
const PLAN = makePlan({
  periods: PERIODS,
  families: [
    { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 58 },
    { id: 'B', name: 'Garden hoses', price: 12, unitCost: 7, openingInventory: 100 },
  ],
  demand: { A: row(PERIODS, [500, 100, 100]), B: row(PERIODS, [40, 40, 40]) },
  supply: { A: row(PERIODS, [0, 600, 100]), B: row(PERIODS, [30, 40, 40]) },
  budget: { A: row(PERIODS, [5000, 1000, 1000]) },
  marginBudget: { A: row(PERIODS, [2000, 400, 400]) },
  actuals: { A: { '2026-11': { ordered: 480, shipped: 470, onHand: 58, backorders: 0 } } },
  settings: { budgetTolerance: 0.05 },
});

describe('the roll-over reads facts', () => {
  it('ROLL-1: a family whose ended month records on hand 0 and backorders 442 opens at -442', () => {
    const next = rollOverPlan(PLAN, { B: { onHand: 0, backorders: 442, shipped: 40 } });
    expect(next.families.find((f) => f.id === 'B')?.openingInventory).toBe(-442);
    // The facts join the actuals of the next cycle; the earlier ones stay.
    expect(next.actuals).toEqual({
      A: PLAN.actuals!.A,
      B: { '2026-12': { onHand: 0, backorders: 442, shipped: 40 } },
    });
    // Its first month's shipments serve the 442 units owed first.
    const b = reconcile(next).families.find((f) => f.id === 'B')!;
    expect(b.rows[0].projectedInventory).toBe(-442 + 40 - 40);
    expect(b.rows[0].backlog).toBe(442);
  });

  it('opens a family projected at -442 with no actuals at -442, not 0', () => {
    expect(reconcile(PLAN).families[0].rows[0].projectedInventory).toBe(-442);
    const next = rollOverPlan(PLAN);
    expect(next.families.find((f) => f.id === 'A')?.openingInventory).toBe(-442);
    // The plan file takes a negative opening inventory: it imports and reads back.
    const doc = createCycleDoc();
    importPlan(doc, next);
    expect(docToPlan(doc).families[0].openingInventory).toBe(-442);
  });

  it('uses the projection when the actuals record only one of on hand and backorders', () => {
    const onlyOnHand = rollOverPlan(PLAN, { A: { onHand: 30 } });
    const onlyBackorders = rollOverPlan(PLAN, { A: { backorders: 12 } });
    expect(onlyOnHand.families[0].openingInventory).toBe(-442);
    expect(onlyBackorders.families[0].openingInventory).toBe(-442);
    // Recorded on hand with backorders of 0 is a fact: the family opens with its stock.
    expect(rollOverPlan(PLAN, { A: { onHand: 30, backorders: 0 } }).families[0]).toMatchObject({
      openingInventory: 30,
    });
  });

  it('moves the ended month into history with what the plan had for it', () => {
    const next = rollOverPlan(PLAN);
    const shipped = reconcile(PLAN).families.map((f) => f.rows[0].shipments);
    expect(shipped).toEqual([58, 40]);
    expect(next.history).toEqual({
      A: { '2026-12': { forecast: 500, plannedSupply: 0, plannedShipments: 58 } },
      B: { '2026-12': { forecast: 40, plannedSupply: 30, plannedShipments: 40 } },
    });
    // Budgets carry for the months both horizons cover; settings carry whole.
    expect(next.marginBudget).toEqual({ A: { '2027-01': 400, '2027-02': 400 } });
    expect(next.budget).toEqual({ A: { '2027-01': 1000, '2027-02': 1000 } });
    expect(next.settings).toEqual({ budgetTolerance: 0.05 });
  });

  it('starts the next cycle from the facts recorded in the closing one', async () => {
    const from = createCycleDoc();
    importPlan(from, PLAN, 'S&OP 2026-12');
    // December's facts, entered as December ends: the first month of this horizon.
    setCell(from, 'actualsOnHand', 'A', '2026-12', 0);
    setCell(from, 'actualsBackorders', 'A', '2026-12', 442);
    setCell(from, 'actualsOnHand', 'B', '2026-12', 75);
    expect(readPlan(from).endingActuals).toEqual({
      A: { onHand: 0, backorders: 442 },
      B: { onHand: 75 },
    });
    // The cycle file keeps them beside the plan, and imports them again.
    const copy = createCycleDoc();
    importCycle(copy, exportCycle(from));
    expect(readPlan(copy).endingActuals).toEqual(readPlan(from).endingActuals);

    const hash = await cycleHash(from);
    closeCycle(from, {
      closedAt: '2026-12-31T17:00:00.000Z',
      closedBy: 'Ana',
      hash,
      nextCycle: '2027-01',
    });
    const to = createCycleDoc();
    startNextCycle(from, to, hash);
    const next = docToPlan(to);
    expect(next.families.map((f) => f.openingInventory)).toEqual([-442, 90]);
    expect(next.actuals).toEqual({
      A: { ...PLAN.actuals!.A, '2026-12': { onHand: 0, backorders: 442 } },
      B: { '2026-12': { onHand: 75 } },
    });
    expect(readPlan(to).endingActuals).toBeUndefined();
  });

  it("refuses actuals of a month that has not ended, and takes the horizon's first", () => {
    const doc = createCycleDoc();
    importPlan(doc, PLAN);
    expect(() => setCell(doc, 'actualsProduced', 'A', '2027-01', 5)).toThrow(/has not ended/);
    setCell(doc, 'actualsProduced', 'A', '2026-12', 5);
    setCell(doc, 'actualsProduced', 'A', '2025-03', 7);
    expect(docToPlan(doc).actuals?.A['2025-03']).toEqual({ produced: 7 });
  });
});
