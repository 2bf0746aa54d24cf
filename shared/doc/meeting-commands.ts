import * as v from 'valibot';
import * as Y from 'yjs';
import { actionSchema, checked, daySchema, decisionSchema, idSchema } from '../schema/records.ts';
import { collection, newId, transactRecord } from './layout.ts';
import { agendaItem, closingWrite, isItemClosed } from './agenda-commands.ts';
import { record } from './plan-commands.ts';
import { commandError } from '../schema/command-error.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * Commands of the executive meeting that close an agenda item together with the record
 * of its outcome. "No decision, no close": an item closes with a decision, an action or
 * an explicit "noted"; recording the decision (or action) and closing the item happen in
 * ONE transaction, so no peer ever sees a closed item whose decision is missing, nor a
 * decision recorded for an item that then failed to close, and one undo takes back both.
 */

/** Who closes an agenda item, and when (ISO time). */
export interface Closer {
  by: string;
  at: string;
}

const closerSchema = v.strictObject({
  by: v.pipe(
    v.string('must be text'),
    v.trim(),
    v.minLength(1, 'the person closing the item must be named'),
    v.maxLength(200, 'must be at most 200 characters'),
  ),
  at: v.pipe(v.string('must be text'), v.isoTimestamp('must be an ISO time')),
});

/** A text that must not be blank; `message` says what to write, as a person reads it. */
const needsText = (message: string) => v.pipe(v.string(message), v.trim(), v.minLength(1, message));

/**
 * What a meeting must say to close an item with a decision: the question and, when it
 * is agreed, the option chosen and the one person who sees it through. The messages are
 * what the person closing the item is told beside each field.
 */
const decisionMade = {
  question: needsText('write the question the meeting decided.'),
  chosen: needsText('write the option the meeting chose.'),
  owner: needsText('name the one person who sees the decision through.'),
};

/** What a meeting must say to close an item with an action: what, one owner, when. */
const actionRaised = v.object({
  title: needsText('write what is to be done.'),
  owner: needsText('an action needs exactly one owner.'),
  due: daySchema('pick the date it is due.'),
});

/** What a decision recorded in the meeting holds; `status` defaults to `agreed`. */
export type MeetingDecisionInput = Omit<v.InferInput<typeof decisionSchema>, 'status'> & {
  status?: v.InferInput<typeof decisionSchema>['status'];
};

/** What an action raised in the meeting holds; `status` defaults to `open`. */
export type MeetingActionInput = Omit<v.InferInput<typeof actionSchema>, 'status'> & {
  status?: v.InferInput<typeof actionSchema>['status'];
};

/** The link a record carries to the agenda item it came from: `agenda:<id>`. */
export function agendaLink(agendaId: string): string {
  return `agenda:${agendaId}`;
}

/**
 * Records a decision made on an agenda item and closes the item with it, in one
 * transaction. The decision links back to the item (`agenda:<id>`); an agreed decision
 * must name the chosen option and its one owner. Returns the decision's id. Throws, and writes nothing,
 * when the item does not exist or is already closed, or when the input is invalid.
 */
export function closeWithDecision(
  doc: CycleDoc,
  agendaId: string,
  input: MeetingDecisionInput,
  closer: Closer,
  id: string = newId('decisions'),
): string {
  const command = 'closeWithDecision';
  openAgendaItem(doc, agendaId, command);
  const decision = checked(command, decisionSchema, {
    ...input,
    status: input.status ?? 'agreed',
    links: withLink(input.links, agendaLink(agendaId)),
  });
  // Every missing part at once, so the person sees all of them beside their fields.
  const { question, chosen, owner } = decisionMade;
  checked(
    command,
    decision.status === 'agreed' ? v.object({ question, chosen, owner }) : v.object({ question }),
    { ...decision, chosen: decision.chosen ?? '', owner: decision.owner ?? '' },
  );
  const outcome = outcomeOf(command, 'decision', id, closer);
  const close = closingWrite(doc, agendaId, outcome, command);
  checked(command, idSchema, id);
  const decisions = collection(doc, 'decisions');
  if (decisions.has(id)) throw commandError(command, `decision "${id}" already exists`);
  transactRecord(doc, command, () => {
    decisions.set(id, record(decision));
    close();
  });
  return id;
}

/**
 * Raises an action (one owner, a due date) on an agenda item and closes the item with
 * it, in one transaction. The action links back to the item. Returns the action's id.
 * Throws, and writes nothing, when the item does not exist or is already closed, or when
 * the input is invalid.
 */
export function closeWithAction(
  doc: CycleDoc,
  agendaId: string,
  input: MeetingActionInput,
  closer: Closer,
  id: string = newId('actions'),
): string {
  const command = 'closeWithAction';
  openAgendaItem(doc, agendaId, command);
  checked(command, actionRaised, input);
  const action = checked(command, actionSchema, {
    // When it was made: its age counts from here.
    createdAt: new Date().toISOString(),
    ...input,
    status: input.status ?? 'open',
    links: withLink(input.links, agendaLink(agendaId)),
  });
  const outcome = outcomeOf(command, 'action', id, closer);
  const close = closingWrite(doc, agendaId, outcome, command);
  checked(command, idSchema, id);
  const actions = collection(doc, 'actions');
  if (actions.has(id)) throw commandError(command, `action "${id}" already exists`);
  transactRecord(doc, command, () => {
    actions.set(id, record(action));
    close();
  });
  return id;
}

/**
 * Closes an agenda item with a decision or action recorded earlier, and adds the link
 * `agenda:<id>` to that record, in one transaction. Throws, and writes nothing, when the
 * item does not exist or is already closed, or the decision or action does not exist.
 */
export function closeWithExisting(
  doc: CycleDoc,
  agendaId: string,
  kind: 'decision' | 'action',
  ref: string,
  closer: Closer,
): void {
  const command = 'closeWithExisting';
  openAgendaItem(doc, agendaId, command);
  checked(command, v.picklist(['decision', 'action'], 'kind: must be decision or action'), kind);
  const target = collection(doc, kind === 'decision' ? 'decisions' : 'actions').get(ref);
  if (!target) throw commandError(command, `no ${kind} "${ref}"`);
  const outcome = outcomeOf(command, kind, ref, closer);
  const close = closingWrite(doc, agendaId, outcome, command);
  const current = target.get('links');
  const links = Array.isArray(current) ? current.filter((l) => typeof l === 'string') : [];
  const link = agendaLink(agendaId);
  transactRecord(doc, command, () => {
    if (!links.includes(link)) target.set('links', [...links, link]);
    close();
  });
}

function openAgendaItem(doc: CycleDoc, id: string, command: string): void {
  agendaItem(doc, id, command);
  if (isItemClosed(doc, id, command)) {
    throw commandError(command, `agenda item "${id}" is already closed`);
  }
}

function outcomeOf(command: string, kind: 'decision' | 'action', ref: string, closer: Closer) {
  const { by, at } = checked(command, closerSchema, closer);
  return { kind, ref, by, at };
}

function withLink(links: string[] | undefined, link: string): string[] {
  const list = Array.isArray(links) ? links : [];
  return list.includes(link) ? list : [...list, link];
}

/**
 * An undo manager for one agenda item's notes, for the notes editor's own undo (its
 * binding adds its edits as the tracked origin): undo in the notes takes back my typing
 * only, never someone else's, and never a command of the session's undo. The editor
 * destroys it when it closes.
 */
export function createNotesUndo(notes: Y.Text): Y.UndoManager {
  return new Y.UndoManager(notes, { trackedOrigins: new Set() });
}
