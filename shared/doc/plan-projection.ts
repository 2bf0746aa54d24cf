import * as v from 'valibot';
import * as Y from 'yjs';
import { monthRange } from '../dates.ts';
import {
  consensusDemand,
  consensusOf,
  IncrementalReconciler,
  isMonth,
  monthOrdinal,
  type CellChange,
} from '../engine/index.ts';
import {
  type ActualMonth,
  type Family,
  type HistoryPoint,
  type Plan,
  type PlanSettings,
  type Reconciliation,
  type Resource,
} from '../engine/types.ts';
import { MAX_PLAN_NUMBER } from '../engine/plausibility.ts';
import {
  ACTUAL_FIELD_OF,
  ACTUALS_GRID_NAMES,
  HISTORY_GRID_NAMES,
  type ActualsGridName,
} from '../schema/grids.ts';
import {
  familySchema,
  idSchema,
  isQuantity,
  loadSchema,
  metaSchema,
  resourceSchema,
  settingsSchema,
} from '../schema/records.ts';
import {
  baseRows,
  cellValue,
  collection,
  forecastMap,
  grid,
  GRID_NAMES,
  metaMap,
  settingsMap,
  splitKey,
  type DocGridName,
  type GridName,
} from './layout.ts';
import { changedTypes } from './transaction-roots.ts';
import { defineLazyField } from '../lazy-field.ts';
import { forEachRowValue, rowValuesFrom } from './grid-rows.ts';
import { readCell, readDemandStreams, readHistoryMarks, readSnapshots } from './stream-reading.ts';
import { type CycleDoc, yDoc } from './cycle-doc.ts';

/** A plan read from a document, with what had to be left out and why. */
export interface PlanReading {
  plan: Plan;
  /** One line per value left out (invalid, or belonging to nothing). */
  dropped: string[];
  /** Why the document holds no plan (no plan imported, or unreadable metadata). */
  problem?: string;
  /**
   * What happened in the horizon's first month, recorded as it ends, per family: the
   * plan file keeps actuals of ended months only, so these wait here for the roll-over,
   * which opens the next cycle from them and moves them into its actuals.
   */
  endingActuals?: Record<string, ActualMonth>;
}

/**
 * The plan file (domain.md section 3) of a cycle document, in canonical order:
 * families, resources and loads by their position (then id), cells by family and
 * month. Values that fail their schema (written by a client that skipped the checks)
 * and cells of deleted families or resources are left out and listed, so the engine
 * never sees them. Every peer with the same document reads the same plan.
 */
export function readPlan(doc: CycleDoc): PlanReading {
  const dropped: string[] = [];
  const meta = metaMap(doc);
  const metaCheck = v.safeParse(metaSchema, meta.toJSON());
  const problem =
    meta.get('firstPeriod') === undefined
      ? 'this cycle has no plan yet: import a plan file'
      : metaCheck.success
        ? undefined
        : `the cycle's metadata is unreadable: ${v.getDotPath(metaCheck.issues[0]) ?? ''} ${metaCheck.issues[0].message}`;
  const cycle = String(meta.get('cycle') ?? '');
  const first = meta.get('firstPeriod');
  const count = Number(meta.get('periodCount') ?? 0);
  const periods = problem === undefined && isMonth(first) ? monthRange(first, count) : [];

  const families = ordered(doc, 'families', familySchema, dropped).map(
    ([id, { order: _order, ...fields }]): Family => ({ id, ...fields }),
  );
  const resources = ordered(doc, 'resources', resourceSchema, dropped).map(
    ([id, { order: _order, ...fields }]): Resource => ({ id, ...fields }),
  );
  const familyIds = new Set(families.map((f) => f.id));
  const resourceIds = new Set(resources.map((r) => r.id));
  const loads = ordered(doc, 'loads', loadSchema, dropped).flatMap(([key, { hoursPerUnit }]) => {
    const [family, resource] = splitKey(key);
    if (familyIds.has(family) && resourceIds.has(resource))
      return [{ family, resource, hoursPerUnit }];
    dropped.push(`loads.${key}: belongs to no family or resource`);
    return [];
  });

  // The sections of version 2 appear only when the document holds something for them,
  // in the plan file's order (the order of the `Plan` type).
  const marginBudget = gridRows(doc, 'marginBudget', families, periods, dropped);
  const settings = readSettings(doc, dropped);
  const baseline = gridRows(doc, 'demand', families, periods, dropped);
  const demandStreams = readDemandStreams(doc, familyIds, new Set(periods), baseline, dropped);
  const forecastSnapshots = readSnapshots(doc, dropped);
  const historyMarks = readHistoryMarks(doc, familyIds, dropped);
  // History and actuals (most of a cycle's values) are read when first asked for: the
  // plan's first frame and its reconciliation do not need them. They are of the document
  // as it is now: a change to it reads them first.
  const ended = once(() => actualRows(doc, families, periods[0], dropped));
  const history = once(() => historyRows(doc, families, dropped));
  const readBeforeChange = () => {
    yDoc(doc).off('beforeTransaction', readBeforeChange);
    history();
    ended();
  };
  yDoc(doc).on('beforeTransaction', readBeforeChange);
  const plan: Plan = {
    format: 'fulcrum.plan',
    version: 2,
    cycle,
    currency: String(meta.get('currency') ?? ''),
    periods,
    families,
    resources,
    loads,
    demand: baseline,
    supply: gridRows(doc, 'supply', families, periods, dropped),
    capacity: gridRows(doc, 'capacity', resources, periods, dropped),
    budget: gridRows(doc, 'budget', families, periods, dropped),
    ...(Object.keys(marginBudget).length > 0 && { marginBudget }),
    history: {},
    ...(holdsAny(doc, ACTUALS_GRID_NAMES) && { actuals: {} }),
    ...(settings && { settings }),
    ...(demandStreams && { demandStreams }),
    ...(forecastSnapshots.length > 0 && { forecastSnapshots }),
    ...(Object.keys(historyMarks).length > 0 && { historyMarks }),
  };
  defineLazyField(plan, 'history', history);
  if ('actuals' in plan) {
    defineLazyField(plan, 'actuals', () => {
      const { actuals } = ended();
      return Object.keys(actuals).length > 0 ? actuals : undefined;
    });
  }
  // The plan uses the consensus where functions adjusted demand (domain.md 4.12).
  if (demandStreams) plan.demand = consensusDemand(plan);
  const reading = {
    plan,
    // Complete once history and actuals are read: reading it reads them.
    get dropped() {
      readBeforeChange();
      return dropped;
    },
  } as PlanReading;
  defineLazyField(reading, 'endingActuals', () => {
    const { ending } = ended();
    return Object.keys(ending).length > 0 ? ending : undefined;
  });
  if (problem !== undefined) reading.problem = problem;
  return reading;
}

/** `compute`'s value, worked out at the first call and kept. */
function once<T>(compute: () => T): () => T {
  let value: { of: T } | undefined;
  return () => (value ??= { of: compute() }).of;
}

/** Whether any of `grids` holds an imported row or an edit. */
function holdsAny(doc: CycleDoc, grids: readonly DocGridName[]): boolean {
  return grids.some((name) => baseRows(doc, name).size > 0 || grid(doc, name).size > 0);
}

/** The plan file of a cycle document (see `readPlan`). */
export function docToPlan(doc: CycleDoc): Plan {
  return readPlan(doc).plan;
}

function ordered<S extends v.GenericSchema<unknown, { order: number }>>(
  doc: CycleDoc,
  name: 'families' | 'resources' | 'loads',
  schema: S,
  dropped: string[],
): [string, v.InferOutput<S>][] {
  const items: [string, v.InferOutput<S>][] = [];
  collection(doc, name).forEach((record, id) => {
    const parsed = v.safeParse(schema, record instanceof Y.Map ? record.toJSON() : record);
    const validId = name === 'loads' || v.is(idSchema, id);
    if (parsed.success && validId) items.push([id, parsed.output]);
    else
      dropped.push(
        `${name}.${id}: ${parsed.success ? 'not a valid id' : parsed.issues[0].message}`,
      );
  });
  // Position first, then id by code unit: the same order on every peer.
  return items.sort(([a, x], [b, y]) => x.order - y.order || (a < b ? -1 : a > b ? 1 : 0));
}

function gridRows(
  doc: CycleDoc,
  name: DocGridName,
  items: { id: string }[],
  periods: string[],
  dropped: string[],
): Record<string, Record<string, number>> {
  const base = baseRows(doc, name);
  const edits = editsById(doc, name);
  const rows: Record<string, Record<string, number>> = {};
  for (const { id } of items) {
    const imported = base.get(id);
    const edited = edits.get(id);
    if (imported === undefined && edited === undefined) continue;
    const importedValues =
      imported === undefined ? undefined : rowValuesFrom(imported, periods[0], periods.length);
    let row: Record<string, number> | undefined;
    for (let i = 0; i < periods.length; i++) {
      const month = periods[i];
      const value = edited?.has(month) ? edited.get(month) : importedValues?.[i];
      if (value === undefined || value === null) continue;
      if (!isPlanNumber(value)) {
        dropped.push(`${name}.${id}.${month}: not a number from 0 to 10^12`);
        continue;
      }
      (row ??= {})[month] = value;
    }
    if (row) rows[id] = row;
  }
  return rows;
}

/** A grid's per-cell edits grouped by id (usually few next to the imported rows). */
function editsById(doc: CycleDoc, name: DocGridName): Map<string, Map<string, unknown>> {
  const byId = new Map<string, Map<string, unknown>>();
  for (const [key, value] of grid(doc, name).entries()) {
    const [id, month] = splitKey(key);
    let row = byId.get(id);
    if (!row) byId.set(id, (row = new Map()));
    row.set(month, value);
  }
  return byId;
}

function historyRows(
  doc: CycleDoc,
  families: { id: string }[],
  dropped: string[],
): Plan['history'] {
  const history: Plan['history'] = {};
  eachFamilyCell(doc, HISTORY_GRID_NAMES, families, dropped, (id, month, kind, value) => {
    ((history[id] ??= {})[month] ??= {})[kind as keyof HistoryPoint] = value;
  });
  return inMonthOrder(history);
}

/**
 * The actuals, one grid per field: of ended months (before `first`, the plan's), and of
 * the month `first` itself as it ends (for the roll-over). Later months are left out.
 */
function actualRows(
  doc: CycleDoc,
  families: { id: string }[],
  first: string | undefined,
  dropped: string[],
): { actuals: NonNullable<Plan['actuals']>; ending: Record<string, ActualMonth> } {
  const actuals: NonNullable<Plan['actuals']> = {};
  const ending: Record<string, ActualMonth> = {};
  const firstOrdinal = first === undefined ? -Infinity : monthOrdinal(first);
  const notEnded = new Set<string>();
  eachFamilyCell(doc, ACTUALS_GRID_NAMES, families, dropped, (id, month, name, value) => {
    const at = monthOrdinal(month);
    if (at > firstOrdinal) {
      const key = `${id}|${month}`;
      if (!notEnded.has(key)) {
        notEnded.add(key);
        dropped.push(`actuals.${id}.${month}: a month that has not ended`);
      }
      return;
    }
    const entry = at === firstOrdinal ? (ending[id] ??= {}) : ((actuals[id] ??= {})[month] ??= {});
    entry[ACTUAL_FIELD_OF[name as ActualsGridName]] = value;
  });
  return { actuals: inMonthOrder(actuals), ending };
}

/**
 * Calls `visit` with every cell of `grids` for each family (its edits over its imported
 * rows), grid by grid, each grid's months in order. Values that are not a number from 0
 * to 10^12, or not of a month, are left out and listed.
 */
function eachFamilyCell(
  doc: CycleDoc,
  grids: readonly DocGridName[],
  families: { id: string }[],
  dropped: string[],
  visit: (id: string, month: string, name: DocGridName, value: number) => void,
): void {
  // Read straight from the imported rows and the edits: no copy of every grid is made.
  const sources = grids.map((name) => ({
    name,
    base: baseRows(doc, name),
    edits: editsById(doc, name),
  }));
  // The same few hundred months recur in every row: each is checked once.
  const checked = new Map<string, boolean>();
  const isMonthOnce = (month: string) => {
    let valid = checked.get(month);
    if (valid === undefined) checked.set(month, (valid = isMonth(month)));
    return valid;
  };
  for (const { id } of families) {
    for (const { name, base, edits } of sources) {
      const add = (month: string, value: unknown) => {
        if (isMonthOnce(month) && isPlanNumber(value)) visit(id, month, name, value);
        else dropped.push(`${name}.${id}.${month}: not a month and a number from 0 to 10^12`);
      };
      const edited = edits.get(id);
      forEachRowValue(base.get(id), (month, value) => {
        if (!edited?.has(month)) add(month, value);
      });
      if (edited) {
        for (const [month, value] of edited) if (value !== null) add(month, value);
      }
    }
  }
}

/** `byFamily` with each family's months in order (`YYYY-MM` sorts as text). */
function inMonthOrder<T>(
  byFamily: Record<string, Record<string, T>>,
): Record<string, Record<string, T>> {
  for (const [id, months] of Object.entries(byFamily)) {
    const keys = Object.keys(months);
    if (keys.every((month, i) => i === 0 || keys[i - 1] < month)) continue;
    byFamily[id] = Object.fromEntries(keys.sort().map((month) => [month, months[month]]));
  }
  return byFamily;
}

/**
 * The plan's settings, or undefined when the document holds none, in the schema's order
 * (the same on every peer). Values outside their bounds and unknown keys are left out.
 */
function readSettings(doc: CycleDoc, dropped: string[]): PlanSettings | undefined {
  const stored = settingsMap(doc);
  const entries = settingsSchema.entries as v.ObjectEntries;
  let settings: PlanSettings | undefined;
  for (const [key, schema] of Object.entries(entries)) {
    const value = stored.get(key);
    if (value === undefined) continue;
    if (v.is(schema, value)) (settings ??= {})[key as keyof PlanSettings] = value as number;
    else dropped.push(`settings.${key}: outside its bounds`);
  }
  for (const key of [...stored.keys()].sort()) {
    if (!(key in entries)) dropped.push(`settings.${key}: not a setting`);
  }
  return settings;
}

/** A family's number: opening inventory may be negative (a backlog owed), others not. */
function isFamilyNumber(field: string, value: unknown): value is number {
  return field === 'openingInventory'
    ? typeof value === 'number' && Math.abs(value) <= MAX_PLAN_NUMBER
    : isPlanNumber(value);
}

/** A number a plan takes: finite, from 0 to 10^12. */
function isPlanNumber(value: unknown): value is number {
  return isQuantity(value) && value <= MAX_PLAN_NUMBER;
}

const FAMILY_CELL_FIELDS = new Set(['price', 'unitCost', 'openingInventory', 'safetyStock']);
const CELL_GRIDS = new Set<string>(GRID_NAMES);

/**
 * The plan and its reconciliation, kept current from the document's events. A cell
 * edit (demand, supply, budget, capacity, or a family's price, unit cost, opening
 * inventory or safety stock) updates the plan in place and refreshes the results
 * through the engine's incremental path, without re-reading the document; anything
 * structural (families, resources, loads, horizon, history) re-reads it on next use.
 */
export class PlanProjection {
  readonly #doc: CycleDoc;
  #plan: Plan | undefined;
  #reconciler: IncrementalReconciler | undefined;
  #problem: string | undefined;
  #stale = true;
  #version = 0;
  readonly #onTransaction: (transaction: Y.Transaction) => void;

  readonly #whenIdle: ((work: () => void) => void) | undefined;

  /**
   * Starts following a document; call `destroy` to stop. `whenIdle`, when given, is
   * handed the reading of the history and actuals after each full read of the plan (a
   * page runs it when idle), so that no person's action is the one to pay for it.
   */
  constructor(doc: CycleDoc, whenIdle?: (work: () => void) => void) {
    this.#doc = doc;
    this.#whenIdle = whenIdle;
    this.#onTransaction = (transaction) => this.#absorb(transaction);
    yDoc(doc).on('afterTransaction', this.#onTransaction);
  }

  /** The current plan, or undefined when the document holds no valid plan (see `problem`). */
  get plan(): Plan | undefined {
    this.#refresh();
    return this.#plan;
  }

  /** The current reconciliation of the plan. */
  get result(): Reconciliation | undefined {
    this.#refresh();
    return this.#reconciler?.result;
  }

  /** Why there is no plan, when there is none. */
  get problem(): string | undefined {
    this.#refresh();
    return this.#problem;
  }

  /** Counts changes seen, so a view can tell that results moved. */
  get version(): number {
    return this.#version;
  }

  /** Stops following the document. */
  destroy(): void {
    yDoc(this.#doc).off('afterTransaction', this.#onTransaction);
  }

  #refresh(): void {
    if (!this.#stale) return;
    this.#stale = false;
    // readPlan checks every record and cell it keeps, so its plan is a valid plan file.
    const reading = readPlan(this.#doc);
    this.#problem = reading.problem;
    this.#plan = reading.problem === undefined ? reading.plan : undefined;
    this.#reconciler = this.#plan ? new IncrementalReconciler(this.#plan) : undefined;
    const plan = this.#plan;
    if (plan) {
      this.#whenIdle?.(() => {
        void plan.history;
        void plan.actuals;
      });
    }
  }

  #absorb(transaction: Y.Transaction): void {
    if (transaction.changed.size === 0) return;
    this.#version++;
    if (this.#stale) return;
    const changes = this.#cellChanges(transaction);
    if (changes === null) {
      this.#stale = true;
      return;
    }
    if (changes.length > 0) this.#reconciler!.apply(changes);
  }

  /** The transaction as cell changes, applied to the plan; null when it is structural. */
  #cellChanges(transaction: Y.Transaction): CellChange[] | null {
    const plan = this.#plan;
    if (!plan) return null;
    const changes: CellChange[] = [];
    const periods = new Set(plan.periods);
    const families = collection(this.#doc, 'families');
    // Family-months whose demand streams changed: their consensus is read again below.
    const restacked = new Set<string>();
    for (const { type, keys, root, depth, recordId } of changedTypes(this.#doc, transaction)) {
      // Work items, the meeting and the cycle's life never move the plan.
      if (root && root.area !== 'plan') continue;
      const name = root?.name;
      if (name === 'adjustments' || name === 'overrides') {
        // A new stream's first adjustment or a plan without streams changes its shape.
        if (!plan.demandStreams) return null;
        for (const key of depth === 0 ? keys : [recordId ?? null]) {
          if (key === null) return null;
          const [family, rest] = splitKey(key);
          const month = name === 'adjustments' ? splitKey(rest)[0] : rest;
          if (plan.families.some((f) => f.id === family) && periods.has(month)) {
            restacked.add(`${family}|${month}`);
          }
        }
      } else if (depth === 0 && name === 'demand') {
        for (const key of keys) {
          if (key === null) return null;
          restacked.add(key);
        }
      } else if (depth === 0 && name !== undefined && CELL_GRIDS.has(name)) {
        for (const key of keys) {
          if (key === null) return null;
          const [id, month] = splitKey(key);
          const isResource = name === 'capacity';
          const exists = (isResource ? plan.resources : plan.families).some((x) => x.id === id);
          if (!exists || !periods.has(month)) continue;
          const raw = cellValue(this.#doc, name as GridName, id, month);
          if (raw !== undefined && !isPlanNumber(raw)) return null;
          const value = (raw as number | undefined) ?? 0;
          const rows = plan[name as 'demand'];
          if (raw === undefined) delete rows[id]?.[month];
          else (rows[id] ??= {})[month] = value;
          changes.push(
            isResource
              ? { kind: 'capacity', resource: id, period: month, value }
              : name === 'budget'
                ? // A cleared budget cell is no budget, not a budget of 0.
                  {
                    kind: 'budget',
                    family: id,
                    period: month,
                    value: raw === undefined ? null : value,
                  }
                : { kind: name as 'demand', family: id, period: month, value },
          );
        }
      } else if (depth === 1 && name === 'families') {
        const family = plan.families.find((f) => f.id === recordId);
        if (!family || (families.get(family.id) as unknown) !== type) return null;
        for (const key of keys) {
          if (key === null || !FAMILY_CELL_FIELDS.has(key)) return null;
          const raw = (type as unknown as Y.Map<unknown>).get(key);
          // Opening inventory may be negative (a backlog owed); the others may not.
          if (!isFamilyNumber(key, raw)) return null;
          family[key as 'price'] = raw;
          changes.push({ kind: key as 'price', family: family.id, value: raw });
        }
      } else {
        return null;
      }
    }
    for (const key of restacked) {
      const change = this.#restack(plan, ...splitKey(key));
      if (change === null) return null;
      if (change) changes.push(change);
    }
    // As a read of the document would: no streams section once nothing is adjusted.
    const streams = plan.demandStreams;
    if (
      streams &&
      !forecastMap(this.#doc).has('streams') &&
      Object.keys(streams.adjustments).length === 0 &&
      Object.keys(streams.overrides).length === 0
    ) {
      delete plan.demandStreams;
    }
    return changes;
  }

  /**
   * Reads one family-month's baseline and streams again and sets its demand to their
   * consensus: the change to apply, undefined when the cell is not the plan's, null
   * when the baseline is unreadable (then the plan is read whole).
   */
  #restack(plan: Plan, family: string, month: string): CellChange | null | undefined {
    if (!plan.families.some((f) => f.id === family) || !plan.periods.includes(month)) return;
    const raw = cellValue(this.#doc, 'demand', family, month);
    if (raw !== undefined && !isPlanNumber(raw)) return null;
    const streams = plan.demandStreams;
    const cell = streams ? readCell(this.#doc, family, month, streams.streams) : undefined;
    const adjusted = cell && (Object.keys(cell.adjustments).length > 0 || cell.override);
    if (streams) {
      setOrDelete(streams.adjustments, family, month, adjusted ? cell.adjustments : undefined);
      setOrDelete(streams.overrides, family, month, cell?.override);
      setOrDelete(
        streams.baseline,
        family,
        month,
        adjusted ? (raw as number | undefined) : undefined,
      );
    }
    const value = adjusted
      ? consensusOf({ baseline: (raw as number | undefined) ?? null, ...cell })
      : (raw as number | undefined);
    if (value === undefined) delete plan.demand[family]?.[month];
    else (plan.demand[family] ??= {})[month] = value;
    return { kind: 'demand', family, period: month, value: value ?? 0 };
  }
}

/** Sets or removes one family-month of a by-family, by-month record. */
function setOrDelete<T>(
  rows: Record<string, Record<string, T>>,
  family: string,
  month: string,
  value: T | undefined,
): void {
  if (value !== undefined) (rows[family] ??= {})[month] = value;
  else if (rows[family]) {
    delete rows[family][month];
    if (Object.keys(rows[family]).length === 0) delete rows[family];
  }
}
