import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  clearCell,
  createUndoTracker,
  docToPlan,
  importPlan,
  readEndingActuals,
  readPlan,
  setCell,
  setCellBlock,
} from '../../../../shared/doc/index.ts';
import { grid, pairKey } from '../../../../shared/doc/layout.ts';

function demoDoc() {
  const doc = new Y.Doc();
  const plan = generateDemoPlan({ families: 3, periods: 4, resources: 1, seed: 5 });
  importPlan(doc, plan);
  return { doc, plan };
}

describe('the facts of the month that is ending', () => {
  it('reads the same facts readPlan keeps apart, one lookup per family and field', () => {
    const { doc, plan } = demoDoc();
    const [a, b, c] = plan.families.map((family) => family.id);
    const month = plan.periods[0];
    setCell(doc, 'actualsOnHand', a, month, 120);
    setCell(doc, 'actualsBackorders', a, month, 30);
    setCell(doc, 'actualsOrdered', b, month, 50);
    // A value no client should have written is left out, as readPlan leaves it out.
    doc.transact(() => grid(doc, 'actualsShipped').set(pairKey(b, month), -4));
    // An ended month is not the month that is ending.
    setCell(doc, 'actualsOnHand', c, '2026-01', 9);
    const ids = plan.families.map((family) => family.id);
    expect(readEndingActuals(doc, ids, month)).toEqual({
      [a]: { onHand: 120, backorders: 30 },
      [b]: { ordered: 50 },
      [c]: {},
    });
    expect(readPlan(doc).endingActuals).toEqual({
      [a]: { onHand: 120, backorders: 30 },
      [b]: { ordered: 50 },
    });
    clearCell(doc, 'actualsOnHand', a, month);
    expect(readEndingActuals(doc, [a], month)).toEqual({ [a]: { backorders: 30 } });
  });

  it('a pasted block fills margin budgets and facts with one undo step', () => {
    const { doc, plan } = demoDoc();
    const [a, b] = plan.families.map((family) => family.id);
    const month = plan.periods[0];
    const undo = createUndoTracker(doc);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    setCellBlock(doc, [
      { grid: 'marginBudget', id: a, month: plan.periods[1], value: 420 },
      { grid: 'actualsOnHand', id: a, month, value: 100 },
      { grid: 'actualsBackorders', id: b, month, value: 7 },
      { grid: 'budget', id: b, month, value: null },
    ]);
    expect(transactions).toBe(1);
    expect(docToPlan(doc).marginBudget?.[a]?.[plan.periods[1]]).toBe(420);
    expect(readPlan(doc).endingActuals).toEqual({ [a]: { onHand: 100 }, [b]: { backorders: 7 } });
    expect(undo.undo()).toBe(true);
    expect(readPlan(doc).endingActuals).toBeUndefined();
    expect(docToPlan(doc).budget[b]?.[month]).toBe(plan.budget[b]?.[month]);
    // Facts of a month that has not ended are refused, and nothing is written.
    expect(() =>
      setCellBlock(doc, [
        { grid: 'actualsOnHand', id: a, month, value: 1 },
        { grid: 'actualsOnHand', id: b, month: plan.periods[1], value: 1 },
      ]),
    ).toThrow(`${plan.periods[1]} has not ended: actuals are of ended months`);
    expect(readPlan(doc).endingActuals).toBeUndefined();
    undo.destroy();
  });
});
