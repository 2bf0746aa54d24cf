import * as Y from 'yjs';
import type { Override, Plan, Scenario, ScenarioParseResult } from '../engine/index.ts';
import { parseScenario, SCENARIO_FORMAT, SCENARIO_VERSION } from '../engine/scenario.ts';
import { checked, idSchema, scenarioOverrideSchema, scenarioSchema } from '../schema/records.ts';
import { collection, newId, newIds, nextOrder, transact } from './layout.ts';
import { record } from './plan-commands.ts';
import { readRecords, type WithId } from './reading.ts';
import { adder, updater } from './work-commands.ts';
import type { ScenarioOverrideRecord, ScenarioRecord } from '../schema/records.ts';
import { commandError } from '../schema/command-error.ts';
import type { CycleDoc } from './cycle-doc.ts';

const addScenarioRecord = adder('scenarios', 'addScenario', scenarioSchema);

/**
 * Adds a scenario (a draft, after the others); returns its id. The baseline is never
 * changed by a scenario: its overrides apply only when it is compared or adopted.
 */
export function addScenario(
  doc: CycleDoc,
  input: { name: string; assumption?: string; owner?: string },
  id?: string,
): string {
  const order = nextOrder(collection(doc, 'scenarios'));
  return addScenarioRecord(doc, { ...input, status: 'draft', order }, id);
}

/**
 * Adds a scenario with all its overrides from a scenario file (a suggested draft, say) as
 * one command: one transaction, so peers see it whole and one undo takes it all back.
 * The overrides keep the file's order. Every field and override is checked first and
 * nothing is written when one is wrong (`addScenarioFromFile: override 3: value: must be
 * a finite number`). `input.owner` replaces the file's owner. Returns the scenario's id.
 */
export function addScenarioFromFile(
  doc: CycleDoc,
  scenario: Scenario,
  input: { owner?: string } = {},
  id: string = newId('scenarios'),
): string {
  const command = 'addScenarioFromFile';
  checked(command, idSchema, id);
  const scenarios = collection(doc, 'scenarios');
  if (scenarios.has(id)) throw commandError(command, `"${id}" already exists`);
  const fields = checked(command, scenarioSchema, {
    name: scenario.name,
    assumption: scenario.assumption,
    owner: input.owner ?? scenario.owner,
    status: 'draft',
    order: nextOrder(scenarios),
  });
  if (!Array.isArray(scenario.overrides))
    throw commandError(command, 'must be a list', 'overrides');
  const overrides = scenario.overrides.map((override, index) =>
    checked(`${command}: override ${index + 1}`, scenarioOverrideSchema, {
      ...override,
      // A copy: the file's list must not become the record's.
      targets: Array.isArray(override.targets) ? [...override.targets] : override.targets,
      scenario: id,
      order: index,
    }),
  );
  const items = collection(doc, 'scenarioOverrides');
  const ids = newIds('scenarioOverrides', overrides.length);
  transact(doc, command, () => {
    scenarios.set(id, record(fields));
    overrides.forEach((override, index) => items.set(ids[index], record(override)));
  });
  return id;
}

/** Renames a scenario or changes its assumption, owner or status. */
export const updateScenario = updater('scenarios', 'updateScenario', scenarioSchema);

/** Deletes a scenario and its overrides, in one transaction. */
export function deleteScenario(doc: CycleDoc, id: string): void {
  if (!collection(doc, 'scenarios').has(id))
    throw commandError('deleteScenario', `no scenario "${id}"`);
  const overrides = collection(doc, 'scenarioOverrides');
  transact(doc, 'deleteScenario', () => {
    collection(doc, 'scenarios').delete(id);
    for (const [key, item] of overrides.entries()) {
      if (item instanceof Y.Map && item.get('scenario') === id) overrides.delete(key);
    }
  });
}

const addOverrideRecord = adder('scenarioOverrides', 'addOverride', scenarioOverrideSchema);

/** Adds an override at the end of a scenario's list; returns its id. */
export function addOverride(
  doc: CycleDoc,
  scenario: string,
  override: Override,
  id?: string,
): string {
  if (!collection(doc, 'scenarios').has(scenario)) {
    throw commandError('addOverride', `no scenario "${scenario}"`);
  }
  const order = Math.max(-1, ...overridesOf(doc, scenario).map((item) => item.order)) + 1;
  return addOverrideRecord(
    doc,
    {
      ...override,
      targets: override.targets === 'all' ? 'all' : [...override.targets],
      scenario,
      order,
    },
    id,
  );
}

/** Changes an override (its measure, targets, months, operation, value or place). */
export const updateOverride = updater(
  'scenarioOverrides',
  'updateOverride',
  scenarioOverrideSchema,
);

/** Removes one override. */
export function removeOverride(doc: CycleDoc, id: string): void {
  if (!collection(doc, 'scenarioOverrides').has(id)) {
    throw commandError('removeOverride', `no override "${id}"`);
  }
  transact(doc, 'removeOverride', () => collection(doc, 'scenarioOverrides').delete(id));
}

/** A scenario's overrides in the order they apply (then by id: the same on every peer). */
export function overridesOf(doc: CycleDoc, scenario: string): WithId<ScenarioOverrideRecord>[] {
  return readRecords(doc, 'scenarioOverrides')
    .records.filter((item) => item.scenario === scenario)
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The scenario file of a stored scenario (see the engine's `Scenario`). */
export function scenarioFile(
  record: WithId<ScenarioRecord>,
  overrides: readonly WithId<ScenarioOverrideRecord>[],
): Scenario {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    name: record.name,
    ...(record.assumption !== undefined && { assumption: record.assumption }),
    ...(record.owner !== undefined && { owner: record.owner }),
    overrides: overrides.map(({ measure, targets, from, to, op, value }) => ({
      measure,
      targets,
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
      op,
      value,
    })),
  };
}

/**
 * Every scenario of the cycle with its overrides checked against the plan (an override
 * that names a family the plan no longer has is a problem, named by its path).
 */
export function readScenarios(
  doc: CycleDoc,
  plan: Plan,
): { record: WithId<ScenarioRecord>; reading: ScenarioParseResult }[] {
  return readRecords(doc, 'scenarios').records.map((record) => ({
    record,
    reading: parseScenario(scenarioFile(record, overridesOf(doc, record.id)), plan),
  }));
}
