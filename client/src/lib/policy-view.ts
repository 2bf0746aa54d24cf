import type { Actor, SopFunction } from '../../../shared/policy/roles.ts';
import { ROLE_WORDS } from '../../../shared/policy/roles.ts';
import { checkWrite, type Verdict, type WriteTarget } from '../../../shared/policy/write-policy.ts';
import { FUNCTION_WORDS } from '../../../shared/vocabulary/index.ts';

/**
 * What the page asks the write policy before it offers a control: each function builds
 * the write the control would make (root, key, field, the record as it stands) and asks
 * `checkWrite`, so a control is disabled with the very sentence the relay refuses with.
 */

/** A write of `value` to `root`/`key`/`field`, over `record` as it stands now. */
function write(
  root: string,
  key: string,
  field: string | null,
  value: unknown,
  record?: Readonly<Record<string, unknown>>,
): WriteTarget {
  return { root, key, field, action: 'set', value, ...(record ? { record } : {}) };
}

/** Plan numbers and setup: families, resources, grid cells, the cycle's title. */
export function mayEditPlan(actor: Actor): Verdict {
  return checkWrite(actor, write('families', 'family', 'name', 'x'));
}

/** The plan's settings: budget tolerance, tracking window and limit, fiscal year, rates. */
export function maySetSettings(actor: Actor): Verdict {
  return checkWrite(actor, write('settings', 'holdingRate', null, 0.02));
}

/** Work items (risks, actions, product development, stages, gap notes, scenarios). */
export function mayEditWork(actor: Actor): Verdict {
  return checkWrite(actor, write('risks', 'risk', 'title', 'x'));
}

/** Changing a decision as it stands now: an agreed one is kept as it is. */
export function mayEditDecision(actor: Actor, decision: { status: string } | null): Verdict {
  return checkWrite(
    actor,
    write('decisions', 'decision', 'question', 'x', decision ? { status: decision.status } : {}),
  );
}

/** Approving (marking agreed) a proposed decision: planners, and approvers. */
export function mayApproveDecision(actor: Actor): Verdict {
  return checkWrite(
    actor,
    write('decisions', 'decision', 'status', 'agreed', { status: 'proposed' }),
  );
}

/** Adopting a scenario: rewriting the plan with it. */
export function mayAdoptScenario(actor: Actor): Verdict {
  return checkWrite(
    actor,
    write('scenarios', 'scenario', 'status', 'adopted', { status: 'draft' }),
  );
}

/** Adding, renaming, moving, timing or removing agenda items. */
export function mayChangeAgenda(actor: Actor): Verdict {
  return checkWrite(actor, write('agenda', 'item', 'title', 'x'));
}

/** Typing an agenda item's notes. */
export function mayTakeNotes(actor: Actor): Verdict {
  return checkWrite(actor, write('agenda', 'item', 'notes', 'x'));
}

/** Closing an open agenda item with its outcome. */
export function mayCloseAgendaItem(actor: Actor): Verdict {
  return checkWrite(actor, write('agenda', 'item', 'outcome', { kind: 'noted' }, {}));
}

/** A revision, in the person's own name, of a record of `target`. */
function revision(actor: Actor, target: 'decisions' | 'agenda'): WriteTarget {
  return write('revisions', 'revision', null, { target, by: actor.name });
}

/** Reopening a closed agenda item: a revision that clears its outcome (who, when, why). */
export function mayReopenAgendaItem(actor: Actor): Verdict {
  return checkWrite(actor, revision(actor, 'agenda'));
}

/** Revising an agreed decision: a revision beside it (who, when, why). */
export function mayReviseDecision(actor: Actor): Verdict {
  return checkWrite(actor, revision(actor, 'decisions'));
}

/** Archiving a record of the meeting's record (risks, decisions, actions, NPI). */
export function mayArchive(actor: Actor, root: string): Verdict {
  return checkWrite(actor, write(root, 'record', 'archived', { at: 'now' }, {}));
}

/** Starting the meeting, moving it to another item, ending it. */
export function mayRunMeeting(actor: Actor): Verdict {
  return checkWrite(actor, write('meeting', 'currentItem', null, 'item'));
}

/** Publishing the pre-read. */
export function mayPublishPreread(actor: Actor): Verdict {
  return checkWrite(actor, write('preread', 'publishedBy', null, actor.name));
}

/** Marking the pre-read read by oneself. */
export function mayMarkPrereadRead(actor: Actor): Verdict {
  return checkWrite(actor, write('prereadReads', actor.name, null, { at: 'now' }));
}

/** Signing off (or withdrawing the sign-off of) a stage for a function. */
export function maySignOff(actor: Actor, stage: string, fn: SopFunction): Verdict {
  return checkWrite(actor, write('signoffs', `${stage}|${fn}`, null, { by: actor.name }));
}

/** Reporting how far a function's inputs have come. */
export function mayReportInput(actor: Actor, fn: SopFunction): Verdict {
  return checkWrite(actor, write('inputs', fn, 'status', 'submitted'));
}

/** Writing a comment of one's own (or removing it). */
export function mayComment(actor: Actor): Verdict {
  return checkWrite(actor, write('comments', 'comment', null, { author: actor.name }));
}

/** Recording the attendance of `name` (one's own, unless facilitator). */
export function mayRecordAttendance(actor: Actor, name: string): Verdict {
  return checkWrite(actor, write('attendance', 'attendance', null, { name, present: true }));
}

/** Recording anyone's attendance, e.g. adding the people expected to the list. */
export function mayRecordOthersAttendance(actor: Actor): Verdict {
  // No one's name is empty: this is someone other than the person.
  return mayRecordAttendance(actor, '');
}

/** Setting the share of change above which a change since last cycle asks for a reason. */
export function maySetChangeThreshold(actor: Actor): Verdict {
  return checkWrite(actor, write('previous', 'threshold', null, 0.2));
}

/** The person's role and functions in words: "Editor · Supply chain". */
export function roleWords(actor: Actor): string {
  return [ROLE_WORDS[actor.role], ...actor.functions.map((fn) => FUNCTION_WORDS[fn])].join(' · ');
}

/**
 * What the person may do in this cycle, in one sentence, for the banner of those who
 * may not change the plan; null for the facilitator and editors.
 */
export function roleSummary(actor: Actor): string | null {
  if (actor.role === 'viewer') {
    return 'You joined as a viewer: you can read everything, mark the pre-read read and record your own attendance.';
  }
  if (actor.role === 'approver') {
    const own = actor.functions.map((fn) => FUNCTION_WORDS[fn]).join(' and ');
    const signs = own ? `sign off for ${own}` : 'sign off for your functions';
    return `You joined as an approver: you can read everything, ${signs}, approve decisions, comment and mark the pre-read read; the plan and work items are changed by the facilitator and editors.`;
  }
  return null;
}
