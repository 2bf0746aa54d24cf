import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  createUndoTracker,
  docToPlan,
  importCells,
  importPlan,
  PlanProjection,
  setCell,
  setCellBlock,
  setCells,
  type CellWrite,
} from '../../../../shared/doc/index.ts';
import { cellValue } from '../../../../shared/doc/layout.ts';
import { reconcile } from '../../../../shared/engine/index.ts';

function demoDoc() {
  const doc = new Y.Doc();
  const plan = generateDemoPlan({ families: 5, periods: 6, resources: 2, seed: 4 });
  importPlan(doc, plan);
  return { doc, plan };
}

describe('setCellBlock: a pasted block across grids in one step', () => {
  it('writes cells of several grids and families in one transaction', () => {
    const { doc, plan } = demoDoc();
    const [a, b] = plan.families;
    const resource = plan.resources[0];
    const [m0, m1] = plan.periods;
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    setCellBlock(doc, [
      { grid: 'demand', id: a.id, month: m0, value: 11 },
      { grid: 'supply', id: a.id, month: m0, value: 12 },
      { grid: 'budget', id: a.id, month: m1, value: 1300.5 },
      { grid: 'demand', id: b.id, month: m1, value: 0 },
      { grid: 'capacity', id: resource.id, month: m1, value: 480 },
    ]);
    expect(transactions).toBe(1);
    const after = docToPlan(doc);
    expect(after.demand[a.id][m0]).toBe(11);
    expect(after.supply[a.id][m0]).toBe(12);
    expect(after.budget[a.id][m1]).toBe(1300.5);
    expect(after.demand[b.id][m1]).toBe(0);
    expect(after.capacity[resource.id][m1]).toBe(480);
  });

  it('clears cells written as null: they then count as 0', () => {
    const { doc, plan } = demoDoc();
    const family = plan.families[0].id;
    const month = plan.periods[2];
    expect(cellValue(doc, 'demand', family, month)).toBeGreaterThan(0);
    setCellBlock(doc, [{ grid: 'demand', id: family, month, value: null }]);
    expect(cellValue(doc, 'demand', family, month)).toBeUndefined();
    expect(docToPlan(doc).demand[family]?.[month]).toBeUndefined();
  });

  it('is undone in one step, and undo leaves what others wrote meanwhile', () => {
    const { doc, plan } = demoDoc();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const undo = createUndoTracker(doc);
    const [a, b, c] = plan.families;
    const months = plan.periods.slice(0, 4);
    const before = docToPlan(doc);
    const writes: CellWrite[] = [a, b, c].flatMap((family, i) =>
      months.map((month, j) => ({
        grid: 'demand' as const,
        id: family.id,
        month,
        value: i * 10 + j,
      })),
    );
    setCellBlock(doc, writes);
    // Someone else edits a cell outside the block; it reaches this peer.
    setCell(other, 'supply', a.id, months[0], 999);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    expect(undo.undo()).toBe(true);
    const after = docToPlan(doc);
    for (const family of [a, b, c])
      expect(after.demand[family.id]).toEqual(before.demand[family.id]);
    expect(after.supply[a.id][months[0]]).toBe(999);
    expect(undo.canUndo).toBe(false);
    undo.destroy();
  });

  it('keeps the projection and its results equal to a full reconcile', () => {
    const { doc, plan } = demoDoc();
    const projection = new PlanProjection(doc);
    void projection.result;
    setCellBlock(doc, [
      { grid: 'demand', id: plan.families[1].id, month: plan.periods[0], value: 5000 },
      { grid: 'capacity', id: plan.resources[1].id, month: plan.periods[3], value: 1 },
      { grid: 'supply', id: plan.families[2].id, month: plan.periods[5], value: null },
    ]);
    expect(JSON.stringify(projection.result)).toBe(JSON.stringify(reconcile(docToPlan(doc))));
    projection.destroy();
  });

  it('refuses a bad cell by its position, and writes nothing', () => {
    const { doc, plan } = demoDoc();
    const family = plan.families[0].id;
    const month = plan.periods[0];
    const good: CellWrite = { grid: 'demand', id: family, month, value: 1 };
    const cases: [unknown, string][] = [
      [
        [good, { ...good, month: plan.periods[1], value: -3 }],
        'setCellBlock: cell 2: value: must not be negative, got -3',
      ],
      [
        [{ ...good, value: Number.POSITIVE_INFINITY }],
        'setCellBlock: cell 1: value: must be a finite number',
      ],
      [[{ ...good, value: '12' }], 'setCellBlock: cell 1: value: must be a number'],
      [
        [{ ...good, id: 'F-nope' }],
        'setCellBlock: cell 1 (demand of "F-nope" in 2026-12): unknown family "F-nope"',
      ],
      [
        [{ ...good, grid: 'capacity' }],
        `setCellBlock: cell 1 (capacity of "${family}" in 2026-12): unknown resource "${family}"`,
      ],
      [
        [{ ...good, month: '2031-01' }],
        `setCellBlock: cell 1 (demand of "${family}" in 2031-01): 2031-01 is not a month of the cycle's horizon`,
      ],
      [[{ ...good, grid: 'actual' }], 'setCellBlock: cell 1: grid: must be one of'],
      [[{ ...good, month: '2027-13' }], 'setCellBlock: cell 1: month: must be a month YYYY-MM'],
      [[good, { ...good, value: 2 }], 'the same cell is written twice'],
      [[{ ...good, extra: true }], 'setCellBlock: cell 1'],
      ['not a list', 'setCellBlock: the block must be a list of cells'],
    ];
    const before = Y.encodeStateAsUpdate(doc);
    for (const [writes, message] of cases) {
      expect(() => setCellBlock(doc, writes as CellWrite[])).toThrow(message);
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('an empty block writes nothing', () => {
    const { doc } = demoDoc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    setCellBlock(doc, []);
    expect(transactions).toBe(0);
  });
});

describe('every cell write: one checker, one writer', () => {
  it('refuses an unknown family and a month outside the horizon alike, writing nothing', () => {
    const { doc, plan } = demoDoc();
    const family = plan.families[0].id;
    const late = '2099-01';
    const before = Y.encodeStateVector(doc);
    const writes: [string, () => void][] = [
      ['set demand', () => setCell(doc, 'demand', family, late, 1)],
      ['paste demand', () => setCells(doc, 'demand', [family], [late], [[1]])],
      [
        'setCellBlock: cell 1 (demand of "F-x" in 2099-01)',
        () => setCellBlock(doc, [{ grid: 'demand', id: 'F-x', month: late, value: 1 }]),
      ],
      [
        'importCells: cell 1 (demand of "F-x" in 2099-01)',
        () => importCells(doc, [{ grid: 'demand', id: 'F-x', month: late, value: 1 }]),
      ],
    ];
    for (const [command, write] of writes) {
      const unknown = command.includes('F-x');
      expect(write).toThrow(
        unknown
          ? `${command}: unknown family "F-x"`
          : `${command}: ${late} is not a month of the cycle's horizon`,
      );
    }
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('writes each kind of cell write in one transaction that undo takes back', () => {
    const { doc, plan } = demoDoc();
    const family = plan.families[0].id;
    const [m0, m1] = plan.periods;
    const undo = createUndoTracker(doc);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    setCell(doc, 'demand', family, m0, 11);
    setCells(doc, 'supply', [family], [m0, m1], [[12, 13]]);
    setCellBlock(doc, [{ grid: 'budget', id: family, month: m0, value: 14 }]);
    importCells(doc, [{ grid: 'actual', id: family, month: '2020-01', value: 15 }]);
    expect(transactions).toBe(4);
    expect(cellValue(doc, 'actual', family, '2020-01')).toBe(15);
    for (let step = 0; step < 4; step++) expect(undo.undo()).toBe(true);
    expect(cellValue(doc, 'demand', family, m0)).toBe(plan.demand[family]?.[m0]);
    expect(cellValue(doc, 'actual', family, '2020-01')).toBeUndefined();
    undo.destroy();
  });
});
