import * as v from 'valibot';
import * as Y from 'yjs';
import { commandError } from '../schema/command-error.ts';
import { agendaItemSchema, checked, outcomeSchema, type Outcome } from '../schema/records.ts';
import {
  collection,
  meetingMap,
  newId,
  nextOrder,
  transact,
  transactRecord,
  writeFields,
} from './layout.ts';
import { record } from './plan-commands.ts';
import {
  currentFields,
  prepareRevision,
  reviseRecord,
  type RevisionNote,
} from './revision-commands.ts';
import { isMeetingEnded, mustBeRunning } from './meeting-end.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * The executive meeting's agenda and its running: items with their time boxes and
 * shared notes, which item is current, and closing an item with its outcome. Closing
 * an item together with a new decision or action is in meeting-commands.ts.
 */

const newAgendaSchema = v.strictObject({
  title: agendaItemSchema.entries.title,
  timeBoxMinutes: agendaItemSchema.entries.timeBoxMinutes,
});

/** The ten items of the executive agenda (domain.md section 1) with their time boxes. */
export const STANDARD_AGENDA: readonly { title: string; timeBoxMinutes: number }[] = [
  { title: 'What has changed since last month?', timeBoxMinutes: 10 },
  { title: 'How are we executing to performance metrics?', timeBoxMinutes: 10 },
  { title: 'How are product families performing?', timeBoxMinutes: 10 },
  { title: 'Are we on plan financially?', timeBoxMinutes: 10 },
  { title: 'Previous and new risks', timeBoxMinutes: 10 },
  { title: 'Decisions needed now and later', timeBoxMinutes: 15 },
  { title: 'Product development on track?', timeBoxMinutes: 5 },
  { title: 'Critical constraints?', timeBoxMinutes: 10 },
  { title: 'Revise the long-term plan?', timeBoxMinutes: 5 },
  { title: 'Follow-up actions', timeBoxMinutes: 5 },
];

/** Adds an agenda item at the end, with an empty shared text for its notes; returns its id. */
export function addAgendaItem(
  doc: CycleDoc,
  input: v.InferInput<typeof newAgendaSchema>,
  id: string = newId('agenda'),
): string {
  const fields = checked('addAgendaItem', newAgendaSchema, input);
  const agenda = collection(doc, 'agenda');
  if (agenda.has(id)) throw commandError('addAgendaItem', `"${id}" already exists`);
  transact(doc, 'addAgendaItem', () => {
    const item = record({ ...fields, order: nextOrder(agenda) });
    item.set('notes', new Y.Text());
    agenda.set(id, item);
  });
  return id;
}

/** Adds the ten standard agenda items, in order. */
export function addStandardAgenda(doc: CycleDoc): string[] {
  return STANDARD_AGENDA.map((item, i) => addAgendaItem(doc, item, `agenda-${i + 1}`));
}

/** Renames, re-times or moves an agenda item (`order` places it between neighbours). */
export function updateAgendaItem(
  doc: CycleDoc,
  id: string,
  patch: { title?: string; timeBoxMinutes?: number; order?: number },
): void {
  const item = agendaItem(doc, id, 'updateAgendaItem');
  const fields = checked(
    'updateAgendaItem',
    v.partial(v.omit(agendaItemSchema, ['outcome'])),
    patch,
  );
  transact(doc, 'updateAgendaItem', () => writeFields(item, fields));
}

/** The shared text of an agenda item's notes, to bind to a collaborative editor. */
export function agendaNotes(doc: CycleDoc, id: string): Y.Text {
  return agendaItem(doc, id, 'agendaNotes').get('notes') as Y.Text;
}

/**
 * Closes an agenda item with its outcome: a decision, an action (with its id) or an
 * explicit "noted, no decision needed". The outcome is one value, so when two people
 * close the item at once every peer ends with one whole outcome, never a mix.
 */
export function closeAgendaItem(
  doc: CycleDoc,
  id: string,
  outcome: v.InferInput<typeof outcomeSchema>,
): void {
  agendaItem(doc, id, 'closeAgendaItem');
  const value = checked('closeAgendaItem', outcomeSchema, outcome);
  if ((value.kind === 'decision' || value.kind === 'action') && !value.ref) {
    throw commandError(
      'closeAgendaItem',
      `a ${value.kind} outcome names the ${value.kind} it records`,
    );
  }
  if (isItemClosed(doc, id, 'closeAgendaItem')) {
    throw commandError('closeAgendaItem', `"${id}" is already closed`);
  }
  transactRecord(doc, 'closeAgendaItem', closingWrite(doc, id, value, 'closeAgendaItem'));
}

/** True when the agenda item is closed now (its revisions applied). */
export function isItemClosed(doc: CycleDoc, id: string, command: string): boolean {
  return currentFields(doc, 'agenda', id, command).outcome !== undefined;
}

/**
 * The write that closes an open agenda item with `outcome`: on the item the first time
 * during the meeting; once it was closed and reopened, or once the meeting ended, as a
 * revision (a closed outcome never changes in place, so what was closed first stays
 * readable, and what changed after the meeting says who, when and why).
 */
export function closingWrite(
  doc: CycleDoc,
  id: string,
  outcome: Outcome,
  command: string,
): () => void {
  const item = agendaItem(doc, id, command);
  // Once the meeting ended, its record changes only by revisions: closing late is one too.
  const ended = isMeetingEnded(doc);
  if (item.get('outcome') === undefined && !ended) return () => item.set('outcome', outcome);
  const why = ended ? 'Closed after the meeting ended' : 'Closed again after it was reopened';
  const note = { by: outcome.by, at: outcome.at, why };
  return prepareRevision(doc, 'agenda', id, { outcome }, note, command).write;
}

/**
 * Reopens a closed agenda item, as a revision that says who reopened it, when and why;
 * the outcome it was closed with stays readable. Throws for an item that is not closed.
 */
export function reopenAgendaItem(doc: CycleDoc, id: string, note: RevisionNote): void {
  if (!isItemClosed(doc, id, 'reopenAgendaItem')) {
    throw commandError('reopenAgendaItem', `"${id}" is not closed`);
  }
  reviseRecord(doc, 'agenda', id, { outcome: undefined }, note, 'reopenAgendaItem');
}

/** Starts the meeting at `at` (ISO time) with the given agenda item current. */
export function startMeeting(doc: CycleDoc, firstItem: string, at: string): void {
  agendaItem(doc, firstItem, 'startMeeting');
  mustBeRunning(doc, 'startMeeting');
  transact(doc, 'startMeeting', () =>
    writeFields(meetingMap(doc), { startedAt: at, currentItem: firstItem, itemStartedAt: at }),
  );
}

/** Makes an agenda item the current one, from `at`; refused once the meeting ended. */
export function startAgendaItem(doc: CycleDoc, id: string, at: string): void {
  agendaItem(doc, id, 'startAgendaItem');
  mustBeRunning(doc, 'startAgendaItem');
  transact(doc, 'startAgendaItem', () =>
    writeFields(meetingMap(doc), { currentItem: id, itemStartedAt: at }),
  );
}

/** An agenda item's record; throws, naming `command`, when there is none. */
export function agendaItem(doc: CycleDoc, id: string, command: string): Y.Map<unknown> {
  const item = collection(doc, 'agenda').get(id);
  if (!item) throw commandError(command, `no agenda item "${id}"`);
  return item;
}
