import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { CycleSession } from '../../../../client/src/state/cycle-session.svelte.ts';
import {
  setupColumnLabel,
  setupSheetColumns,
  setupSheetModel,
} from '../../../../client/src/state/plan-grid-models.svelte.ts';
import { SheetController } from '../../../../client/src/state/plan-grid.svelte.ts';
import { docToPlan, importPlan, type CycleDoc } from '../../../../shared/doc/index.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';
import { valueAddedPlan } from '../../../helpers/value-added-plan.ts';

/** The family setup sheet over a cycle of the value-added plan (B set to lag 2). */
function setupSheet() {
  const doc = new Y.Doc() as unknown as CycleDoc;
  importPlan(doc, valueAddedPlan());
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
  const families = ['A', 'B', 'C'];
  const grid = new SheetController(
    setupSheetModel({ session: () => session, familyIds: () => families }),
  );
  const col = setupSheetColumns(docToPlan(doc)).findIndex(
    (column) => setupColumnLabel(column) === 'Forecast lag',
  );
  return { doc, grid, col };
}

describe('the family setup sets the lag a family is judged at', () => {
  it('comes after the holding rate, before the hours per unit', () => {
    const { doc, col } = setupSheet();
    const labels = setupSheetColumns(docToPlan(doc)).map(setupColumnLabel);
    expect(labels.slice(col - 1)).toEqual([
      'Holding rate',
      'Forecast lag',
      'Minimum supply',
      'Maximum supply',
      'Hours per unit on Assembly line 1',
    ]);
  });

  it('takes a whole number of cycles from 0 to 6, and empty for the default', () => {
    const { doc, grid, col } = setupSheet();
    grid.activate({ group: 'B', row: 0, col });
    grid.startEdit();
    expect(grid.edit?.draft).toBe('2');
    grid.cancel();
    grid.startEdit('4');
    expect(grid.commit()).toBe(true);
    expect(docToPlan(doc).families[1].forecastLag).toBe(4);
    for (const refused of ['7', '1.5', '-1']) {
      grid.startEdit(refused);
      expect(grid.commit(), refused).toBe(false);
      expect(grid.edit?.error, refused).toMatch(/Forecast lag|must be/);
      grid.cancel();
    }
    expect(docToPlan(doc).families[1].forecastLag).toBe(4);
    grid.clear();
    expect(docToPlan(doc).families[1].forecastLag).toBeUndefined();
  });
});
