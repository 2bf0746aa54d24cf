import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addResource,
  clearCell,
  createCycleDoc,
  deleteFamily,
  docToPlan,
  importPlan,
  PlanProjection,
  readPlan,
  setCell,
  setExtraHourCost,
  updateFamily,
  updateSettings,
} from '../../../../shared/doc/index.ts';
import { yDoc } from '../../../../shared/doc/cycle-doc.ts';
import { baseRows, grid, settingsMap } from '../../../../shared/doc/layout.ts';
import { parsePlan, reconcile } from '../../../../shared/engine/index.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const PERIODS = months('2026-12', 3);
const PLAN = makePlan({
  periods: PERIODS,
  families: [
    { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: -40 },
    { id: 'B', name: 'Garden hoses', price: 12, unitCost: 7, openingInventory: 100 },
  ],
  demand: { A: row(PERIODS, [100, 100, 100]), B: row(PERIODS, [40, 40, 40]) },
  supply: { A: row(PERIODS, [120, 120, 120]) },
  budget: { A: row(PERIODS, [1000, 0, 1000]) },
  marginBudget: { A: { '2026-12': 400, '2027-01': 0 } },
  history: { A: { '2026-11': { actual: 90, plannedSupply: 100, plannedShipments: 95 } } },
  actuals: { A: { '2026-11': { ordered: 90, onHand: 12, revenueBudget: 950 } } },
  settings: { fiscalYearStart: 4, trackingWindow: 8 },
});

function cycle() {
  const doc = createCycleDoc();
  importPlan(doc, PLAN);
  return doc;
}

describe('the version 2 inputs in the cycle document', () => {
  it('reads the plan as the same text on every peer, in the plan file order', () => {
    const doc = cycle();
    updateSettings(doc, { budgetTolerance: 0.05 });
    const other = createCycleDoc();
    // Another peer receives the settings before the import that created the rest.
    const updates: Uint8Array[] = [];
    const third = createCycleDoc();
    yDoc(third).on('update', (update: Uint8Array) => updates.push(update));
    importPlan(third, PLAN);
    updateSettings(third, { budgetTolerance: 0.05 });
    for (const update of [...updates].reverse()) Y.applyUpdate(yDoc(other), update);
    const parsed = parsePlan(PLAN);
    expect(parsed.ok).toBe(true);
    // Settings in the plan file's order, whatever order they were written in.
    expect(Object.keys(docToPlan(doc).settings ?? {})).toEqual([
      'budgetTolerance',
      'trackingWindow',
      'fiscalYearStart',
    ]);
    const text = JSON.stringify(docToPlan(doc));
    expect(JSON.stringify(docToPlan(other))).toBe(text);
    expect(text).toBe(
      JSON.stringify({ ...(parsed.ok && parsed.plan), settings: docToPlan(doc).settings }),
    );
  });

  it('reads a cleared budget or margin budget cell as no budget, and a typed 0 as 0', () => {
    const doc = cycle();
    expect(docToPlan(doc).budget.A['2027-01']).toBe(0);
    expect(docToPlan(doc).marginBudget?.A['2027-01']).toBe(0);
    clearCell(doc, 'budget', 'A', '2026-12');
    clearCell(doc, 'marginBudget', 'A', '2026-12');
    const plan = docToPlan(doc);
    expect(plan.budget.A).toEqual({ '2027-01': 0, '2027-02': 1000 });
    expect(plan.marginBudget).toEqual({ A: { '2027-01': 0 } });
    setCell(doc, 'marginBudget', 'B', '2027-02', 0);
    expect(docToPlan(doc).marginBudget?.B).toEqual({ '2027-02': 0 });
  });

  it('keeps the live results equal to a full reconcile when a budget is cleared', () => {
    const doc = cycle();
    const projection = new PlanProjection(doc);
    const first = projection.result!;
    clearCell(doc, 'budget', 'A', '2026-12');
    // Refreshed in place, and the cleared month has no budget: not a budget of 0.
    expect(projection.result).toBe(first);
    expect(projection.result!.families[0].rows[0].budget).toBeNull();
    expect(JSON.stringify(projection.result)).toBe(JSON.stringify(reconcile(docToPlan(doc))));
    setCell(doc, 'budget', 'A', '2026-12', 0);
    expect(projection.result!.families[0].rows[0].budget).toBe(0);
    expect(JSON.stringify(projection.result)).toBe(JSON.stringify(reconcile(docToPlan(doc))));
    projection.destroy();
  });

  it('changes settings by command: sets, goes back to the default, refuses out of bounds', () => {
    const doc = cycle();
    updateSettings(doc, { budgetTolerance: 0.05, fiscalYearStart: undefined });
    expect(docToPlan(doc).settings).toEqual({ budgetTolerance: 0.05, trackingWindow: 8 });
    for (const bad of [
      { trackingWindow: 1 },
      { trackingWindow: 6.5 },
      { fiscalYearStart: 13 },
      { budgetTolerance: 1.5 },
      { trackingLimit: 0 },
      { holdingRate: Number.NaN },
    ]) {
      expect(() => updateSettings(doc, bad), JSON.stringify(bad)).toThrow(/updateSettings/);
    }
    expect(() => updateSettings(doc, { secret: 1 } as never)).toThrow(/updateSettings/);
    updateSettings(doc, { budgetTolerance: undefined, trackingWindow: undefined });
    expect('settings' in docToPlan(doc)).toBe(false);
  });

  it('leaves out a setting another page wrote outside its bounds, and says so', () => {
    const doc = cycle();
    yDoc(doc).transact(() => settingsMap(doc).set('trackingWindow', 1e20));
    const reading = readPlan(doc);
    expect(reading.plan.settings).toEqual({ fiscalYearStart: 4 });
    expect(reading.dropped).toEqual(['settings.trackingWindow: outside its bounds']);
  });

  it('keeps holding rates, extra-hour costs and a negative opening inventory', () => {
    const doc = cycle();
    expect(docToPlan(doc).families[0].openingInventory).toBe(-40);
    updateFamily(doc, 'A', { holdingRate: 0.03, openingInventory: -442 });
    expect(() => updateFamily(doc, 'A', { holdingRate: 2 })).toThrow(/holdingRate/);
    expect(() => updateFamily(doc, 'A', { openingInventory: -2e12 })).toThrow(/openingInventory/);
    const resource = addResource(doc, { name: 'Paint shop', extraHourCost: 45 });
    setExtraHourCost(doc, 'L1', 30);
    expect(() => setExtraHourCost(doc, 'L1', 1e13)).toThrow(/setExtraHourCost/);
    const plan = docToPlan(doc);
    expect(plan.families[0]).toMatchObject({ holdingRate: 0.03, openingInventory: -442 });
    expect(plan.resources).toEqual([
      { id: 'L1', name: 'Assembly line 1', extraHourCost: 30 },
      { id: resource, name: 'Paint shop', extraHourCost: 45 },
    ]);
    setExtraHourCost(doc, 'L1', undefined);
    expect(docToPlan(doc).resources[0]).toEqual({ id: 'L1', name: 'Assembly line 1' });
  });

  it('reads actuals and history in month order, and leaves out once a month that has not ended', () => {
    const doc = cycle();
    // As another page might have written them: a later month first, and a future one.
    baseRows(doc, 'actualsOrdered').set('A', ['2026-10', 80, 90, null, 99]);
    baseRows(doc, 'actualsShipped').set('A', ['2027-01', 50]);
    baseRows(doc, 'actual').set('A', ['2026-09', 70, null, 90]);
    const reading = readPlan(doc);
    expect(Object.keys(reading.plan.actuals!.A)).toEqual(['2026-10', '2026-11']);
    expect(reading.plan.actuals!.A['2026-11']).toEqual({
      ordered: 90,
      onHand: 12,
      revenueBudget: 950,
    });
    expect(reading.endingActuals).toBeUndefined();
    expect(reading.dropped.filter((line) => line.includes('has not ended'))).toEqual([
      'actuals.A.2027-01: a month that has not ended',
    ]);
    expect(Object.keys(reading.plan.history.A)).toEqual(['2026-09', '2026-11']);
    expect(reading.plan.history.A['2026-11']).toEqual({
      actual: 90,
      plannedSupply: 100,
      plannedShipments: 95,
    });
  });

  it('reads history and actuals when first asked for, of the document as it was read', () => {
    const doc = cycle();
    const eager = JSON.stringify(docToPlan(doc));
    const reading = readPlan(doc);
    // A change after the reading does not reach it: history and actuals are read first.
    setCell(doc, 'actual', 'A', '2026-11', 1);
    setCell(doc, 'actualsOrdered', 'A', '2026-11', 2);
    expect(reading.plan.history.A['2026-11'].actual).toBe(90);
    expect(reading.plan.actuals!.A['2026-11'].ordered).toBe(90);
    // Serialized in the plan file's order, as an eager read was.
    expect(JSON.stringify(reading.plan)).toBe(eager);
    expect(docToPlan(doc).history.A['2026-11'].actual).toBe(1);

    // Actuals that are all of months not ended (as another page might have written
    // them) leave no section, once read.
    const later = cycle();
    for (const name of ['actualsOrdered', 'actualsOnHand', 'actualsRevenueBudget'] as const) {
      baseRows(later, name).delete('A');
    }
    baseRows(later, 'actualsOrdered').set('A', ['2027-01', 5]);
    const { plan, dropped } = readPlan(later);
    expect(plan.actuals).toBeUndefined();
    expect('actuals' in plan).toBe(false);
    expect(dropped).toEqual(['actuals.A.2027-01: a month that has not ended']);
    expect(structuredClone(plan)).toEqual(plan);
  });

  it('hands the reading of history and actuals to the page to run when idle', () => {
    const doc = cycle();
    const idle: (() => void)[] = [];
    const projection = new PlanProjection(doc, (work) => idle.push(work));
    const plan = projection.plan!;
    expect(idle).toHaveLength(1);
    expect(Object.getOwnPropertyDescriptor(plan, 'history')?.get).toBeDefined();
    idle[0]();
    expect(Object.getOwnPropertyDescriptor(plan, 'history')?.value).toEqual(PLAN.history);
    expect(Object.getOwnPropertyDescriptor(plan, 'actuals')?.value).toEqual(PLAN.actuals);
    projection.destroy();
  });

  it('edits planned history and actuals per cell, and a deleted family takes them along', () => {
    const doc = cycle();
    setCell(doc, 'plannedShipments', 'A', '2026-10', 80);
    setCell(doc, 'actualsBackorders', 'A', '2026-11', 3);
    clearCell(doc, 'actualsOnHand', 'A', '2026-11');
    const plan = docToPlan(doc);
    expect(plan.history.A['2026-10']).toEqual({ plannedShipments: 80 });
    expect(plan.actuals).toEqual({
      A: { '2026-11': { ordered: 90, backorders: 3, revenueBudget: 950 } },
    });
    deleteFamily(doc, 'A');
    for (const name of ['marginBudget', 'plannedShipments', 'actualsOnHand'] as const) {
      expect([...grid(doc, name).keys()], name).toEqual([]);
      expect(baseRows(doc, name).has('A'), name).toBe(false);
    }
    expect('actuals' in docToPlan(doc)).toBe(false);
  });
});
