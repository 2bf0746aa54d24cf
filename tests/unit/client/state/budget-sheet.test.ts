import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import { budgetSheetModel } from '../../../../client/src/state/budget-sheet.svelte.ts';
import type { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';
import { setupSheetModel } from '../../../../client/src/state/plan-grid-models.svelte.ts';
import { SheetController } from '../../../../client/src/state/plan-grid.svelte.ts';
import { resourceSetupModel } from '../../../../client/src/state/resource-setup.svelte.ts';
import { docToPlan, importPlan, type CycleDoc } from '../../../../shared/doc/index.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

const format = createFormatters('EUR', 'en-US');

function cycle() {
  const doc = new Y.Doc() as unknown as CycleDoc;
  importPlan(
    doc,
    makePlan({
      periods: ['2026-12', '2027-01', '2027-02'],
      families: [
        { id: 'A', name: 'Kettles', price: 10, unitCost: 6, openingInventory: 10 },
        { id: 'B', name: 'Toasters', price: 20, unitCost: 12, openingInventory: 100 },
      ],
      resources: [{ id: 'L1', name: 'Line 1' }],
      budget: { A: { '2026-12': 1000 } },
    }),
  );
  let transactions = 0;
  (doc as unknown as Y.Doc).on('afterTransaction', () => transactions++);
  const session = {
    get live() {
      return { version: 0, plan: docToPlan(doc), result: null, problem: null };
    },
    isReadOnly: false,
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
  return { doc, session, writes: () => transactions };
}

describe('the budgets sheet', () => {
  it('types a margin budget beside the revenue budget; empty is no budget', () => {
    const { doc, session } = cycle();
    const grid = new SheetController(
      budgetSheetModel({
        session: () => session,
        familyIds: () => ['A', 'B'],
        format: () => format,
      }),
    );
    // Kettles' margin budget in January.
    grid.activate({ group: 'A', row: 1, col: 1 });
    grid.startEdit('420');
    expect(grid.commit()).toBe(true);
    expect(docToPlan(doc).marginBudget).toEqual({ A: { '2027-01': 420 } });
    // Far out of scale with the family's other margin budgets: refused, with the reason.
    grid.activate({ group: 'A', row: 1, col: 2 });
    grid.startEdit('900000');
    expect(grid.commit()).toBe(false);
    expect(grid.edit?.error).toBe(
      '900,000 is more than 1,000 times the largest other Kettles margin budget (420): check the number.',
    );
    grid.cancel();
    // The revenue budget row is the plan's budget: cleared, it is no budget (not 0).
    grid.activate({ group: 'A', row: 0, col: 0 });
    grid.clear();
    expect(docToPlan(doc).budget).toEqual({});
  });

  it('pastes a block across revenue and margin rows and families in one step', () => {
    const { doc, session, writes } = cycle();
    const grid = new SheetController(
      budgetSheetModel({
        session: () => session,
        familyIds: () => ['A', 'B'],
        format: () => format,
      }),
    );
    const before = writes();
    grid.activate({ group: 'A', row: 0, col: 0 });
    grid.paste('1200\t1300\n400\t450\n2000\t2100');
    expect(grid.message).toBeNull();
    expect(writes() - before).toBe(1);
    const plan = docToPlan(doc);
    expect(plan.budget).toEqual({
      A: { '2026-12': 1200, '2027-01': 1300 },
      B: { '2026-12': 2000, '2027-01': 2100 },
    });
    expect(plan.marginBudget).toEqual({ A: { '2026-12': 400, '2027-01': 450 } });
    grid.activate({ group: 'B', row: 1, col: 2 });
    grid.paste('1\t2');
    expect(grid.message).toMatch(/^The block is 2 months wide, but only 1 month is left/);
  });
});

describe('what levers cost', () => {
  it('a family’s holding rate is typed in percent; empty takes the plan’s setting', () => {
    const { doc, session } = cycle();
    const grid = new SheetController(
      setupSheetModel({ session: () => session, familyIds: () => ['A', 'B'] }),
    );
    // Price, unit cost, opening inventory, safety stock, max cover, then the holding rate.
    grid.activate({ group: 'B', row: 0, col: 5 });
    grid.startEdit('3.5');
    expect(grid.commit()).toBe(true);
    expect(docToPlan(doc).families[1].holdingRate).toBe(0.035);
    grid.startEdit();
    expect(grid.edit?.draft).toBe('3.5');
    grid.cancel();
    grid.startEdit('250');
    expect(grid.commit()).toBe(false);
    expect(grid.edit?.error).toMatch(/^Holding rate must be from 0% to 100%/);
    grid.cancel();
    grid.clear();
    expect(docToPlan(doc).families[1].holdingRate).toBeUndefined();
    // The loads come after it.
    expect(grid.copyText()).toBe('');
  });

  it('a resource’s cost per extra hour is typed in money; empty means free', () => {
    const { doc, session } = cycle();
    const grid = new SheetController(resourceSetupModel({ session: () => session }));
    grid.activate({ group: 'L1', row: 0, col: 0 });
    grid.startEdit('45.5');
    expect(grid.commit()).toBe(true);
    expect(docToPlan(doc).resources[0].extraHourCost).toBe(45.5);
    grid.clear();
    expect(docToPlan(doc).resources[0].extraHourCost).toBeUndefined();
  });
});
