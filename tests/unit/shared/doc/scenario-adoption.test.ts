import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  createUndoTracker,
  docToPlan,
  importPlan,
  readRecords,
} from '../../../../shared/doc/index.ts';
import {
  addOverride,
  addScenario,
  readScenarios,
} from '../../../../shared/doc/scenario-commands.ts';
import { adoptScenario } from '../../../../shared/doc/scenario-adoption.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { applyScenario } from '../../../../shared/engine/scenario.ts';

const PLAN = generateDemoPlan({ families: 5, periods: 6, resources: 2, seed: 8 });
const DECISION = { owner: 'Ana Ruiz', rationale: 'The promotion is confirmed', madeIn: PLAN.cycle };

function cycle(): Y.Doc {
  const doc = new Y.Doc();
  importPlan(doc, PLAN);
  return doc;
}

function upside(doc: Y.Doc): string {
  const id = addScenario(doc, { name: 'Demand upside', owner: 'Ana Ruiz' });
  const [first, second] = PLAN.families;
  addOverride(doc, id, {
    measure: 'demand',
    targets: [first.id],
    from: PLAN.periods[1],
    to: PLAN.periods[3],
    op: 'scale',
    value: 1.2,
  });
  addOverride(doc, id, { measure: 'capacity', targets: 'all', op: 'add', value: 40 });
  addOverride(doc, id, { measure: 'price', targets: [second.id], op: 'set', value: 99 });
  return id;
}

describe('adopting a scenario through a decision', () => {
  it('changes the baseline exactly as the scenario says, records the decision and marks it adopted', () => {
    const doc = cycle();
    const id = upside(doc);
    const before = docToPlan(doc);
    const [{ reading }] = readScenarios(doc, before);
    if (!reading.ok) throw new Error('the scenario should read');

    const decisionId = adoptScenario(doc, id, DECISION);

    expect(docToPlan(doc)).toEqual(applyScenario(before, reading.scenario));
    const decisions = readRecords(doc, 'decisions').records;
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      id: decisionId,
      question: 'Adopt scenario Demand upside?',
      chosen: 'Adopt',
      status: 'agreed',
      owner: 'Ana Ruiz',
      rationale: 'The promotion is confirmed',
      madeIn: PLAN.cycle,
    });
    expect(decisions[0].options).toMatch(
      /^Scenario "Demand upside"\. Before → after: Revenue .+ → .+; margin/,
    );
    expect(decisions[0].links).toEqual([`scenario:${id}`]);
    const [scenario] = readRecords(doc, 'scenarios').records;
    expect(scenario).toMatchObject({ status: 'adopted', adoptedBy: decisionId });
  });

  it('is part of the record: undo never takes an adoption and its agreed decision back', () => {
    const doc = cycle();
    const id = upside(doc);
    const before = docToPlan(doc);
    const undo = createUndoTracker(doc);
    adoptScenario(doc, id, DECISION);
    expect(docToPlan(doc)).not.toEqual(before);

    // The adoption is an agreed decision: the relay refuses removing it, so undo does not
    // offer to (the plan comes back by restoring it from History, as a new change).
    expect(undo.canUndo).toBe(false);
    expect(undo.undo()).toBe(false);
    expect(readRecords(doc, 'decisions').records).toHaveLength(1);
    expect(readRecords(doc, 'scenarios').records[0].status).toBe('adopted');
  });

  it('refuses, writing nothing, a scenario already adopted or with problems, or a decision with no owner', () => {
    const doc = cycle();
    const id = upside(doc);
    adoptScenario(doc, id, DECISION);
    const adopted = docToPlan(doc);
    expect(() => adoptScenario(doc, id, DECISION)).toThrow(/already adopted/);
    expect(docToPlan(doc)).toEqual(adopted);

    const broken = addScenario(doc, { name: 'Old family' });
    addOverride(doc, broken, { measure: 'demand', targets: ['F-gone'], op: 'add', value: 5 });
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    expect(() => adoptScenario(doc, broken, DECISION)).toThrow(/unknown family "F-gone"/);

    const fine = addScenario(doc, { name: 'Fine' });
    updates.length = 0;
    expect(() => adoptScenario(doc, fine, { ...DECISION, owner: ' ' })).toThrow(/needs an owner/);
    expect(() => adoptScenario(doc, 'nope', DECISION)).toThrow(/no scenario "nope"/);
    expect(updates).toHaveLength(0);
    expect(readRecords(doc, 'decisions').records).toHaveLength(1);
  });
});
