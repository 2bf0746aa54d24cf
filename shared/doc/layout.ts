import * as Y from 'yjs';
import { commandError } from '../schema/command-error.ts';
import {
  ACTUALS_GRID_NAMES,
  BUDGET_GRID_NAMES,
  GRID_NAMES,
  HISTORY_GRID_NAMES,
} from '../schema/grids.ts';
import { CommandOrigin, MigrationOrigin, RecordOrigin } from './origins.ts';
import { type CycleDoc, yDoc } from './cycle-doc.ts';
import { utcDay } from '../dates.ts';
import { forEachRowValue, rowValue } from './grid-rows.ts';

/**
 * The layout of a cycle's Y.Doc. Every collection is a root Y.Map; records are nested
 * Y.Maps of primitive fields, so two people editing different fields of one record
 * both keep their edit.
 *
 * A grid (demand, supply, budget, capacity, the margin budget, the history grids and one
 * grid per field of the actuals) is two maps, chosen by
 * measurement (see the README): `<grid>Base` holds each row as one value (a
 * `StoredRow`: its first month, then a value per month), written by an import in one
 * piece, and `<grid>` holds per-cell edits keyed `id|month` (a number, or
 * null for a cleared cell). A cell's value is its edit if it has one, else its row's.
 * Edits merge per cell, never per row; a 500-family cycle loads as 1,600 rows instead
 * of 65,000 entries, which keeps the document small and its first load fast.
 */

export { GRID_NAMES, type GridName } from '../schema/grids.ts';

/**
 * Every grid the document keeps: the plan's four inputs, the margin budget, the history
 * (actual sales and what the plans had) and one grid per field of the actuals.
 */
export const GRIDS = [
  ...GRID_NAMES,
  ...BUDGET_GRID_NAMES,
  ...HISTORY_GRID_NAMES,
  ...ACTUALS_GRID_NAMES,
] as const;
/** A grid the document keeps (see {@link GRIDS}). */
export type DocGridName = (typeof GRIDS)[number];

/** Collections of work items: what people decide and do; they never move the plan. */
export const WORK_COLLECTIONS = [
  'gapNotes',
  'risks',
  'decisions',
  'actions',
  'npi',
  'agenda',
  'stages',
  'signoffs',
  'attendance',
  'comments',
  'inputs',
  'prereadReads',
  'scenarios',
  'scenarioOverrides',
  'revisions',
] as const;

/**
 * The demand streams' records (domain.md 4.12): each function's adjustment of a
 * family-month keyed `family|month|stream`, and a consensus set by hand keyed
 * `family|month`, and the months of demand history a person marked for the baseline
 * (`family|month`). The `demand` grid is the baseline under them.
 */
export const STREAM_COLLECTIONS = ['adjustments', 'overrides', 'historyMarks'] as const;

/** Collections of records keyed by id, each record a Y.Map of fields. */
export const COLLECTIONS = [
  'families',
  'resources',
  'loads',
  ...STREAM_COLLECTIONS,
  ...WORK_COLLECTIONS,
] as const;
/** A collection's name. */
export type CollectionName = (typeof COLLECTIONS)[number];

/** A work collection's name: the records people decide and do. */
export type WorkCollectionName = (typeof WORK_COLLECTIONS)[number];

/**
 * The area of the document a root belongs to: the plan's inputs as one area, each work
 * collection on its own, the meeting state, and the cycle's life (its closure, the plan
 * of the cycle before it, the pre-read).
 */
export type RootArea = 'plan' | 'meeting' | 'cycle' | WorkCollectionName;

/** One root map of a cycle document and the rules that follow from it. */
export interface DocumentRoot {
  /** The root's name in the Y.Doc. */
  readonly name: string;
  /** The area a change to it counts for (see `onDocChange`). */
  readonly area: RootArea;
  /**
   * What it holds: records keyed by id (`collection`), a grid's per-cell edits keyed
   * `id|month` (`cells`), a grid's imported rows keyed by id (`rows`), or plain fields.
   */
  readonly kind: 'collection' | 'cells' | 'rows' | 'fields';
  /** True when a person's undo takes back their commands' writes to it. */
  readonly isUndoable: boolean;
  /** True when `docSnapshot` copies it (what peers compare; grids are compared as the plan). */
  readonly isInSnapshot: boolean;
  /** True when the cycle file carries it (as the plan, work items, meeting or cycle life). */
  readonly isInCycleFile: boolean;
}

const root = (
  name: string,
  area: RootArea,
  kind: DocumentRoot['kind'],
  rules: { isUndoable: boolean; isInSnapshot: boolean },
): DocumentRoot => ({ name, area, kind, ...rules, isInCycleFile: true });
const PERSONAL_WRITE = { isUndoable: true, isInSnapshot: true };

/**
 * Every root map of a cycle document: the one table the document's modules read to know
 * what a root is, which area a change to it counts for, what undo tracks, what a
 * snapshot copies and what a cycle file carries. A root that is not listed here is not
 * part of a cycle: changes to it are ignored. The cycle's life (closure, previous plan,
 * pre-read) is not undoable: it is written once, by closing a cycle, starting the next
 * or publishing the pre-read.
 */
export const DOCUMENT_ROOTS: readonly DocumentRoot[] = [
  root('meta', 'plan', 'fields', PERSONAL_WRITE),
  root('settings', 'plan', 'fields', { isUndoable: true, isInSnapshot: false }),
  root('families', 'plan', 'collection', PERSONAL_WRITE),
  root('resources', 'plan', 'collection', PERSONAL_WRITE),
  root('loads', 'plan', 'collection', PERSONAL_WRITE),
  root('adjustments', 'plan', 'collection', { isUndoable: true, isInSnapshot: false }),
  root('overrides', 'plan', 'collection', { isUndoable: true, isInSnapshot: false }),
  root('historyMarks', 'plan', 'collection', { isUndoable: true, isInSnapshot: false }),
  root('demandReview', 'plan', 'fields', { isUndoable: true, isInSnapshot: false }),
  ...GRIDS.flatMap((name) => [
    root(name, 'plan', 'cells', { isUndoable: true, isInSnapshot: false }),
    root(`${name}Base`, 'plan', 'rows', { isUndoable: true, isInSnapshot: false }),
  ]),
  ...WORK_COLLECTIONS.map((name) => root(name, name, 'collection', PERSONAL_WRITE)),
  root('meeting', 'meeting', 'fields', PERSONAL_WRITE),
  root('closure', 'cycle', 'fields', { isUndoable: false, isInSnapshot: false }),
  root('previous', 'cycle', 'fields', { isUndoable: false, isInSnapshot: false }),
  root('preread', 'cycle', 'fields', { isUndoable: false, isInSnapshot: false }),
  root('snapshots', 'cycle', 'fields', { isUndoable: false, isInSnapshot: false }),
];

const ROOTS_BY_NAME = new Map(DOCUMENT_ROOTS.map((entry) => [entry.name, entry]));

/** The registry entry of a root by name; undefined for a root that is not part of a cycle. */
export function documentRoot(name: string): DocumentRoot | undefined {
  return ROOTS_BY_NAME.get(name);
}

/** A root of the document as its Y.Map (every root of a cycle is a map). */
export function rootMap(doc: CycleDoc, entry: DocumentRoot): Y.Map<unknown> {
  return yDoc(doc).getMap(entry.name);
}

/** The metadata map: schemaVersion, cycle, title, currency, firstPeriod, periodCount. */
export function metaMap(doc: CycleDoc): Y.Map<unknown> {
  return yDoc(doc).getMap('meta');
}

/**
 * The plan's settings (domain.md section 3): budget tolerance, tracking window and
 * limit, fiscal year start, holding and penalty rates; a field absent is its default.
 */
export function settingsMap(doc: CycleDoc): Y.Map<unknown> {
  return yDoc(doc).getMap('settings');
}

/** The meeting state: current agenda item and when it and the meeting started. */
export function meetingMap(doc: CycleDoc): Y.Map<unknown> {
  return yDoc(doc).getMap('meeting');
}

/** The root map that marks a cycle closed. Once set, every named command refuses to write. */
export function closureMap(doc: CycleDoc): Y.Map<unknown> {
  return yDoc(doc).getMap('closure');
}

/** The root map that keeps the previous cycle's plan (for plan over plan). */
export function previousMap(doc: CycleDoc): Y.Map<unknown> {
  return yDoc(doc).getMap('previous');
}

/** The root map that keeps the published pre-read: when, by whom, and the plan as it was. */
export function prereadMap(doc: CycleDoc): Y.Map<unknown> {
  return yDoc(doc).getMap('preread');
}

/** The demand review's fields: the adjustment streams and the last baseline used. */
export function forecastMap(doc: CycleDoc): Y.Map<unknown> {
  return yDoc(doc).getMap('demandReview');
}

/**
 * The forecasts frozen at the close of earlier cycles, keyed by cycle (`2026-11`), each
 * a `ForecastSnapshot`. Only the server writes them, when it starts a cycle.
 */
export function snapshotsMap(doc: CycleDoc): Y.Map<unknown> {
  return yDoc(doc).getMap('snapshots');
}

/** A grid's per-cell edits keyed `id|month`: a number, or null for a cleared cell. */
export function grid(doc: CycleDoc, name: DocGridName): Y.Map<number | null> {
  return yDoc(doc).getMap(name);
}

/**
 * A grid's rows as imported, keyed by id, each a `StoredRow` as stored (read them with
 * `rowValue` and `forEachRowValue`, write them with `packRow`).
 */
export function baseRows(doc: CycleDoc, name: DocGridName): Y.Map<unknown> {
  return yDoc(doc).getMap(`${name}Base`);
}

/** A cell's current value: its edit, else its imported row's; undefined when it has none. */
export function cellValue(doc: CycleDoc, name: DocGridName, id: string, month: string): unknown {
  const edit = grid(doc, name).get(pairKey(id, month));
  if (edit !== undefined) return edit === null ? undefined : edit;
  return rowValue(baseRows(doc, name).get(id), month);
}

/**
 * Every cell of a grid with a value, by id then month (edits over imported rows). The
 * values are as stored: readers check them before use.
 */
export function gridCells(doc: CycleDoc, name: DocGridName): Map<string, Map<string, unknown>> {
  const cells = new Map<string, Map<string, unknown>>();
  for (const [id, row] of baseRows(doc, name).entries()) {
    const months = new Map<string, unknown>();
    forEachRowValue(row, (month, value) => months.set(month, value));
    if (months.size > 0) cells.set(id, months);
  }
  for (const [key, value] of grid(doc, name).entries()) {
    const [id, month] = splitKey(key);
    let row = cells.get(id);
    if (!row) cells.set(id, (row = new Map()));
    if (value === null) row.delete(month);
    else row.set(month, value);
  }
  return cells;
}

/** A collection of records keyed by id. */
export function collection(doc: CycleDoc, name: CollectionName): Y.Map<Y.Map<unknown>> {
  return yDoc(doc).getMap(name);
}

/** The key of a cell or a pair: `a|b`. Ids never contain `|` (the schema refuses it). */
export function pairKey(a: string, b: string): string {
  return `${a}|${b}`;
}

/** The two parts of a `a|b` key. */
export function splitKey(key: string): [string, string] {
  const at = key.indexOf('|');
  return [key.slice(0, at), key.slice(at + 1)];
}

/**
 * Runs `write` as {@link transact} does, as a command whose result becomes part of the
 * meeting's record ({@link RecordOrigin}): undo never takes it back.
 */
export function transactRecord(doc: CycleDoc, command: string, write: () => void): void {
  transact(doc, command, write, new RecordOrigin(command));
}

/**
 * Runs `write` in one transaction whose origin names the command (a migration step
 * passes its own origin, which undo never tracks). A closed cycle is frozen: every
 * write then throws, naming the cycle that follows it; only a migration, which changes
 * how the document keeps what it says and never what it says, goes through.
 */
export function transact(
  doc: CycleDoc,
  command: string,
  write: () => void,
  origin: CommandOrigin | MigrationOrigin = new CommandOrigin(command),
): void {
  const closure = closureMap(doc);
  if (closure.has('closedAt') && !(origin instanceof MigrationOrigin)) {
    const next = closure.get('nextCycle');
    const closedAt = String(closure.get('closedAt'));
    throw commandError(
      command,
      `this cycle was closed on ${utcDay(closedAt) ?? closedAt} and can no longer change${typeof next === 'string' && next ? `; work on in cycle ${next}` : ''}`,
    );
  }
  yDoc(doc).transact(write, origin);
}

/** Writes plain fields into a record map, deleting those set to undefined. */
export function writeFields(record: Y.Map<unknown>, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) record.delete(key);
    else if (record.get(key) !== value) record.set(key, value);
  }
}

/** A record map's fields as a plain object (shared texts as their string). */
export function readFields(record: Y.Map<unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of record.entries()) {
    fields[key] = value instanceof Y.Text ? value.toString() : value;
  }
  return fields;
}

/** The position after the last record of a collection (records carry an `order` field). */
export function nextOrder(records: Y.Map<Y.Map<unknown>>): number {
  let last = -1;
  for (const item of records.values()) last = Math.max(last, Number(item.get('order') ?? -1));
  return last + 1;
}

/** A new record id: the prefix and eight random hex digits. */
export function newId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * `count` new record ids written together (a scenario's overrides from a file): one
 * random part and each id's position (`prefix-1a2b3c4d-0`, `-1`, ...). They cannot collide
 * with each other, which thousands of random ids of eight digits could, nor with an id
 * of {@link newId}, and cost one random draw instead of one per record.
 */
export function newIds(prefix: string, count: number): string[] {
  const batch = newId(prefix);
  return Array.from({ length: count }, (_, index) => `${batch}-${index}`);
}
