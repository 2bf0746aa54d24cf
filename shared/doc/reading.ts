import * as v from 'valibot';
import * as Y from 'yjs';
import {
  actionSchema,
  agendaItemSchema,
  attendanceSchema,
  commentSchema,
  decisionSchema,
  gapNoteSchema,
  inputStatusSchema,
  npiSchema,
  prereadReadSchema,
  riskSchema,
  scenarioOverrideSchema,
  scenarioSchema,
  revisionSchema,
  stageSchema,
  type Action,
  type AgendaItem,
  type Attendance,
  type Comment,
  type Decision,
  type GapNote,
  type InputStatus,
  type NpiItem,
  type PrereadRead,
  type Revision,
  type Risk,
  type ScenarioOverrideRecord,
  type ScenarioRecord,
  type Stage,
} from '../schema/records.ts';
import { collection, meetingMap, metaMap, splitKey } from './layout.ts';
import type { CycleDoc } from './cycle-doc.ts';
import { isRevisable, revisedFields, revisionsByRecord } from './revision-reading.ts';

/** The record types of the work collections, by collection. */
export interface WorkRecords {
  gapNotes: GapNote;
  risks: Risk;
  decisions: Decision;
  actions: Action;
  npi: NpiItem;
  agenda: AgendaItem;
  stages: Stage;
  attendance: Attendance;
  comments: Comment;
  inputs: InputStatus;
  prereadReads: PrereadRead;
  scenarios: ScenarioRecord;
  scenarioOverrides: ScenarioOverrideRecord;
  revisions: Revision;
}

/** A work collection that {@link readRecords} reads. */
export type WorkCollection = keyof WorkRecords;

/** The schema of each work collection's records. */
export const WORK_SCHEMAS: { [K in WorkCollection]: v.GenericSchema<unknown, WorkRecords[K]> } = {
  gapNotes: gapNoteSchema,
  risks: riskSchema,
  decisions: decisionSchema,
  actions: actionSchema,
  npi: npiSchema,
  agenda: agendaItemSchema,
  stages: stageSchema,
  attendance: attendanceSchema,
  comments: commentSchema,
  inputs: inputStatusSchema,
  prereadReads: prereadReadSchema,
  scenarios: scenarioSchema,
  scenarioOverrides: scenarioOverrideSchema,
  revisions: revisionSchema,
};

/** A record with its id. */
export type WithId<T> = T & { id: string };

/** The records of a collection that pass their schema, and one line per record that does not. */
export interface RecordsReading<T> {
  records: WithId<T>[];
  invalid: string[];
}

/**
 * What {@link readRecords} made of each record of one collection, kept between readings
 * by its owner: a record read before, still the same map and not changed since, is not
 * checked again. The owner forgets the ids each change touched (`DocChange.touched`)
 * before reading again; a record with revisions is always read afresh.
 */
export type RecordChecks = Map<string, RecordCheck>;

/** One record as last read: the map it was read from, then the record or why it is invalid. */
interface RecordCheck {
  source: unknown;
  record: WithId<unknown> | null;
  problem: string | null;
}

/**
 * Reads a work collection as plain records, each checked against its schema (data from
 * other peers is never trusted), ordered by `order` when the records have one, else by
 * id, so every peer lists them alike. Shared texts (agenda notes) are left out: bind
 * them with their own accessor. Archived records are left out too; `archived: true`
 * reads only those. With `checks`, a record unchanged since it was last read is taken
 * from there (the same object as then) instead of being checked again.
 */
export function readRecords<K extends WorkCollection>(
  doc: CycleDoc,
  name: K,
  options: { archived?: boolean; checks?: RecordChecks } = {},
): RecordsReading<WorkRecords[K]> {
  const records: WithId<WorkRecords[K]>[] = [];
  const invalid: string[] = [];
  const { checks } = options;
  const revised = isRevisable(name) ? revisionsByRecord(doc, name) : null;
  const items = collection(doc, name);
  // forEach, not entries(): Yjs's iterators cost several times as much per record.
  items.forEach((source, id) => {
    const revisions = revised?.get(id);
    let check = revisions ? undefined : checks?.get(id);
    if (check?.source !== source) {
      let fields: unknown = source instanceof Y.Map ? readFields(source) : source;
      if (revisions && isRevisable(name)) fields = revisedFields(name, fields, revisions).fields;
      const parsed = v.safeParse(WORK_SCHEMAS[name], fields);
      check = parsed.success
        ? { source, record: { ...(parsed.output as WorkRecords[K]), id }, problem: null }
        : { source, record: null, problem: parsed.issues[0].message };
      if (!revisions) checks?.set(id, check);
    }
    if (check.record) {
      const record = check.record as WithId<WorkRecords[K]>;
      const isArchived = (record as { archived?: unknown }).archived !== undefined;
      if (isArchived === (options.archived ?? false)) records.push(record);
    } else invalid.push(`${name}.${id}: ${check.problem}`);
  });
  // Records deleted since are forgotten.
  if (checks && checks.size > items.size) {
    for (const id of checks.keys()) if (!items.has(id)) checks.delete(id);
  }
  records.sort((a, b) => {
    const byOrder = orderOf(a) - orderOf(b);
    return byOrder !== 0 ? byOrder : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return { records, invalid };
}

/** Sign-offs keyed by stage, then function: who signed and when. */
export function readSignoffs(
  doc: CycleDoc,
): Record<string, Record<string, { by: string; at: string }>> {
  const result: Record<string, Record<string, { by: string; at: string }>> = {};
  for (const [key, record] of collection(doc, 'signoffs').entries()) {
    if (!(record instanceof Y.Map)) continue;
    const by = record.get('by');
    const at = record.get('at');
    if (typeof by !== 'string' || typeof at !== 'string') continue;
    const [stage, fn] = splitKey(key);
    (result[stage] ??= {})[fn] = { by, at };
  }
  return result;
}

/**
 * The meeting's state: whether it started, which agenda item is current and since when,
 * and once the facilitator ended it, when and by whom (its clock stops there).
 */
export interface MeetingState {
  startedAt: string | null;
  currentItem: string | null;
  itemStartedAt: string | null;
  endedAt: string | null;
  endedBy: string | null;
}

/** Reads the meeting state; fields of the wrong type read as not set. */
export function readMeeting(doc: CycleDoc): MeetingState {
  const meeting = meetingMap(doc);
  const text = (key: string) => {
    const value = meeting.get(key);
    return typeof value === 'string' ? value : null;
  };
  return {
    startedAt: text('startedAt'),
    currentItem: text('currentItem'),
    itemStartedAt: text('itemStartedAt'),
    endedAt: text('endedAt'),
    endedBy: text('endedBy'),
  };
}

/** True once the cycle holds a plan (its horizon is set): a new room holds none. */
export function hasPlan(doc: CycleDoc): boolean {
  return metaMap(doc).get('firstPeriod') !== undefined;
}

/** The cycle's month, title and currency as the page shows them ('' when not set). */
export interface CycleInfo {
  cycle: string;
  title: string;
  currency: string;
}

/** The cycle's title and month as the document holds them (empty strings when not yet synced). */
export function readCycleInfo(doc: CycleDoc): CycleInfo {
  const meta = metaMap(doc);
  const text = (key: string) => {
    const value = meta.get(key);
    return typeof value === 'string' ? value : '';
  };
  return { cycle: text('cycle'), title: text('title'), currency: text('currency') };
}

/** A record's fields, shared texts left out (never deleted after: that slows the object). */
function readFields(record: Y.Map<unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  record.forEach((value, key) => {
    if (!(value instanceof Y.Text)) fields[key] = value;
  });
  return fields;
}

function orderOf(record: object): number {
  const order = (record as { order?: unknown }).order;
  return typeof order === 'number' ? order : 0;
}
