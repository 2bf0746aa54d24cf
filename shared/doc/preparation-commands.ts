import * as v from 'valibot';
import * as Y from 'yjs';
import { monthOrdinal, type Plan } from '../engine/index.ts';
import { checked, FUNCTIONS, idSchema, inputStatusSchema, monthSchema } from '../schema/records.ts';
import { collection, prereadMap, transact, writeFields } from './layout.ts';
import { record } from './plan-commands.ts';
import { readPlan } from './plan-projection.ts';
import { commandError } from '../schema/command-error.ts';
import { freezePlan, readFrozenPlan } from './frozen-plan.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * Preparation and accountability (issue 5, section 6): each function's input status for
 * the cycle, the pre-read the facilitator publishes before the meeting and who has read
 * it, and the rule that flags actions left open too long. Commands validate their input
 * and write in one transaction, like every other command of the document.
 */

const functionSchema = v.picklist(FUNCTIONS, `must be one of ${FUNCTIONS.join(', ')}`);

/**
 * Sets a function's input status for the cycle (not started, in progress, submitted)
 * with who changed it and when, and an optional note (at most 500 characters). The
 * record is replaced whole: a note not given is cleared, since it spoke of the status
 * before. Throws, writing nothing, on an unknown function or invalid fields.
 */
export function setInputStatus(
  doc: CycleDoc,
  fn: string,
  input: v.InferInput<typeof inputStatusSchema>,
): void {
  const which = checked('setInputStatus', functionSchema, fn);
  const fields = checked('setInputStatus', inputStatusSchema, input) as Record<string, unknown>;
  const inputs = collection(doc, 'inputs');
  transact(doc, 'setInputStatus', () => {
    const current = inputs.get(which);
    if (current instanceof Y.Map) writeFields(current, { note: undefined, ...fields });
    else inputs.set(which, record(fields));
  });
}

/** The pre-read as published: a frozen copy of the plan, from which its gaps are computed. */
export interface Preread {
  /** ISO time of publication. */
  publishedAt: string;
  publishedBy: string;
  plan: Plan;
}

const publishSchema = v.strictObject({
  by: v.pipe(
    v.string('must be text'),
    v.minLength(1, 'needs the name of who publishes it'),
    v.maxLength(200, 'must be at most 200 characters'),
  ),
  at: v.pipe(v.string('must be a time'), v.isoTimestamp('must be an ISO time')),
});

/**
 * Publishes the pre-read: a frozen copy of the plan as it is now (the plan file as
 * JSON), with who published it and when. A new publication replaces the earlier one
 * and clears who had read it, since they read an older plan. Throws, writing nothing,
 * when the cycle has no plan or the fields are invalid.
 */
export function publishPreread(doc: CycleDoc, input: { by: string; at: string }): void {
  const fields = checked('publishPreread', publishSchema, input);
  const reading = readPlan(doc);
  if (reading.problem) throw commandError('publishPreread', reading.problem);
  const text = freezePlan(reading.plan);
  const reads = collection(doc, 'prereadReads');
  transact(doc, 'publishPreread', () => {
    const map = prereadMap(doc);
    map.set('publishedAt', fields.at);
    map.set('publishedBy', fields.by);
    map.set('plan', text);
    for (const name of [...reads.keys()]) reads.delete(name);
  });
}

/**
 * What identifies the published pre-read, cheaply: when, by whom and the stored plan text.
 * Equal parts mean the same publication, so a reader can keep what it computed from it.
 */
export function prereadIdentity(doc: CycleDoc): readonly unknown[] {
  const map = prereadMap(doc);
  return [map.get('publishedAt'), map.get('publishedBy'), map.get('plan')];
}

/**
 * The published pre-read, or null when none is (or what is stored cannot be read: a
 * plan that fails the plan file's rules is never shown as if it were the pre-read).
 */
export function readPreread(doc: CycleDoc): Preread | null {
  const map = prereadMap(doc);
  const publishedAt = map.get('publishedAt');
  const publishedBy = map.get('publishedBy');
  const plan = readFrozenPlan(map.get('plan'));
  if (typeof publishedAt !== 'string' || plan === null) return null;
  return { publishedAt, publishedBy: typeof publishedBy === 'string' ? publishedBy : '', plan };
}

/**
 * Marks the published pre-read read by `name` at `at`. The read remembers which
 * publication it was for, so a read that crosses a new publication (or an undo of the
 * clearing) never counts for a newer pre-read. Throws, writing nothing, when no pre-read
 * is published or the fields are invalid.
 */
export function markPrereadRead(doc: CycleDoc, name: string, at: string): void {
  const who = checked('markPrereadRead', idSchema, name);
  const when = checked('markPrereadRead', publishSchema.entries.at, at);
  const publishedAt = prereadMap(doc).get('publishedAt');
  if (typeof publishedAt !== 'string') {
    throw commandError('markPrereadRead', 'no pre-read has been published yet');
  }
  const reads = collection(doc, 'prereadReads');
  transact(doc, 'markPrereadRead', () => {
    const current = reads.get(who);
    const fields = { at: when, publishedAt };
    if (current instanceof Y.Map) writeFields(current, fields);
    else reads.set(who, record(fields));
  });
}

/** Who has read the pre-read published at `publishedAt`, with when: reads of older ones left out. */
export function prereadReaders(
  reads: readonly { id: string; at: string; publishedAt: string }[],
  publishedAt: string,
): { name: string; at: string }[] {
  return reads
    .filter((read) => read.publishedAt === publishedAt)
    .map((read) => ({ name: read.id, at: read.at }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
}

/** An action open for more cycles than this is flagged (domain.md: "open for more than two cycles"). */
export const LONG_OPEN_CYCLES = 2;

/**
 * How many cycles an item raised in `raisedIn` has been carried to reach `cycle`: the
 * months between them (`2026-09` to `2026-12` is 3); 0 for the cycle itself, or for a
 * month ahead of it.
 */
export function cyclesOpen(raisedIn: string, cycle: string): number {
  if (!v.is(monthSchema, raisedIn) || !v.is(monthSchema, cycle)) return 0;
  return Math.max(0, monthOrdinal(cycle) - monthOrdinal(raisedIn));
}

/** True for an open action carried for more than {@link LONG_OPEN_CYCLES} cycles. */
export function isLongOpen(item: { status: string; raisedIn: string }, cycle: string): boolean {
  return item.status === 'open' && cyclesOpen(item.raisedIn, cycle) > LONG_OPEN_CYCLES;
}
