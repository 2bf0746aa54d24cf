import * as v from 'valibot';
import * as Y from 'yjs';
import { parsePlan } from '../engine/index.ts';
import { isAdjusted } from '../engine/demand-streams.ts';
import { ACTUAL_FIELDS, type Grid, type Plan, type PlanSettings } from '../engine/types.ts';
import { adjustmentKey } from './stream-reading.ts';
import { actualsGrid, HISTORY_GRID_NAMES } from '../schema/grids.ts';
import {
  checked,
  familySchema,
  idSchema,
  quantitySchema,
  resourceSchema,
  SCHEMA_VERSION,
  settingsSchema,
} from '../schema/records.ts';
import {
  baseRows,
  collection,
  forecastMap,
  snapshotsMap,
  STREAM_COLLECTIONS,
  GRID_NAMES,
  GRIDS,
  grid,
  metaMap,
  newId,
  nextOrder,
  pairKey,
  settingsMap,
  transact,
  writeFields,
  type DocGridName,
} from './layout.ts';
import { CommandError, commandError } from '../schema/command-error.ts';
import { writeRow } from './grid-rows.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * Replaces the cycle's inputs (meta, settings, families, resources, loads, every grid,
 * the history and the actuals) with a plan file's, in one transaction. Work items are
 * kept. Throws, and writes nothing, when the plan file is invalid.
 */
export function importPlan(doc: CycleDoc, input: unknown, title?: string): void {
  const parsed = parsePlan(input);
  if (!parsed.ok) {
    throw new CommandError('importPlan', parsed.issues);
  }
  const plan = parsed.plan;
  transact(doc, 'importPlan', () => {
    const meta = metaMap(doc);
    writeFields(meta, {
      schemaVersion: SCHEMA_VERSION,
      cycle: plan.cycle,
      title: title ?? (meta.get('title') as string | undefined) ?? `S&OP cycle ${plan.cycle}`,
      currency: plan.currency,
      firstPeriod: plan.periods[0],
      periodCount: plan.periods.length,
    });
    const settings = settingsMap(doc);
    settings.clear();
    for (const [key, value] of Object.entries(plan.settings ?? {})) {
      if (value !== undefined) settings.set(key, value);
    }
    for (const name of ['families', 'resources', 'loads'] as const) collection(doc, name).clear();
    for (const name of GRIDS) {
      grid(doc, name).clear();
      baseRows(doc, name).clear();
    }
    plan.families.forEach((family, order) => {
      const { id, ...fields } = family;
      collection(doc, 'families').set(id, record({ ...fields, order }));
    });
    plan.resources.forEach(({ id, ...fields }, order) => {
      collection(doc, 'resources').set(id, record({ ...fields, order }));
    });
    plan.loads.forEach(({ family, resource, hoursPerUnit }, order) => {
      collection(doc, 'loads').set(pairKey(family, resource), record({ hoursPerUnit, order }));
    });
    for (const name of GRID_NAMES) {
      writeRows(doc, name, name === 'demand' ? baselineOf(plan) : plan[name]);
    }
    writeStreams(doc, plan);
    writeRows(doc, 'marginBudget', plan.marginBudget ?? {});
    for (const kind of HISTORY_GRID_NAMES) {
      writeRows(
        doc,
        kind,
        pick(plan.history, (point) => point[kind]),
      );
    }
    for (const field of ACTUAL_FIELDS) {
      writeRows(
        doc,
        actualsGrid(field),
        pick(plan.actuals ?? {}, (month) => month[field]),
      );
    }
  });
}

/**
 * The baseline stream as the `demand` grid keeps it: the plan's demand, except under an
 * adjustment or override, where it is the streams' baseline (the demand is their consensus).
 */
function baselineOf(plan: Plan): Grid {
  const streams = plan.demandStreams;
  if (!streams) return plan.demand;
  const rows: Grid = structuredClone(plan.demand);
  for (const [family, months] of Object.entries(rows)) {
    for (const month of Object.keys(months)) {
      if (!isAdjusted(plan, family, month)) continue;
      const baseline = streams.baseline[family]?.[month];
      if (baseline === undefined) delete months[month];
      else months[month] = baseline;
    }
  }
  return rows;
}

/** Replaces the demand streams and the frozen forecasts with the plan's. */
function writeStreams(doc: CycleDoc, plan: Plan): void {
  for (const name of STREAM_COLLECTIONS) collection(doc, name).clear();
  const forecast = forecastMap(doc);
  forecast.delete('baseline');
  const streams = plan.demandStreams;
  if (streams) forecast.set('streams', [...streams.streams]);
  else forecast.delete('streams');
  for (const [family, months] of Object.entries(streams?.adjustments ?? {})) {
    for (const [month, byStream] of Object.entries(months)) {
      for (const [stream, adjustment] of Object.entries(byStream)) {
        collection(doc, 'adjustments').set(
          adjustmentKey(family, month, stream),
          record({ ...adjustment }),
        );
      }
    }
  }
  for (const [family, months] of Object.entries(streams?.overrides ?? {})) {
    for (const [month, override] of Object.entries(months)) {
      collection(doc, 'overrides').set(pairKey(family, month), record({ ...override }));
    }
  }
  for (const [family, months] of Object.entries(plan.historyMarks ?? {})) {
    for (const [month, mark] of Object.entries(months)) {
      collection(doc, 'historyMarks').set(
        pairKey(family, month),
        record({ mark, by: 'plan file' }),
      );
    }
  }
  const snapshots = snapshotsMap(doc);
  snapshots.clear();
  for (const snapshot of plan.forecastSnapshots ?? []) {
    snapshots.set(snapshot.cycle, structuredClone(snapshot));
  }
}

/** Writes a grid's imported rows, one per id. */
function writeRows(doc: CycleDoc, name: DocGridName, rows: Grid): void {
  const target = baseRows(doc, name);
  for (const [id, months] of Object.entries(rows)) writeRow(target, id, months);
}

/** One value of every family's months (a history point's forecast), as grid rows. */
function pick<T>(
  byFamily: Record<string, Record<string, T>>,
  value: (entry: T) => number | undefined,
): Grid {
  const rows: Grid = {};
  for (const [family, months] of Object.entries(byFamily)) {
    for (const [month, entry] of Object.entries(months)) {
      const found = value(entry);
      if (found !== undefined) (rows[family] ??= {})[month] = found;
    }
  }
  return rows;
}

const newFamilySchema = v.strictObject({
  ...v.omit(familySchema, ['order']).entries,
  id: v.optional(idSchema),
});

/** Adds a product family at the end of the list; returns its id (generated when absent). */
export function addFamily(doc: CycleDoc, input: v.InferInput<typeof newFamilySchema>): string {
  const { id: given, ...fields } = checked('addFamily', newFamilySchema, input);
  const families = collection(doc, 'families');
  const id = given ?? newId('F');
  if (families.has(id)) throw commandError('addFamily', `a family "${id}" already exists`);
  transact(doc, 'addFamily', () =>
    families.set(id, record({ ...fields, order: nextOrder(families) })),
  );
  return id;
}

const familyPatchSchema = v.partial(v.omit(familySchema, ['order']));

/** Changes fields of a family; a field set to undefined is removed (safety stock, max cover). */
export function updateFamily(
  doc: CycleDoc,
  id: string,
  patch: v.InferInput<typeof familyPatchSchema>,
): void {
  const family = existing(doc, 'families', id, 'updateFamily');
  const fields = checked('updateFamily', familyPatchSchema, patch);
  for (const required of ['name', 'price', 'unitCost', 'openingInventory'] as const) {
    if (required in patch && fields[required] === undefined) {
      throw commandError('updateFamily', `${required} cannot be removed`);
    }
  }
  transact(doc, 'updateFamily', () => writeFields(family, { ...fields }));
}

/**
 * Deletes a family with its cells, history and loads. A cell another person edits at
 * the same moment can outlive the family in the document; it belongs to no family, so
 * the plan (and the engine) never sees it.
 */
export function deleteFamily(doc: CycleDoc, id: string): void {
  existing(doc, 'families', id, 'deleteFamily');
  transact(doc, 'deleteFamily', () => {
    collection(doc, 'families').delete(id);
    for (const name of GRIDS.filter((name) => name !== 'capacity')) {
      deleteKeysOf(grid(doc, name), id);
      baseRows(doc, name).delete(id);
    }
    deleteKeysOf(collection(doc, 'loads'), id);
  });
}

const newResourceSchema = v.strictObject({
  id: v.optional(idSchema),
  name: resourceSchema.entries.name,
  extraHourCost: resourceSchema.entries.extraHourCost,
});

/** Adds a key resource at the end of the list; returns its id. */
export function addResource(doc: CycleDoc, input: v.InferInput<typeof newResourceSchema>): string {
  const { id: given, ...fields } = checked('addResource', newResourceSchema, input);
  const resources = collection(doc, 'resources');
  const id = given ?? newId('R');
  if (resources.has(id)) throw commandError('addResource', `a resource "${id}" already exists`);
  transact(doc, 'addResource', () =>
    resources.set(id, record({ ...fields, order: nextOrder(resources) })),
  );
  return id;
}

/**
 * Sets what one hour of a resource above the base plan's capacity costs; undefined
 * removes it (capacity is then free).
 */
export function setExtraHourCost(doc: CycleDoc, id: string, cost: number | undefined): void {
  const resource = existing(doc, 'resources', id, 'setExtraHourCost');
  const checkedCost = checked('setExtraHourCost', resourceSchema.entries.extraHourCost, cost);
  transact(doc, 'setExtraHourCost', () => writeFields(resource, { extraHourCost: checkedCost }));
}

const settingsPatchSchema = v.partial(settingsSchema);

/**
 * Changes the plan's settings (budget tolerance, tracking window and limit, fiscal year
 * start, rates): each field given is set, each given as undefined goes back to its
 * default. Throws, writing nothing, on a value outside the setting's bounds.
 */
export function updateSettings(doc: CycleDoc, patch: PlanSettings): void {
  const fields = checked('updateSettings', settingsPatchSchema, patch);
  const settings = settingsMap(doc);
  transact(doc, 'updateSettings', () =>
    writeFields(
      settings,
      Object.fromEntries(Object.keys(patch).map((key) => [key, fields[key as keyof PlanSettings]])),
    ),
  );
}

/** Renames a resource. */
export function renameResource(doc: CycleDoc, id: string, name: string): void {
  const resource = existing(doc, 'resources', id, 'renameResource');
  const checkedName = checked('renameResource', resourceSchema.entries.name, name);
  transact(doc, 'renameResource', () => resource.set('name', checkedName));
}

/** Deletes a resource with its capacity cells and the loads on it. */
export function deleteResource(doc: CycleDoc, id: string): void {
  existing(doc, 'resources', id, 'deleteResource');
  transact(doc, 'deleteResource', () => {
    collection(doc, 'resources').delete(id);
    deleteKeysOf(grid(doc, 'capacity'), id);
    baseRows(doc, 'capacity').delete(id);
    const loads = collection(doc, 'loads');
    for (const key of [...loads.keys()]) if (key.endsWith(`|${id}`)) loads.delete(key);
  });
}

/** Sets the hours of a resource that one unit of a family needs (0 keeps the link). */
export function setLoad(
  doc: CycleDoc,
  family: string,
  resource: string,
  hoursPerUnit: number,
): void {
  existing(doc, 'families', family, 'setLoad');
  existing(doc, 'resources', resource, 'setLoad');
  const hours = checked('setLoad', quantitySchema, hoursPerUnit);
  const loads = collection(doc, 'loads');
  const key = pairKey(family, resource);
  transact(doc, 'setLoad', () => {
    const load = loads.get(key);
    if (load) load.set('hoursPerUnit', hours);
    else loads.set(key, record({ hoursPerUnit: hours, order: nextOrder(loads) }));
  });
}

/** Removes a family's load on a resource. */
export function removeLoad(doc: CycleDoc, family: string, resource: string): void {
  transact(doc, 'removeLoad', () => collection(doc, 'loads').delete(pairKey(family, resource)));
}

/** Sets the cycle's title. */
export function setTitle(doc: CycleDoc, title: string): void {
  const text = checked('setTitle', v.pipe(v.string(), v.minLength(1), v.maxLength(200)), title);
  transact(doc, 'setTitle', () => metaMap(doc).set('title', text));
}

/** A new record map holding `fields`. */
export function record(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) map.set(key, value);
  return map;
}

function existing(doc: CycleDoc, name: 'families' | 'resources', id: string, command: string) {
  const found = collection(doc, name).get(id);
  if (!found)
    throw commandError(command, `unknown ${name === 'families' ? 'family' : 'resource'} "${id}"`);
  return found;
}

function deleteKeysOf<T>(map: Y.Map<T>, id: string): void {
  const prefix = `${id}|`;
  for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
}
