import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  docToPlan,
  importCells,
  importPlan,
  setCell,
  setCellBlock,
  setCells,
} from '../../../../shared/doc/index.ts';
import { MAX_PLAN_NUMBER } from '../../../../shared/engine/plausibility.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';

function demoDoc() {
  const doc = new Y.Doc();
  const plan = generateDemoPlan({ families: 3, periods: 4, resources: 1, seed: 7 });
  importPlan(doc, plan);
  return { doc, plan };
}

const BOUND = 'must be at most 1,000,000,000,000, the largest number a plan takes';

describe('the cell commands refuse a number above the largest a plan takes', () => {
  it('setCell takes exactly 10^12 and refuses more with a command error, keeping the cell', () => {
    const { doc, plan } = demoDoc();
    const [family] = plan.families;
    const [month] = plan.periods;
    const before = docToPlan(doc).demand[family.id]?.[month];
    let error: unknown;
    try {
      setCell(doc, 'demand', family.id, month, Number('9'.repeat(20)));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toBe(`set demand: ${BOUND}`);
    expect(docToPlan(doc).demand[family.id]?.[month]).toBe(before);
    setCell(doc, 'capacity', plan.resources[0].id, month, MAX_PLAN_NUMBER);
    expect(docToPlan(doc).capacity[plan.resources[0].id][month]).toBe(MAX_PLAN_NUMBER);
  });

  it('a block, a paste of one grid and an import write nothing when one cell is too large', () => {
    const { doc, plan } = demoDoc();
    const [a, b] = plan.families;
    const [m0, m1] = plan.periods;
    const before = docToPlan(doc);
    expect(() =>
      setCellBlock(doc, [
        { grid: 'demand', id: a.id, month: m0, value: 5 },
        { grid: 'budget', id: b.id, month: m1, value: MAX_PLAN_NUMBER * 10 },
      ]),
    ).toThrow(BOUND);
    expect(() => setCells(doc, 'supply', [a.id], [m0, m1], [[1, 2e12]])).toThrow(BOUND);
    expect(() =>
      importCells(doc, [{ grid: 'actual', id: a.id, month: '2020-01', value: 1e13 }]),
    ).toThrow(BOUND);
    expect(docToPlan(doc)).toEqual(before);
  });
});
