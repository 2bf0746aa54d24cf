import * as Y from 'yjs';
import { longDateText, timeText } from '../dates.ts';
import { commandError } from '../schema/command-error.ts';
import { archivedSchema, checked, idSchema, monthSchema } from '../schema/records.ts';
import {
  baseRows,
  cellValue,
  collection,
  DOCUMENT_ROOTS,
  documentRoot,
  grid,
  gridCells,
  GRIDS,
  pairKey,
  splitKey,
  transact,
  transactRecord,
  type CollectionName,
  type DocGridName,
  type DocumentRoot,
} from './layout.ts';
import { ARCHIVED_NOT_REMOVED } from './work-commands.ts';
import { prepareRevision, recordVersions } from './revision-commands.ts';
import { upgradeDocument } from './migrations.ts';
import { yDoc, type CycleDoc } from './cycle-doc.ts';

/**
 * Restoring a cell, a record or the whole cycle to how it was at an earlier point, as a
 * new change: the live document is written until it reads as the past one did, in one
 * transaction (one undo step, one update the relay checks like any edit). Nothing is
 * rewritten: what was agreed changes only by a new revision, a record that did not exist
 * then is archived (the meeting's record) and revisions are only ever added.
 */

/** Who restores, when (ISO time), and the point restored to (ISO time). */
export interface RestoreNote {
  by: string;
  at: string;
  /** When the past state was current: named in the revisions a restore records. */
  to: string;
}

/** What a restore wrote. */
export interface RestoreSummary {
  /** Plan cells whose value changed (demand, supply... of a family or resource month). */
  cells: number;
  /** Records brought back, changed, revised, archived or removed. */
  records: number;
  /** Records left as they are, each with the reason (e.g. an agreed decision that is newer). */
  kept: string[];
}

/**
 * The roots a whole-cycle restore leaves alone: the cycle's life, the frozen forecasts
 * (the server's) and the revision log.
 */
export const NOT_RESTORED: ReadonlySet<string> = new Set([
  'closure',
  'previous',
  'revisions',
  'snapshots',
]);
const ARCHIVED: ReadonlySet<string> = new Set(ARCHIVED_NOT_REMOVED);

/**
 * Sets a cell to its value in `past` (its edit or its imported row's value); a cell that
 * had no value then is cleared. Throws when the family (resource, for capacity) no
 * longer exists: restore it first. Writes nothing when the cell reads as it did.
 */
export function restoreCell(
  doc: CycleDoc,
  past: CycleDoc,
  name: DocGridName,
  id: string,
  month: string,
): RestoreSummary {
  const command = 'restoreCell';
  checked(command, idSchema, id);
  checked(command, monthSchema, month);
  if (!(GRIDS as readonly string[]).includes(name)) {
    throw commandError(command, `"${String(name)}" is not a grid of the plan`);
  }
  const owner = name === 'capacity' ? 'resources' : 'families';
  if (!collection(doc, owner).has(id)) {
    throw commandError(
      command,
      `${owner === 'resources' ? 'resource' : 'family'} "${id}" no longer exists: restore it first`,
    );
  }
  const then = cellValue(past, name, id, month);
  const now = cellValue(doc, name, id, month);
  if (sameValue(then, now)) return { cells: 0, records: 0, kept: [] };
  transact(doc, command, () =>
    grid(doc, name).set(pairKey(id, month), typeof then === 'number' ? then : null),
  );
  return { cells: 1, records: 0, kept: [] };
}

/**
 * Brings one record back to how it was in `past`: its fields as they were; a record that
 * was archived or removed since comes back; a record that did not exist then is archived
 * (the meeting's record) or removed. An agreed decision or a closed agenda outcome is
 * never changed in place: a revision says "Restored to <time>". A family or resource
 * comes back with its rows, cells and loads. One transaction; nothing written when the
 * record reads as it did.
 */
export function restoreRecord(
  doc: CycleDoc,
  past: CycleDoc,
  name: CollectionName,
  id: string,
  note: RestoreNote,
): RestoreSummary {
  const command = 'restoreRecord';
  checkNote(command, note);
  if (documentRoot(name)?.kind !== 'collection') {
    throw commandError(command, `"${String(name)}" is not a collection of the cycle`);
  }
  if (name === 'revisions') {
    throw commandError(command, 'a revision is kept as it was recorded');
  }
  const plan = new RestorePlan(doc, past, command, note);
  plan.record(name, id);
  if (name === 'families' || name === 'resources') {
    const grids: DocGridName[] =
      name === 'resources' ? ['capacity'] : GRIDS.filter((g) => g !== 'capacity');
    for (const gridName of grids) {
      plan.keys(grid(doc, gridName), grid(past, gridName), (key) => splitKey(key)[0] === id);
      plan.keys(baseRows(doc, gridName), baseRows(past, gridName), (key) => key === id);
    }
    const side = name === 'families' ? 0 : 1;
    plan.records('loads', (key) => splitKey(key)[side] === id);
  }
  return plan.run(name === 'families' || name === 'resources' ? [...GRIDS] : []);
}

/**
 * Makes every root of the cycle read as it did in `past` (the plan's meta, families,
 * resources, loads, rows and cells; every work collection; the meeting and agenda notes;
 * the pre-read), as one new change: one transaction, one undo step. The cycle's life
 * (closure, the cycle before) is left alone, and revisions are only added: agreed
 * decisions and closed agenda outcomes that differ get a revision "Restored to <time>".
 * Brings back a cycle whose records and cells were removed or archived.
 */
export function restoreCycle(doc: CycleDoc, past: CycleDoc, note: RestoreNote): RestoreSummary {
  const command = 'restoreCycle';
  checkNote(command, note);
  const plan = new RestorePlan(doc, past, command, note);
  for (const entry of DOCUMENT_ROOTS) {
    if (NOT_RESTORED.has(entry.name)) continue;
    if (entry.kind === 'collection') plan.records(entry.name as CollectionName, () => true);
    else plan.keys(rootOf(doc, entry), rootOf(past, entry), () => true);
  }
  return plan.run([...GRIDS]);
}

/** The words a restore's revisions give as their reason: "Restored to 5 Dec 2026 10:42 UTC". */
export function restoredWhy(to: string): string {
  const date = new Date(to);
  if (Number.isNaN(date.getTime())) return `Restored to ${to}`;
  const [, day, month, year] = longDateText(to).split(' ');
  return `Restored to ${day} ${month.slice(0, 3)} ${year} ${timeText(to)}`;
}

/**
 * The writes of one restore, worked out from the live and the past documents before
 * anything is written (so a refusal writes nothing), then run in one transaction.
 */
class RestorePlan {
  readonly #doc: CycleDoc;
  readonly #past: CycleDoc;
  readonly #command: string;
  readonly #note: RestoreNote;
  readonly #writes: (() => void)[] = [];
  readonly #kept: string[] = [];
  #records = 0;
  /** True once a write records a revision: the restore is then part of the record. */
  #revises = false;

  constructor(doc: CycleDoc, past: CycleDoc, command: string, note: RestoreNote) {
    this.#doc = doc;
    // The past is copied in today's layout: a cycle rebuilt from before an upgrade is
    // brought up to date first (it is the caller's copy, never synced).
    upgradeDocument(past);
    this.#past = past;
    this.#command = command;
    this.#note = note;
  }

  /** Every record of a collection whose key `wanted` takes, live or past. */
  records(name: CollectionName, wanted: (key: string) => boolean): void {
    const keys = new Set([
      ...collection(this.#doc, name).keys(),
      ...collection(this.#past, name).keys(),
    ]);
    for (const key of keys) if (wanted(key)) this.record(name, key);
  }

  /** One record: brought back, made equal field by field, revised, archived or removed. */
  record(name: CollectionName, id: string): void {
    const live = collection(this.#doc, name).get(id);
    const then = collection(this.#past, name).get(id);
    const before = this.#writes.length;
    if (!(then instanceof Y.Map)) {
      if (live instanceof Y.Map) this.#retire(name, id, live);
    } else if (!(live instanceof Y.Map)) {
      this.#writes.push(() => collection(this.#doc, name).set(id, copyRecord(then)));
    } else if (name === 'decisions' && live.get('status') === 'agreed') {
      this.#revise('decisions', id, null);
    } else if (name === 'agenda' && live.get('outcome') !== undefined) {
      // A closed item: its title, time and notes in place, its outcome only by a revision.
      this.#fields(live, then, (field) => field !== 'outcome' && field !== 'archived');
      this.#revise('agenda', id, ['outcome']);
    } else {
      this.#fields(live, then, () => true);
    }
    if (this.#writes.length > before) this.#records++;
  }

  /** Every key of a plain root (cells, rows, meta, meeting) that `wanted` takes, live or past. */
  keys<T>(live: Y.Map<T>, then: Y.Map<T>, wanted: (key: string) => boolean): void {
    for (const key of new Set([...live.keys(), ...then.keys()])) {
      if (!wanted(key)) continue;
      const now = live.get(key);
      const was = then.get(key);
      if (was === undefined) {
        if (now !== undefined) this.#writes.push(() => live.delete(key));
      } else if (!sameValue(plain(was), plain(now))) {
        this.#writes.push(() => live.set(key, copyValue(was) as T));
      }
    }
  }

  /** Runs every write in one transaction; counts the cells of `grids` whose value changed. */
  run(grids: readonly DocGridName[]): RestoreSummary {
    if (this.#writes.length === 0) return { cells: 0, records: 0, kept: this.#kept };
    const before = grids.map((name) => gridCells(this.#doc, name));
    // A restore that revises what was agreed is part of the meeting's record: undo never
    // takes a revision back (a restore to another point does).
    (this.#revises ? transactRecord : transact)(this.#doc, this.#command, () => {
      for (const write of this.#writes) write();
    });
    let cells = 0;
    grids.forEach(
      (name, index) => (cells += changedCells(before[index], gridCells(this.#doc, name))),
    );
    return { cells, records: this.#records, kept: this.#kept };
  }

  /** A record that did not exist then: archived (the meeting's record), else removed. */
  #retire(name: CollectionName, id: string, live: Y.Map<unknown>): void {
    if (name === 'revisions') return;
    if (!ARCHIVED.has(name)) {
      this.#writes.push(() => collection(this.#doc, name).delete(id));
      return;
    }
    if (live.get('archived') !== undefined) return;
    if (name === 'decisions' && live.get('status') === 'agreed') {
      this.#kept.push(
        `Decision "${String(live.get('question'))}" was agreed since: it stays, revise it instead.`,
      );
      return;
    }
    if (name === 'agenda' && live.get('outcome') !== undefined) {
      this.#kept.push(
        `Agenda item "${String(live.get('title'))}" was closed since: it stays on the agenda.`,
      );
      return;
    }
    const archived = checked(this.#command, archivedSchema, {
      at: this.#note.at,
      by: this.#note.by,
    });
    this.#writes.push(() => live.set('archived', archived));
  }

  /** Fields of a live record made equal to the past record's, where `wanted` takes the field. */
  #fields(live: Y.Map<unknown>, then: Y.Map<unknown>, wanted: (field: string) => boolean): void {
    for (const field of new Set([...live.keys(), ...then.keys()])) {
      if (!wanted(field)) continue;
      const now = live.get(field);
      const was = then.get(field);
      if (was instanceof Y.Text) {
        const text = was.toString();
        if (now instanceof Y.Text) {
          if (now.toString() !== text) {
            this.#writes.push(() => {
              now.delete(0, now.length);
              now.insert(0, text);
            });
          }
        } else this.#writes.push(() => live.set(field, new Y.Text(text)));
      } else if (was === undefined) {
        if (now !== undefined) this.#writes.push(() => live.delete(field));
      } else if (!sameValue(plain(was), plain(now))) {
        this.#writes.push(() => live.set(field, copyValue(was)));
      }
    }
  }

  /**
   * A revision of an agreed decision or a closed agenda item that brings `fields` (all,
   * when null) back to how they read then (revisions applied), when they differ now.
   */
  #revise(target: 'decisions' | 'agenda', id: string, fields: readonly string[] | null): void {
    const latest = recordVersions(this.#doc, target, id).at(-1);
    const now = latest?.fields ?? {};
    const then = recordVersions(this.#past, target, id).at(-1)?.fields ?? {};
    const names = fields ?? new Set([...Object.keys(now), ...Object.keys(then)]);
    const patch: Record<string, unknown> = {};
    for (const name of names) {
      if (!sameValue(then[name], now[name])) patch[name] = then[name];
    }
    if (Object.keys(patch).length === 0) return;
    const { by, to } = this.#note;
    // Revisions apply in time order: the restore's must come after the last one, even
    // when that one's clock ran ahead of this device's.
    const last = Date.parse(latest?.revision?.at ?? '');
    const at = last >= Date.parse(this.#note.at) ? new Date(last + 1).toISOString() : this.#note.at;
    const revision = prepareRevision(
      this.#doc,
      target,
      id,
      patch,
      { by, at, why: restoredWhy(to) },
      this.#command,
    );
    this.#writes.push(revision.write);
    this.#revises = true;
  }
}

/** Throws, naming `command`, when the note lacks who, when or the point restored to. */
function checkNote(command: string, note: RestoreNote): void {
  checked(command, archivedSchema, { at: note.at, by: note.by });
  if (!note.by) throw commandError(command, 'needs who restores');
  if (Number.isNaN(new Date(note.to).getTime())) {
    throw commandError(command, `"${note.to}" is not a time to restore to`);
  }
}

/** A root that is not a collection, as its map (cells, rows or plain fields). */
function rootOf(doc: CycleDoc, entry: DocumentRoot): Y.Map<unknown> {
  return yDoc(doc).getMap(entry.name);
}

/** A new record map with the fields of a past one (shared texts copied as new texts). */
function copyRecord(then: Y.Map<unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [field, value] of then.entries()) {
    map.set(field, value instanceof Y.Text ? new Y.Text(value.toString()) : copyValue(value));
  }
  return map;
}

/** A plain value of the past document, copied so the live one never shares it. */
function copyValue(value: unknown): unknown {
  if (value instanceof Y.Map) return copyRecord(value);
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

/** A stored value as plain data, for comparing (records as objects, texts as strings). */
function plain(value: unknown): unknown {
  if (value instanceof Y.AbstractType) return value.toJSON();
  return value;
}

/** Deep equality of plain JSON values (key order does not matter). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** How many cells read differently in two readings of a grid (a value added, gone or changed). */
function changedCells(
  before: Map<string, Map<string, unknown>>,
  after: Map<string, Map<string, unknown>>,
): number {
  let count = 0;
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(id);
    const b = after.get(id);
    for (const month of new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])])) {
      if (!sameValue(a?.get(month), b?.get(month))) count++;
    }
  }
  return count;
}
