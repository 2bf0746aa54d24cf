import * as Y from 'yjs';

/**
 * The layout of a cycle's Y.Doc. Every collection is a root Y.Map; records are nested
 * Y.Maps of primitive fields, so two people editing different fields of one record
 * both keep their edit. Plan cells live in flat maps keyed `id|month`, one entry per
 * cell, so edits merge per cell (never a whole row or grid) and no two peers ever
 * create the same nested container concurrently, which in Yjs would drop one side.
 */

/** Grids of numbers keyed `id|month`. */
export const GRIDS = ['demand', 'supply', 'budget', 'capacity', 'actual', 'forecast'] as const;
/** A grid's name. */
export type GridName = (typeof GRIDS)[number];

/** Collections of records keyed by id, each record a Y.Map of fields. */
export const COLLECTIONS = [
  'families',
  'resources',
  'loads',
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
] as const;
/** A collection's name. */
export type CollectionName = (typeof COLLECTIONS)[number];

/** The metadata map: schemaVersion, cycle, title, currency, firstPeriod, periodCount. */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

/** The meeting state: current agenda item and when it and the meeting started. */
export function meetingMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meeting');
}

/** A grid of numbers keyed `id|month`. */
export function grid(doc: Y.Doc, name: GridName): Y.Map<number> {
  return doc.getMap(name);
}

/** A collection of records keyed by id. */
export function collection(doc: Y.Doc, name: CollectionName): Y.Map<Y.Map<unknown>> {
  return doc.getMap(name);
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
 * The origin of every local write: one class, so an undo manager can track all of a
 * person's commands with `trackedOrigins: new Set([CommandOrigin])` and never undo
 * what arrived from others.
 */
export class CommandOrigin {
  constructor(readonly command: string) {}
}

/** Runs `write` in one transaction whose origin names the command. */
export function transact(doc: Y.Doc, command: string, write: () => void): void {
  doc.transact(write, new CommandOrigin(command));
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
