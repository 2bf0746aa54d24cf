import * as v from 'valibot';
import * as Y from 'yjs';
import {
  archivedSchema,
  actionSchema,
  attendanceSchema,
  checked,
  commentSchema,
  decisionSchema,
  FUNCTIONS,
  gapNoteSchema,
  idSchema,
  npiSchema,
  riskSchema,
  stageSchema,
  STAGES,
} from '../schema/records.ts';
import {
  collection,
  newId,
  pairKey,
  transact,
  transactRecord,
  writeFields,
  type CollectionName,
} from './layout.ts';
import { record } from './plan-commands.ts';
import { commandError } from '../schema/command-error.ts';
import { signoffSchema } from '../schema/root-values.ts';
import type { CycleDoc } from './cycle-doc.ts';
import { isAgreed } from './revision-commands.ts';

type ObjectSchema =
  v.ObjectSchema<v.ObjectEntries, undefined> | v.StrictObjectSchema<v.ObjectEntries, undefined>;

/**
 * Named commands for the work items of a cycle: each checks its input against the
 * record's schema and writes in one transaction whose origin names it. Records are
 * Y.Maps of fields, so concurrent edits of different fields all survive.
 */
export function adder<S extends ObjectSchema>(name: CollectionName, command: string, schema: S) {
  return (doc: CycleDoc, input: v.InferInput<S>, id: string = newId(name)): string => {
    const fields = checked(command, schema, input) as Record<string, unknown>;
    checked(command, idSchema, id);
    const items = collection(doc, name);
    if (items.has(id)) throw commandError(command, `"${id}" already exists`);
    agreeing(name === 'decisions' ? fields : {})(doc, command, () => items.set(id, record(fields)));
    return id;
  };
}

/**
 * How a write of `fields` runs: a decision it makes agreed becomes part of the meeting's
 * record, which undo never takes back ({@link transactRecord}).
 */
function agreeing(fields: Record<string, unknown>): typeof transact {
  return fields.status === 'agreed' ? transactRecord : transact;
}

/** The update command of a collection: checks the patch and the merged record, one transaction. */
export function updater<S extends ObjectSchema>(name: CollectionName, command: string, schema: S) {
  const partial = v.partial(schema);
  return (doc: CycleDoc, id: string, patch: Partial<v.InferInput<S>>): void => {
    const item = collection(doc, name).get(id);
    if (!item) throw commandError(command, `no ${name} item "${id}"`);
    const fields = checked(command, partial, patch) as Record<string, unknown>;
    // A field may be cleared only if the schema lets it be absent.
    const merged = { ...item.toJSON(), ...fields };
    for (const key of Object.keys(patch)) if (fields[key] === undefined) delete merged[key];
    checked(command, schema, withoutTexts(merged));
    agreeing(name === 'decisions' ? fields : {})(doc, command, () => writeFields(item, fields));
  };
}

/** The delete command of a collection: refuses an id it does not hold, one transaction. */
export function deleter(name: CollectionName, command: string) {
  return (doc: CycleDoc, id: string): void => {
    if (!collection(doc, name).has(id)) throw commandError(command, `no ${name} item "${id}"`);
    transact(doc, command, () => collection(doc, name).delete(id));
  };
}

/** The collections whose records are archived, never removed: the meeting's record. */
export const ARCHIVED_NOT_REMOVED = ['risks', 'decisions', 'actions', 'npi', 'agenda'] as const;
/** A collection whose records are archived, never removed. */
export type ArchivedCollection = (typeof ARCHIVED_NOT_REMOVED)[number];

/** When a record is archived (ISO time) and, when known, by whom. */
export interface ArchiveNote {
  at: string;
  by?: string;
}

/**
 * Archives a record of the meeting's record: it leaves the lists and the minutes but
 * stays in the cycle, and {@link restoreFromArchive} brings it back. Throws for an
 * unknown id, one archived already, an agreed decision (revise it instead) and a closed
 * agenda item (its outcome stays on the agenda).
 */
export function archiveRecord(
  doc: CycleDoc,
  name: ArchivedCollection,
  id: string,
  note: ArchiveNote,
): void {
  const command = 'archiveRecord';
  const item = collection(doc, name).get(id);
  if (!item) throw commandError(command, `no ${name} item "${id}"`);
  if (item.get('archived') !== undefined)
    throw commandError(command, `"${id}" is archived already`);
  if (name === 'decisions' && isAgreed(doc, id)) {
    throw commandError(command, 'an agreed decision stays in the record: revise it instead');
  }
  if (name === 'agenda' && item.get('outcome') !== undefined) {
    throw commandError(command, 'a closed agenda item stays on the agenda');
  }
  const archived = checked(command, archivedSchema, note);
  transact(doc, command, () => item.set('archived', archived));
}

/** Brings an archived record back into the lists. Throws for an unknown or unarchived one. */
export function restoreFromArchive(doc: CycleDoc, name: ArchivedCollection, id: string): void {
  const command = 'restoreFromArchive';
  const item = collection(doc, name).get(id);
  if (!item) throw commandError(command, `no ${name} item "${id}"`);
  if (item.get('archived') === undefined) throw commandError(command, `"${id}" is not archived`);
  transact(doc, command, () => item.delete('archived'));
}

/** Adds a risk or opportunity; returns its id. */
export const addRisk = adder('risks', 'addRisk', riskSchema);
/** Changes fields of a risk. */
export const updateRisk = updater('risks', 'updateRisk', riskSchema);
/** Adds a decision item; returns its id. */
export const addDecision = adder('decisions', 'addDecision', decisionSchema);
const changeDecision = updater('decisions', 'updateDecision', decisionSchema);
/**
 * Changes fields of a decision that is not agreed yet (e.g. `{ status: 'agreed', chosen,
 * rationale }`). An agreed decision changes only by a revision (`reviseDecision`); its
 * links alone may grow.
 */
export function updateDecision(
  doc: CycleDoc,
  id: string,
  patch: Parameters<typeof changeDecision>[2],
): void {
  if (isAgreed(doc, id) && Object.keys(patch).some((field) => field !== 'links')) {
    throw commandError(
      'updateDecision',
      'an agreed decision cannot be changed: revise it, saying why',
    );
  }
  changeDecision(doc, id, patch);
}
const addActionRecord = adder('actions', 'addAction', actionSchema);
/**
 * Adds an action item (exactly one owner); returns its id. It records when it was made
 * (`createdAt`, now unless the input gives it), so its age counts from its creation.
 */
export function addAction(
  doc: CycleDoc,
  input: v.InferInput<typeof actionSchema>,
  id?: string,
): string {
  return addActionRecord(doc, { createdAt: new Date().toISOString(), ...input }, id);
}
/** Changes fields of an action item. */
export const updateAction = updater('actions', 'updateAction', actionSchema);
/** Adds a product development (NPI) item; returns its id. */
export const addNpiItem = adder('npi', 'addNpiItem', npiSchema);
/** Changes fields of an NPI item. */
export const updateNpiItem = updater('npi', 'updateNpiItem', npiSchema);
/** Records who attended; returns the attendance id. */
export const addAttendance = adder('attendance', 'addAttendance', attendanceSchema);
/** Changes an attendance record (e.g. present). */
export const updateAttendance = updater('attendance', 'updateAttendance', attendanceSchema);
/** Adds a comment anchored to a family, a cell, a gap or an agenda item; returns its id. */
export const addComment = adder('comments', 'addComment', commentSchema);
/** Deletes a comment. */
export const deleteComment = deleter('comments', 'deleteComment');

/** Sets the owner, note, status or links of a gap, keyed by the gap's stable id. */
export function setGapNote(
  doc: CycleDoc,
  gapId: string,
  patch: Partial<v.InferInput<typeof gapNoteSchema>>,
): void {
  const notes = collection(doc, 'gapNotes');
  const current = notes.get(gapId);
  const merged = { status: 'open', ...(current?.toJSON() ?? {}), ...patch };
  const fields = checked('setGapNote', gapNoteSchema, merged) as Record<string, unknown>;
  checked('setGapNote', v.pipe(v.string(), v.minLength(1)), gapId);
  transact(doc, 'setGapNote', () => {
    if (current) writeFields(current, { ...fields, ...clearedKeys(patch) });
    else notes.set(gapId, record(fields));
  });
}

/** Sets a stage's status, owner or due date. */
export function setStage(
  doc: CycleDoc,
  stage: (typeof STAGES)[number],
  patch: Partial<v.InferInput<typeof stageSchema>>,
): void {
  checked('setStage', v.picklist(STAGES), stage);
  const stages = collection(doc, 'stages');
  const current = stages.get(stage);
  const fields = checked('setStage', stageSchema, {
    status: 'notStarted',
    ...(current?.toJSON() ?? {}),
    ...patch,
  }) as Record<string, unknown>;
  transact(doc, 'setStage', () => {
    if (current) writeFields(current, { ...fields, ...clearedKeys(patch) });
    else stages.set(stage, record(fields));
  });
}

/** Records a function's sign-off of a stage (or withdraws it with `by` undefined). */
export function signOff(
  doc: CycleDoc,
  stage: (typeof STAGES)[number],
  fn: (typeof FUNCTIONS)[number],
  by: string | undefined,
  at: string,
): void {
  checked('signOff', v.picklist(STAGES), stage);
  checked('signOff', v.picklist(FUNCTIONS), fn);
  const signoffs = collection(doc, 'signoffs');
  const key = pairKey(stage, fn);
  transact(doc, 'signOff', () => {
    if (by === undefined) signoffs.delete(key);
    else signoffs.set(key, record(checked('signOff', signoffSchema, { by, at })));
  });
}

function clearedKeys(patch: object): Record<string, undefined> {
  return Object.fromEntries(
    Object.entries(patch)
      .filter(([, value]) => value === undefined)
      .map(([key]) => [key, undefined]),
  );
}

function withoutTexts(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => !(value instanceof Y.Text)),
  );
}
