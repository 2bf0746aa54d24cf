import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';
import {
  ACTUALS_COLUMNS,
  EndingActuals,
  actualsHeader,
  endingOutlook,
  sameFacts,
} from '../../../../client/src/state/ending-actuals.svelte.ts';
import { SheetController } from '../../../../client/src/state/plan-grid.svelte.ts';
import {
  docToPlan,
  importPlan,
  readPlan,
  rollOverPlan,
  setCell,
  type CycleDoc,
} from '../../../../shared/doc/index.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

/** Two families; A runs 40 units short in the first month. */
function twoFamilies() {
  return makePlan({
    periods: ['2026-12', '2027-01', '2027-02'],
    families: [
      { id: 'A', name: 'Kettles', price: 10, unitCost: 6, openingInventory: 10 },
      { id: 'B', name: 'Toasters', price: 20, unitCost: 12, openingInventory: 100 },
    ],
    demand: { A: { '2026-12': 50 }, B: { '2026-12': 30 } },
    supply: { B: { '2026-12': 10 } },
  });
}

/** A session over a real document whose plan version moves with every change. */
function session(readOnly = false) {
  const doc = new Y.Doc() as unknown as CycleDoc;
  importPlan(doc, twoFamilies());
  let version = 0;
  (doc as unknown as Y.Doc).on('afterTransaction', () => version++);
  const fake = {
    doc,
    get live() {
      return { version, plan: docToPlan(doc), result: null, problem: null };
    },
    isReadOnly: readOnly,
    act(command: (doc: CycleDoc) => unknown) {
      try {
        return { ok: true, value: command(doc) };
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        return { ok: false, error: error.message, issues: error.issues };
      }
    },
    setFocus() {},
    undo() {},
    redo() {},
  } as unknown as CycleSession;
  return { doc, fake };
}

describe('the facts of the month that is ending', () => {
  it('reads the columns in words with their units', () => {
    expect(ACTUALS_COLUMNS.map((column) => actualsHeader(column, 'EUR'))).toEqual([
      'Ordered (units)',
      'Shipped (units)',
      'Shipped on time (units)',
      'Orders (count)',
      'Orders on time and in full (count)',
      'Produced (units)',
      'On hand (units)',
      'Backorders (units)',
      'Revenue budget (EUR)',
      'Margin budget (EUR)',
    ]);
  });

  it('opens each family with on hand less backorders where both are recorded, else projected', () => {
    const plan = twoFamilies();
    const projected = reconcile(plan).families.map((f) => f.rows[0].projectedInventory);
    expect(projected).toEqual([-40, 80]);
    const outlook = endingOutlook(plan, {
      A: { onHand: 0, backorders: 42, ordered: 50, shippedOnTime: 10, orders: 4 },
      B: { onHand: 70 },
    });
    expect(outlook.month).toBe('2026-12');
    expect(outlook.openings).toEqual([
      { id: 'A', name: 'Kettles', opening: -42, source: 'facts' },
      { id: 'B', name: 'Toasters', opening: 80, source: 'projected' },
    ]);
    // The engine's reading of the same facts once the month has ended.
    expect(outlook.performance.endedMonth).toBe('2026-12');
    expect(outlook.performance.families[0].unitFillRate).toBeCloseTo(0.2);
    expect(outlook.performance.total.inventoryValue).toBe(70 * 12);
    // What the roll-over itself opens the next cycle with.
    expect(rollOverPlan(plan, { A: { onHand: 0, backorders: 42 } }).families[0]).toMatchObject({
      openingInventory: -42,
    });
  });

  it('types, clears and pastes facts into the cycle, kept apart from the ended months', () => {
    const { doc, fake } = session();
    const actuals = new EndingActuals(() => fake);
    const grid = new SheetController(actuals.model);
    expect(actuals.month).toBe('2026-12');
    expect(actuals.entries).toEqual({ A: {}, B: {} });

    // On hand of Kettles: the seventh column.
    grid.activate({ group: 'A', row: 0, col: 6 });
    grid.startEdit('5');
    expect(grid.commit(0, 1)).toBe(true);
    grid.startEdit('45');
    expect(grid.commit()).toBe(true);
    expect(actuals.entries.A).toEqual({ onHand: 5, backorders: 45 });
    expect(readPlan(doc).endingActuals).toEqual({ A: { onHand: 5, backorders: 45 } });
    expect(docToPlan(doc).actuals).toBeUndefined();

    // A block from Ordered across Shipped and Shipped on time, over both families: one write.
    let transactions = 0;
    (doc as unknown as Y.Doc).on('afterTransaction', () => transactions++);
    grid.activate({ group: 'A', row: 0, col: 0 });
    grid.paste('50\t40\t30\n20\t20\t20');
    expect(grid.message).toBeNull();
    expect(transactions).toBe(1);
    expect(actuals.entries.B).toEqual({ ordered: 20, shipped: 20, shippedOnTime: 20 });

    // A refused number writes nothing and says why.
    grid.activate({ group: 'B', row: 0, col: 7 });
    grid.startEdit('-3');
    expect(grid.commit()).toBe(false);
    expect(grid.edit?.error).toMatch(/Backorders cannot be negative|must be/);
    grid.cancel();

    // Delete clears the cell: not recorded again.
    grid.activate({ group: 'A', row: 0, col: 7 });
    grid.clear();
    expect(actuals.entries.A.backorders).toBeUndefined();

    // What they give, as the roll-over will read the facts.
    const outlook = actuals.outlook!;
    expect(outlook.openings.map((o) => [o.id, o.opening, o.source])).toEqual([
      ['A', -40, 'projected'],
      ['B', 80, 'projected'],
    ]);
    expect(outlook.performance.families[0].unitFillRate).toBeCloseTo(30 / 50);
    expect(outlook.recorded).toBe(2);
    expect(actuals.entryOf('B')).toBe(actuals.entryOf('B'));
  });

  it("keeps a family's entry, the same object, through edits that leave its facts alike", () => {
    const { doc, fake } = session();
    const actuals = new EndingActuals(() => fake);
    const grid = new SheetController(actuals.model);
    grid.activate({ group: 'A', row: 0, col: 0 });
    grid.startEdit('12');
    expect(grid.commit()).toBe(true);
    const kettles = actuals.entryOf('A');
    expect(kettles).toEqual({ ordered: 12 });

    // Another family's fact, then a plan number: Kettles reads as before, as the same object.
    grid.activate({ group: 'B', row: 0, col: 1 });
    grid.startEdit('7');
    expect(grid.commit()).toBe(true);
    setCell(doc, 'demand', 'A', '2027-01', 99);
    expect(actuals.entryOf('A')).toBe(kettles);
    expect(actuals.entryOf('B')).toEqual({ shipped: 7 });

    // Its own fact changes: a new entry with the new number.
    grid.activate({ group: 'A', row: 0, col: 0 });
    grid.startEdit('13');
    expect(grid.commit()).toBe(true);
    expect(actuals.entryOf('A')).not.toBe(kettles);
    expect(actuals.entryOf('A')).toEqual({ ordered: 13 });
  });

  it('tells facts apart field by field', () => {
    expect(sameFacts({ ordered: 1, shipped: 2 }, { shipped: 2, ordered: 1 })).toBe(true);
    expect(sameFacts({ ordered: 1 }, { ordered: 2 })).toBe(false);
    expect(sameFacts({ ordered: 1 }, { ordered: 1, shipped: 0 })).toBe(false);
    expect(sameFacts({}, {})).toBe(true);
  });

  it('a person who may not change the plan cannot type into it', () => {
    const { fake } = session(true);
    const actuals = new EndingActuals(() => fake);
    const grid = new SheetController(actuals.model);
    grid.activate({ group: 'A', row: 0, col: 0 });
    expect(grid.startEdit('4')).toBe(false);
  });
});
