import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  createUndoTracker,
  docToPlan,
  exportCycle,
  importPlan,
} from '../../../../shared/doc/index.ts';
import {
  addOverride,
  addScenario,
  addScenarioFromFile,
  deleteScenario,
  overridesOf,
  readScenarios,
  removeOverride,
  updateOverride,
  updateScenario,
} from '../../../../shared/doc/scenario-commands.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { formatPlanIssue, type Override, type Scenario } from '../../../../shared/engine/index.ts';
import {
  applyScenario,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
} from '../../../../shared/engine/scenario.ts';

const PLAN = generateDemoPlan({ families: 5, periods: 6, resources: 2, seed: 8 });

function cycle(): Y.Doc {
  const doc = new Y.Doc();
  importPlan(doc, PLAN);
  return doc;
}

describe('scenarios in the cycle document', () => {
  it('keeps named scenarios with ordered overrides, and never touches the baseline', () => {
    const doc = cycle();
    const before = docToPlan(doc);
    const id = addScenario(doc, { name: 'Demand upside', assumption: 'Promotion', owner: 'Ana' });
    const family = PLAN.families[0].id;
    const first = addOverride(doc, id, {
      measure: 'demand',
      targets: [family],
      op: 'add',
      value: 10,
    });
    addOverride(doc, id, { measure: 'demand', targets: [family], op: 'scale', value: 2 });
    expect(docToPlan(doc)).toEqual(before);

    const [{ record, reading }] = readScenarios(doc, docToPlan(doc));
    expect(record).toMatchObject({ name: 'Demand upside', status: 'draft', owner: 'Ana' });
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    const month = PLAN.periods[0];
    const base = PLAN.demand[family]?.[month] ?? 0;
    expect(applyScenario(before, reading.scenario).demand[family][month]).toBe((base + 10) * 2);

    // Moving the first override after the second changes the result: order counts.
    updateOverride(doc, first, { order: 5 });
    const [moved] = readScenarios(doc, docToPlan(doc));
    if (!moved.reading.ok) throw new Error('expected a valid scenario');
    expect(applyScenario(before, moved.reading.scenario).demand[family][month]).toBe(base * 2 + 10);

    updateScenario(doc, id, { name: 'Upside' });
    removeOverride(doc, first);
    expect(overridesOf(doc, id)).toHaveLength(1);
    deleteScenario(doc, id);
    expect(readScenarios(doc, docToPlan(doc))).toEqual([]);
    expect(exportCycle(doc).work.scenarioOverrides).toEqual({});
  });

  it('merges overrides added by two people at once', () => {
    const a = cycle();
    const id = addScenario(a, { name: 'Extra shift' }, 'scn-1');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addOverride(a, id, { measure: 'capacity', targets: 'all', op: 'scale', value: 1.5 });
    addOverride(b, id, { measure: 'price', targets: 'all', op: 'scale', value: 1.05 });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(
      overridesOf(a, id)
        .map((o) => o.measure)
        .sort(),
    ).toEqual(['capacity', 'price']);
    expect(overridesOf(a, id)).toEqual(overridesOf(b, id));
  });

  it('names overrides the plan cannot take, and refuses malformed ones', () => {
    const doc = cycle();
    const id = addScenario(doc, { name: 'Old families' });
    addOverride(doc, id, { measure: 'demand', targets: ['GONE'], op: 'scale', value: 2 });
    const [{ reading }] = readScenarios(doc, docToPlan(doc));
    expect(reading.ok ? [] : reading.issues.map(formatPlanIssue)).toEqual([
      'overrides.0.targets.0: unknown family "GONE"',
    ]);
    expect(() =>
      addOverride(doc, id, { measure: 'cost' as 'price', targets: 'all', op: 'scale', value: 1 }),
    ).toThrow('addOverride: measure');
    expect(() =>
      addOverride(doc, 'nope', { measure: 'price', targets: 'all', op: 'set', value: 1 }),
    ).toThrow('no scenario "nope"');
    expect(() => addScenario(doc, { name: '' })).toThrow('a scenario needs a name');
  });
});

describe('a scenario added from a file', () => {
  const file = (overrides: Override[]): Scenario => ({
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    name: 'Build ahead (suggested)',
    assumption: 'Make the missing units earlier',
    owner: 'Someone else',
    overrides,
  });
  const [a, b] = PLAN.families.map((family) => family.id);
  const [m1, m2] = PLAN.periods;
  const overrides: Override[] = [
    { measure: 'supply', targets: [a], from: m2, to: m2, op: 'add', value: 30 },
    { measure: 'supply', targets: [a], from: m1, to: m1, op: 'add', value: 70 },
    { measure: 'demand', targets: [b], op: 'scale', value: 0.9 },
    { measure: 'capacity', targets: 'all', from: m1, to: m2, op: 'add', value: 12 },
  ];

  it('arrives whole in one transaction, overrides in the file order, one undo step', () => {
    const doc = cycle();
    addScenario(doc, { name: 'Earlier one' });
    const undo = createUndoTracker(doc);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const id = addScenarioFromFile(doc, file(overrides), { owner: 'Ana' });
    expect(transactions).toBe(1);

    const entry = readScenarios(doc, docToPlan(doc)).find((item) => item.record.id === id);
    expect(entry?.record).toMatchObject({
      name: 'Build ahead (suggested)',
      assumption: 'Make the missing units earlier',
      owner: 'Ana',
      status: 'draft',
      order: 1,
    });
    expect(entry?.reading).toEqual({ ok: true, scenario: { ...file(overrides), owner: 'Ana' } });
    // One random draw for the whole file, then each override's position: never two alike.
    const ids = Object.keys(exportCycle(doc).work.scenarioOverrides);
    expect(new Set(ids).size).toBe(overrides.length);
    const batch = ids[0].replace(/-\d+$/, '');
    expect(batch).toMatch(/^scenarioOverrides-[0-9a-f]{8}$/);
    expect(ids.sort()).toEqual(overrides.map((_, index) => `${batch}-${index}`).sort());

    expect(undo.undo()).toBe(true);
    expect(readScenarios(doc, docToPlan(doc)).map((item) => item.record.name)).toEqual([
      'Earlier one',
    ]);
    expect(exportCycle(doc).work.scenarioOverrides).toEqual({});
    expect(undo.canUndo).toBe(false);
    undo.destroy();
  });

  it("keeps the file's owner when none is given, and a file without overrides", () => {
    const doc = cycle();
    const id = addScenarioFromFile(doc, file([]), {}, 'scn-empty');
    expect(id).toBe('scn-empty');
    const [{ record, reading }] = readScenarios(doc, docToPlan(doc));
    expect(record.owner).toBe('Someone else');
    expect(reading).toEqual({ ok: true, scenario: file([]) });
  });

  it('writes nothing when one override or the scenario itself is wrong', () => {
    const doc = cycle();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const bad = [...overrides];
    bad.splice(2, 0, { measure: 'supply', targets: [a], op: 'add', value: Infinity });
    expect(() => addScenarioFromFile(doc, file(bad))).toThrow(
      'addScenarioFromFile: override 3: value: must be a finite number',
    );
    expect(() => addScenarioFromFile(doc, file([{ ...overrides[0], from: 'March' }]))).toThrow(
      'addScenarioFromFile: override 1: from:',
    );
    expect(() => addScenarioFromFile(doc, file([{ ...overrides[0], targets: [] }]))).toThrow(
      'override 1: targets',
    );
    expect(() => addScenarioFromFile(doc, { ...file(overrides), name: '' })).toThrow(
      'a scenario needs a name',
    );
    addScenario(doc, { name: 'Taken' }, 'scn-1');
    transactions = 0;
    expect(() => addScenarioFromFile(doc, file(overrides), {}, 'scn-1')).toThrow(
      '"scn-1" already exists',
    );
    expect(transactions).toBe(0);
    expect(readScenarios(doc, docToPlan(doc)).map((item) => item.record.name)).toEqual(['Taken']);
    expect(exportCycle(doc).work.scenarioOverrides).toEqual({});
  });
});
