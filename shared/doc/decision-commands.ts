import * as v from 'valibot';
import {
  checked,
  decisionReviewSchema,
  decisionSchema,
  gapNoteSchema,
  idSchema,
  type DecisionReview,
  type ExpectedImpact,
} from '../schema/records.ts';
import { commandError } from '../schema/command-error.ts';
import { collection, newId, transactRecord, writeFields } from './layout.ts';
import { linkKey, parseGapId } from './gap-work.ts';
import { record } from './plan-commands.ts';
import { currentFields } from './revision-commands.ts';
import { setGapNote } from './work-commands.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * The commands of the meeting's decision pack (agenda item 6) and of the review of a
 * decision a cycle later: taking a waiting decision in place with its rationale,
 * expected impact, owner and review date; deferring it; deciding a gap marked "needs a
 * decision"; and recording whether an agreed decision delivered. Adopting or keeping
 * the plan instead of a scenario are in `scenario-adoption.ts` and
 * `scenario-rejection.ts`, loaded with the views that use them.
 */

/** What the meeting settles when it takes a decision in the pack. */
export interface DecisionTaken {
  /** The option chosen, in words. */
  chosen: string;
  /** Why the meeting chose it. */
  rationale: string;
  /** Who carries it out. */
  owner: string;
  /** What it is expected to move, measure by measure. */
  expectedImpact?: ExpectedImpact[];
  /** The day by which the meeting checks whether it delivered (`YYYY-MM-DD`). */
  reviewDate?: string;
}

/**
 * The fields a taken decision records: chosen, rationale and owner are required (trimmed);
 * an empty expected impact is left out. Throws naming the field that is missing.
 */
export function takenFields(command: string, taken: DecisionTaken): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    chosen: taken.chosen.trim(),
    rationale: taken.rationale.trim(),
    owner: taken.owner.trim(),
  };
  if (!fields.chosen) throw commandError(command, 'choose an option', 'chosen');
  if (!fields.rationale) throw commandError(command, 'say why: the rationale', 'rationale');
  if (!fields.owner) throw commandError(command, 'name the owner', 'owner');
  if (taken.expectedImpact && taken.expectedImpact.length > 0) {
    fields.expectedImpact = taken.expectedImpact.map((impact) => ({
      ...impact,
      measure: impact.measure.trim(),
      unit: impact.unit.trim(),
    }));
  }
  if (taken.reviewDate) fields.reviewDate = taken.reviewDate;
  return checked(command, v.partial(decisionSchema), fields) as Record<string, unknown>;
}

/** The decision's current fields, refusing one that is not waiting (proposed or deferred). */
function waiting(doc: CycleDoc, id: string, command: string): Record<string, unknown> {
  const fields = currentFields(doc, 'decisions', id, command);
  if (fields.status !== 'proposed' && fields.status !== 'deferred') {
    throw commandError(command, `decision "${id}" is ${String(fields.status)}, not waiting`);
  }
  return fields;
}

/**
 * Takes a waiting decision (proposed or deferred) in place: agreed, with the chosen
 * option, rationale, owner and, when given, expected impact and review date. Part of the
 * meeting's record in one transaction (undo never takes an agreement back; revise it).
 * Throws, writing nothing, for an unknown or already settled decision or a missing field.
 */
export function takeDecision(doc: CycleDoc, id: string, taken: DecisionTaken): void {
  const command = 'takeDecision';
  const current = waiting(doc, id, command);
  const fields = { ...takenFields(command, taken), status: 'agreed' };
  checked(command, decisionSchema, { ...current, ...fields });
  const item = collection(doc, 'decisions').get(id);
  transactRecord(doc, command, () => item && writeFields(item, fields));
}

/**
 * Defers a waiting decision to a later meeting, saying why, with the day it is due
 * again when given. Throws, writing nothing, for a settled decision or no reason.
 */
export function deferDecision(
  doc: CycleDoc,
  id: string,
  note: { rationale: string; due?: string },
): void {
  const command = 'deferDecision';
  const current = waiting(doc, id, command);
  const rationale = note.rationale.trim();
  if (!rationale) throw commandError(command, 'say why it waits', 'rationale');
  const fields: Record<string, unknown> = { status: 'deferred', rationale };
  if (note.due) fields.due = note.due;
  checked(command, decisionSchema, { ...current, ...fields });
  const item = collection(doc, 'decisions').get(id);
  transactRecord(doc, command, () => item && writeFields(item, fields));
}

/**
 * Marks a gap as needing a decision of the meeting (it joins the decision pack), or
 * takes the mark off. Its note is created (status open) when the gap has none.
 */
export function markGapNeedsDecision(doc: CycleDoc, gapId: string, needed: boolean): void {
  if (!parseGapId(gapId)) throw commandError('markGapNeedsDecision', `"${gapId}" is not a gap id`);
  if (!needed && !collection(doc, 'gapNotes').has(gapId)) return;
  setGapNote(doc, gapId, { needsDecision: needed ? true : undefined });
}

/**
 * Decides a gap marked "needs a decision", in one transaction of the meeting's record:
 * an agreed decision (the question, chosen option, rationale, owner, expected impact,
 * review date) linked to the gap, and the gap's note linked back with its mark taken
 * off. Returns the decision's id. Throws, writing nothing, for a gap not marked, or a
 * missing field.
 */
export function decideGap(
  doc: CycleDoc,
  gapId: string,
  decision: DecisionTaken & { question: string; madeIn: string },
  id: string = newId('decisions'),
): string {
  const command = 'decideGap';
  checked(command, idSchema, id);
  const note = collection(doc, 'gapNotes').get(gapId);
  if (!note || note.get('needsDecision') !== true) {
    throw commandError(command, `gap "${gapId}" is not marked as needing a decision`);
  }
  const question = decision.question.trim();
  if (!question) throw commandError(command, 'the decision needs a question', 'question');
  const decisions = collection(doc, 'decisions');
  if (decisions.has(id)) throw commandError(command, `"${id}" already exists`);
  const fields = checked(command, decisionSchema, {
    question,
    ...takenFields(command, decision),
    status: 'agreed',
    madeIn: decision.madeIn,
    links: [linkKey('gap', gapId)],
  }) as Record<string, unknown>;
  const before = note.toJSON() as Record<string, unknown>;
  const links = Array.isArray(before.links) ? [...(before.links as string[])] : [];
  links.push(linkKey('decision', id));
  const noteFields: Record<string, unknown> = { ...before, links };
  delete noteFields.needsDecision;
  checked(command, gapNoteSchema, noteFields);
  transactRecord(doc, command, () => {
    decisions.set(id, record(fields));
    writeFields(note, { links, needsDecision: undefined });
  });
  return id;
}

/**
 * Records whether an agreed decision delivered (delivered, partly, not delivered), by
 * whom, when and with a note: the facilitator's to record (the relay refuses anyone
 * else), and the one field of an agreed decision that changes in place. Recording again
 * replaces the verdict. Throws, writing nothing, for a decision that is not agreed or a
 * review that is not complete.
 */
export function recordDecisionReview(doc: CycleDoc, id: string, review: DecisionReview): void {
  const command = 'recordDecisionReview';
  const current = currentFields(doc, 'decisions', id, command);
  if (current.status !== 'agreed') {
    throw commandError(command, `decision "${id}" is not agreed: there is nothing to review`);
  }
  const note = review.note?.trim();
  const fields = checked(command, decisionReviewSchema, {
    outcome: review.outcome,
    by: review.by.trim(),
    at: review.at,
    ...(note ? { note } : {}),
  });
  const item = collection(doc, 'decisions').get(id);
  transactRecord(doc, command, () => item?.set('review', fields));
}
