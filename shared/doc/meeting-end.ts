import * as v from 'valibot';
import { commandError } from '../schema/command-error.ts';
import { checked } from '../schema/records.ts';
import { meetingMap, transactRecord, writeFields } from './layout.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * The end of the executive meeting. The facilitator ends it: who and when are kept in
 * the meeting state, every peer's clock stops at that moment, the minutes read as final,
 * and from then on an agenda item's outcome changes only as a revision (who, when, why),
 * which the relay's write policy enforces. Ending it by mistake is undone by resuming it,
 * which the facilitator alone may do too.
 */

/** When the meeting ended and who ended it. */
export interface MeetingEnd {
  endedAt: string;
  endedBy: string;
}

const endSchema = v.strictObject({
  by: v.pipe(
    v.string('must be text'),
    v.trim(),
    v.minLength(1, 'name the person who ends the meeting'),
    v.maxLength(200, 'must be at most 200 characters'),
  ),
  at: v.pipe(v.string('must be text'), v.isoTimestamp('must be an ISO time')),
});

/** The meeting state's fields that say the meeting ended. */
export const MEETING_END_FIELDS = ['endedAt', 'endedBy'] as const;

/** When and by whom the meeting ended; null while it has not started or still runs. */
export function readMeetingEnd(doc: CycleDoc): MeetingEnd | null {
  const meeting = meetingMap(doc);
  const endedAt = meeting.get('endedAt');
  const endedBy = meeting.get('endedBy');
  if (typeof endedAt !== 'string') return null;
  return { endedAt, endedBy: typeof endedBy === 'string' ? endedBy : '' };
}

/** True once the facilitator ended the meeting (and did not resume it). */
export function isMeetingEnded(doc: CycleDoc): boolean {
  return typeof meetingMap(doc).get('endedAt') === 'string';
}

/**
 * Ends the meeting: records who ended it and when. Part of the meeting's record, so undo
 * never takes it back (resume it instead). Throws, writing nothing, when the meeting has
 * not started or has already ended, when `at` is before the meeting started, or when
 * who or when is missing.
 */
export function endMeeting(doc: CycleDoc, input: { by: string; at: string }): void {
  const command = 'endMeeting';
  const { by, at } = checked(command, endSchema, input);
  const meeting = meetingMap(doc);
  const startedAt = meeting.get('startedAt');
  if (typeof startedAt !== 'string') {
    throw commandError(command, 'the meeting has not started: there is nothing to end');
  }
  if (isMeetingEnded(doc)) throw commandError(command, 'the meeting has already ended');
  if (Date.parse(at) < Date.parse(startedAt)) {
    throw commandError(command, 'the meeting cannot end before it started', 'at');
  }
  transactRecord(doc, command, () => writeFields(meeting, { endedAt: at, endedBy: by }));
}

/**
 * Resumes an ended meeting (ended by mistake): its clock runs again from when it first
 * started, and outcomes close directly again. Throws when the meeting has not ended.
 */
export function resumeMeeting(doc: CycleDoc): void {
  const command = 'resumeMeeting';
  if (!isMeetingEnded(doc)) throw commandError(command, 'the meeting has not ended');
  transactRecord(doc, command, () =>
    writeFields(meetingMap(doc), { endedAt: undefined, endedBy: undefined }),
  );
}

/** Throws, naming `command`, when the meeting has ended: its running stopped there. */
export function mustBeRunning(doc: CycleDoc, command: string): void {
  if (isMeetingEnded(doc)) {
    throw commandError(command, 'the meeting has ended: resume it to move to another item');
  }
}
