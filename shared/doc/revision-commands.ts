import * as v from 'valibot';
import * as Y from 'yjs';
import { commandError } from '../schema/command-error.ts';
import { checked, REVISABLE, revisionSchema, type RevisableCollection } from '../schema/records.ts';
import { collection, newId, transactRecord } from './layout.ts';
import { record } from './plan-commands.ts';
import { revisedFields, revisionsByRecord, type RecordVersion } from './revision-reading.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** Who revises, when (ISO time) and why: every revision says all three. */
export interface RevisionNote {
  by: string;
  at: string;
  why: string;
}

/**
 * Records a revision of a record whose agreed content is fixed (an agreed decision, a
 * closed agenda outcome): it sets `fields` (a field set to undefined is cleared) and
 * keeps every earlier version. Throws, writing nothing, when the record does not exist,
 * the note lacks who, when or why, or the revised record would not be valid.
 * Returns the revision's id.
 */
export function reviseRecord(
  doc: CycleDoc,
  target: RevisableCollection,
  id: string,
  fields: Record<string, unknown>,
  note: RevisionNote,
  command = 'reviseRecord',
): string {
  const { id: revisionId, write } = prepareRevision(doc, target, id, fields, note, command);
  transactRecord(doc, command, write);
  return revisionId;
}

/**
 * Checks a revision as {@link reviseRecord} does and returns its id and the write that
 * records it, for a command that records it inside its own transaction.
 */
export function prepareRevision(
  doc: CycleDoc,
  target: RevisableCollection,
  id: string,
  fields: Record<string, unknown>,
  note: RevisionNote,
  command: string,
): { id: string; write: () => void } {
  const current = currentFields(doc, target, id, command);
  const set = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const cleared = Object.keys(fields).filter((name) => fields[name] === undefined);
  checked(command, v.partial(REVISABLE[target]), set);
  const revision = checked(command, revisionSchema, {
    target,
    record: id,
    fields: set,
    ...(cleared.length > 0 && { cleared }),
    ...note,
  });
  const next: Record<string, unknown> = { ...current, ...set };
  for (const name of cleared) delete next[name];
  checked(command, REVISABLE[target], next);
  const revisionId = newId('revision');
  return {
    id: revisionId,
    write: () => collection(doc, 'revisions').set(revisionId, record(revision)),
  };
}

/**
 * Revises an agreed decision: what was agreed stays, and the decision reads as revised
 * (who, when, why) from now on. Throws for a decision that is not agreed: change that
 * one directly.
 */
export function reviseDecision(
  doc: CycleDoc,
  id: string,
  patch: Record<string, unknown>,
  note: RevisionNote,
): string {
  if (!isAgreed(doc, id)) {
    throw commandError('reviseDecision', `decision "${id}" is not agreed: change it directly`);
  }
  return reviseRecord(doc, 'decisions', id, patch, note, 'reviseDecision');
}

/** True when the decision was agreed: from then on it changes only by revisions. */
export function isAgreed(doc: CycleDoc, id: string): boolean {
  return collection(doc, 'decisions').get(id)?.get('status') === 'agreed';
}

/**
 * Every version of a revised record, the first one included, with the revision that made
 * each; a single version for a record never revised, none for an unknown one.
 */
export function recordVersions(
  doc: CycleDoc,
  target: RevisableCollection,
  id: string,
): RecordVersion[] {
  const item = collection(doc, target).get(id);
  if (!(item instanceof Y.Map)) return [];
  const revisions = revisionsByRecord(doc, target).get(id) ?? [];
  return revisedFields(target, plainFields(item), revisions).versions;
}

/** A revisable record's fields as they read now (revisions applied); throws for an unknown one. */
export function currentFields(
  doc: CycleDoc,
  target: RevisableCollection,
  id: string,
  command: string,
): Record<string, unknown> {
  const versions = recordVersions(doc, target, id);
  const last = versions.at(-1);
  if (!last) throw commandError(command, `no ${target} item "${id}"`);
  return last.fields;
}

function plainFields(item: Y.Map<unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of item.entries()) {
    if (!(value instanceof Y.AbstractType)) fields[name] = value;
  }
  return fields;
}
