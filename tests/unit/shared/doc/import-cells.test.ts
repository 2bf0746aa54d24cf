import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  createUndoTracker,
  docToPlan,
  importCells,
  importPlan,
  PlanProjection,
  readPlan,
  setCellBlock,
  type ImportCellWrite,
} from '../../../../shared/doc/index.ts';
import { reconcile } from '../../../../shared/engine/index.ts';

function demoDoc() {
  const doc = new Y.Doc();
  const plan = generateDemoPlan({ families: 5, periods: 6, resources: 2, seed: 11 });
  importPlan(doc, plan);
  return { doc, plan };
}

describe('importCells: an imported file in one step', () => {
  it('writes the cells of every grid in one transaction, actuals into history', () => {
    const { doc, plan } = demoDoc();
    const [a, b] = plan.families;
    const resource = plan.resources[1];
    const [m0, m1] = plan.periods;
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const writes: ImportCellWrite[] = [
      { grid: 'demand', id: a.id, month: m0, value: 410 },
      { grid: 'supply', id: b.id, month: m1, value: 0 },
      { grid: 'budget', id: a.id, month: m1, value: 12_500.5 },
      { grid: 'capacity', id: resource.id, month: m0, value: 320 },
      // Actuals go to history: a month before the horizon, and one inside it.
      { grid: 'actual', id: a.id, month: '2025-03', value: 77 },
      { grid: 'actual', id: b.id, month: m0, value: 130 },
    ];
    importCells(doc, writes);
    expect(transactions).toBe(1);
    const after = readPlan(doc).plan!;
    expect(after.demand[a.id][m0]).toBe(410);
    expect(after.supply[b.id][m1]).toBe(0);
    expect(after.budget[a.id][m1]).toBe(12_500.5);
    expect(after.capacity[resource.id][m0]).toBe(320);
    expect(after.history[a.id]['2025-03'].actual).toBe(77);
    expect(after.history[b.id][m0].actual).toBe(130);
  });

  it('is undone in one step, back to the plan as it was', () => {
    const { doc, plan } = demoDoc();
    const undo = createUndoTracker(doc);
    const before = docToPlan(doc);
    const writes: ImportCellWrite[] = plan.families.flatMap((family, i) =>
      plan.periods.map((month, j) => ({
        grid: 'demand' as const,
        id: family.id,
        month,
        value: i * 100 + j,
      })),
    );
    writes.push({ grid: 'actual', id: plan.families[0].id, month: '2024-01', value: 5 });
    importCells(doc, writes);
    expect(docToPlan(doc)).not.toEqual(before);
    expect(undo.undo()).toBe(true);
    expect(docToPlan(doc)).toEqual(before);
    expect(undo.canUndo).toBe(false);
    expect(undo.redo()).toBe(true);
    expect(docToPlan(doc).demand[plan.families[4].id][plan.periods[5]]).toBe(405);
    undo.destroy();
  });

  it('refuses a bad write by its position, and writes nothing', () => {
    const { doc, plan } = demoDoc();
    const family = plan.families[0].id;
    const month = plan.periods[0];
    const good: ImportCellWrite = { grid: 'demand', id: family, month, value: 1 };
    const cases: [unknown, string][] = [
      [
        [good, { ...good, month: plan.periods[1], value: -3 }],
        'importCells: cell 2: value: must not be negative, got -3',
      ],
      [
        [{ ...good, value: Number.POSITIVE_INFINITY }],
        'importCells: cell 1: value: must be a finite number',
      ],
      [[{ ...good, value: null }], 'importCells: cell 1: value: must be a number'],
      [
        [good, { ...good, id: 'F-nope', month: plan.periods[2] }],
        `importCells: cell 2 (demand of "F-nope" in ${plan.periods[2]}): unknown family "F-nope"`,
      ],
      [
        [{ ...good, grid: 'capacity' }],
        `importCells: cell 1 (capacity of "${family}" in ${month}): unknown resource "${family}"`,
      ],
      [
        [{ ...good, grid: 'supply', month: '2031-01' }],
        `importCells: cell 1 (supply of "${family}" in 2031-01): 2031-01 is not a month of the cycle's horizon`,
      ],
      [[{ ...good, grid: 'actual', id: 'F-nope' }], 'unknown family "F-nope"'],
      [
        [{ ...good, grid: 'forecast' }],
        'importCells: cell 1: grid: must be one of demand, supply, budget, capacity, actual',
      ],
      [[{ ...good, month: '2027-13' }], 'importCells: cell 1: month: must be a month YYYY-MM'],
      [[good, { ...good, value: 2 }], 'importCells: cell 2 (demand of'],
      [[{ ...good, note: 'x' }], 'importCells: cell 1'],
      ['not a list', 'importCells: the block must be a list of cells'],
    ];
    const before = Y.encodeStateAsUpdate(doc);
    for (const [writes, message] of cases) {
      expect(() => importCells(doc, writes as ImportCellWrite[])).toThrow(message);
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('keeps the projection equal to a full reconcile after an import', () => {
    const { doc, plan } = demoDoc();
    const projection = new PlanProjection(doc);
    void projection.result;
    importCells(doc, [
      { grid: 'supply', id: plan.families[2].id, month: plan.periods[1], value: 9000 },
      { grid: 'capacity', id: plan.resources[0].id, month: plan.periods[4], value: 2 },
      { grid: 'actual', id: plan.families[3].id, month: plan.periods[0], value: 50 },
    ]);
    expect(JSON.stringify(projection.result)).toBe(JSON.stringify(reconcile(docToPlan(doc))));
    projection.destroy();
  });

  it('an empty import writes nothing, and pasted blocks still check as before', () => {
    const { doc, plan } = demoDoc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    importCells(doc, []);
    expect(transactions).toBe(0);
    // setCellBlock shares the checks but still refuses history and takes null to clear.
    const family = plan.families[0].id;
    expect(() =>
      setCellBlock(doc, [
        { grid: 'actual' as 'demand', id: family, month: plan.periods[0], value: 1 },
      ]),
    ).toThrow('setCellBlock: cell 1: grid: must be one of demand, supply, budget, capacity');
    setCellBlock(doc, [{ grid: 'demand', id: family, month: plan.periods[0], value: null }]);
    expect(docToPlan(doc).demand[family]?.[plan.periods[0]]).toBeUndefined();
  });
});
