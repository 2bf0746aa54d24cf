import * as v from 'valibot';
import { isQuantity, quantitySchema } from '../../../../shared/schema/records.ts';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import {
  addFamily,
  addResource,
  clearCell,
  CommandOrigin,
  deleteFamily,
  deleteResource,
  docToPlan,
  importPlan,
  PlanProjection,
  readPlan,
  setCell,
  setCells,
  setLoad,
  updateFamily,
} from '../../../../shared/doc/index.ts';
import { cellValue, grid } from '../../../../shared/doc/layout.ts';
import { reconcile } from '../../../../shared/engine/index.ts';

function demoDoc(options = { families: 8, periods: 6, resources: 3, seed: 3 }) {
  const doc = new Y.Doc();
  const plan = generateDemoPlan(options);
  importPlan(doc, plan);
  return { doc, plan };
}

describe('plan in the cycle document', () => {
  it('importPlan then docToPlan round-trips a plan file exactly', () => {
    const { doc, plan } = demoDoc({ families: 40, periods: 18, resources: 6, seed: 5 });
    expect(JSON.stringify(docToPlan(doc))).toBe(JSON.stringify(plan));
    // And through the wire: another peer reads the same plan.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(JSON.stringify(docToPlan(other))).toBe(JSON.stringify(plan));
  });

  it('refuses an invalid plan file and writes nothing', () => {
    const { doc, plan } = demoDoc();
    const before = Y.encodeStateVector(doc);
    expect(() => importPlan(doc, { ...plan, demand: { F9: {} } })).toThrow(
      'importPlan: demand.F9: unknown family "F9"',
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('commands check their input, name the problem and write nothing', () => {
    const { doc, plan } = demoDoc();
    const family = plan.families[0].id;
    const before = Y.encodeStateVector(doc);
    expect(() => setCell(doc, 'demand', family, plan.periods[0], -3)).toThrow(
      'set demand: must not be negative, got -3',
    );
    expect(() => setCell(doc, 'demand', 'nope', plan.periods[0], 3)).toThrow(
      'set demand: unknown family "nope"',
    );
    expect(() => setCell(doc, 'supply', family, '2031-01', 3)).toThrow(
      "set supply: 2031-01 is not a month of the cycle's horizon",
    );
    expect(() => setCell(doc, 'capacity', family, plan.periods[0], 3)).toThrow(
      `set capacity: unknown resource "${family}"`,
    );
    expect(() => updateFamily(doc, family, { price: Number.NaN })).toThrow('updateFamily: price');
    expect(() => updateFamily(doc, family, { name: undefined })).toThrow('name cannot be removed');
    expect(() =>
      addFamily(doc, { id: 'a|b', name: 'x', price: 1, unitCost: 1, openingInventory: 0 }),
    ).toThrow('addFamily: id: must not contain "|"');
    expect(() =>
      setCells(doc, 'demand', [family], [plan.periods[0], plan.periods[1]], [[1, -1]]),
    ).toThrow(`paste demand ${family} ${plan.periods[1]}: must not be negative, got -1`);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('every write carries a command origin, so undo tracks my commands only', () => {
    const { doc, plan } = demoDoc();
    const family = plan.families[0].id;
    const undo = new Y.UndoManager([grid(doc, 'demand')], {
      trackedOrigins: new Set([CommandOrigin]),
    });
    const before = cellValue(doc, 'demand', family, plan.periods[0]);
    setCells(doc, 'demand', [family], [plan.periods[0], plan.periods[1]], [[111, 222]]);
    // A remote edit arrives; undo must leave it alone.
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    setCell(remote, 'demand', family, plan.periods[2], 333);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)), 'remote');
    undo.undo();
    expect(cellValue(doc, 'demand', family, plan.periods[0])).toBe(before);
    expect(cellValue(doc, 'demand', family, plan.periods[2])).toBe(333);
    undo.destroy();
  });

  it('the projection refreshes incrementally and always equals a full reconcile', () => {
    const { doc, plan } = demoDoc({ families: 30, periods: 12, resources: 5, seed: 9 });
    const projection = new PlanProjection(doc);
    const [f0, f1] = [plan.families[0].id, plan.families[1].id];
    const firstResult = projection.result;
    const check = () =>
      expect(JSON.stringify(projection.result)).toBe(JSON.stringify(reconcile(docToPlan(doc))));
    check();
    setCell(doc, 'demand', f0, plan.periods[3], 9999);
    // A cell edit refreshes the same result object in place: nothing was re-read.
    expect(projection.result).toBe(firstResult);
    check();
    setCells(doc, 'supply', [f0, f1], plan.periods.slice(0, 2), [
      [1, 2],
      [3, 4],
    ]);
    setCell(doc, 'capacity', plan.resources[0].id, plan.periods[5], 1);
    updateFamily(doc, f1, { price: 77.5, safetyStock: 40 });
    clearCell(doc, 'budget', f0, plan.periods[4]);
    expect(projection.result).toBe(firstResult);
    check();
    // Structural changes re-read the document.
    const added = addFamily(doc, {
      name: 'Garden lights',
      price: 20,
      unitCost: 9,
      openingInventory: 50,
    });
    setLoad(doc, added, plan.resources[1].id, 0.5);
    setCell(doc, 'supply', added, plan.periods[0], 400);
    check();
    deleteFamily(doc, f1);
    deleteResource(doc, plan.resources[2].id);
    updateFamily(doc, f0, { maxCover: undefined });
    check();
    expect(projection.plan?.families.some((f) => f.id === f1)).toBe(false);
    projection.destroy();
  });

  it('a document without a plan says so instead of computing', () => {
    const projection = new PlanProjection(new Y.Doc());
    expect(projection.result).toBeUndefined();
    expect(projection.problem).toBe('this cycle has no plan yet: import a plan file');
  });

  it('values written around the commands are left out and listed, never computed', () => {
    const { doc, plan } = demoDoc();
    const family = plan.families[0].id;
    doc.transact(() => {
      grid(doc, 'demand').set(`${family}|${plan.periods[0]}`, -5);
      grid(doc, 'demand').set(`ghost|${plan.periods[0]}`, 5);
    });
    const { plan: read, dropped } = readPlan(doc);
    expect(read.demand[family][plan.periods[0]]).toBeUndefined();
    expect(read.demand.ghost).toBeUndefined();
    expect(dropped).toContain(`demand.${family}.${plan.periods[0]}: not a number from 0 to 10^12`);
    expect(() => reconcile(read)).not.toThrow();
  });

  it('addResource and addFamily append in order and refuse duplicates', () => {
    const { doc } = demoDoc();
    const id = addResource(doc, { id: 'R-new', name: 'Laser cutter' });
    expect(docToPlan(doc).resources.at(-1)).toEqual({ id, name: 'Laser cutter' });
    expect(() => addResource(doc, { id: 'R-new', name: 'Again' })).toThrow('already exists');
  });
});

describe('isQuantity', () => {
  it('accepts exactly what quantitySchema accepts', () => {
    const samples: unknown[] = [
      0,
      1,
      2.5,
      -0,
      -1,
      NaN,
      Infinity,
      -Infinity,
      '3',
      null,
      undefined,
      {},
      1e308,
    ];
    for (const sample of samples) {
      expect(isQuantity(sample), String(sample)).toBe(v.is(quantitySchema, sample));
    }
  });
});
