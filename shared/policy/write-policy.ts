import {
  ARCHIVED_NOT_REMOVED,
  documentRoot,
  GRIDS,
  MEETING_END_FIELDS,
  type UpdateWrite,
} from '../doc/index.ts';

/** The roots whose records are archived, never removed. */
const ARCHIVED_ROOTS: ReadonlySet<string> = new Set(ARCHIVED_NOT_REMOVED);
import type { Actor, Role } from './roles.ts';
import { ROLE_WORDS } from './roles.ts';

/** One write of an update, placed by root, key and field (see `readUpdateWrites`). */
export type WriteTarget = UpdateWrite;

/** Whether a write is allowed, and if not, the sentence the page shows. */
export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * What the cycle's state says about a write, beyond the write itself: whether the
 * executive meeting has ended (then its record changes only by revisions).
 */
export interface CycleState {
  readonly meetingEnded: boolean;
}

/** The state a write is judged in when the caller knows of none: the meeting still running. */
export const MEETING_RUNNING: CycleState = { meetingEnded: false };

/** Who a root's write is narrowed to, beyond the role: a function or the person themself. */
type Ownership =
  | { readonly by: 'function'; readonly of: (target: WriteTarget) => unknown }
  | { readonly by: 'person'; readonly of: (target: WriteTarget) => unknown };

/** The write rule of one root of the cycle document. */
export interface RootRule {
  /** The roles that may write it; empty when only the server does (closing, next cycle). */
  readonly writers: readonly Role[];
  /** What a role that may not write it is told. */
  readonly refusal: string;
  /** Narrows writes to the person's own functions or their own records (facilitators excepted). */
  readonly ownership?: Ownership;
  /** A further rule: the sentence when the write breaks it, null when it keeps it. */
  readonly guard?: (target: WriteTarget, actor: Actor, state: CycleState) => string | null;
}

const PLANNERS: readonly Role[] = ['facilitator', 'editor'];
const SIGNERS: readonly Role[] = ['facilitator', 'editor', 'approver'];
const EVERYONE: readonly Role[] = ['facilitator', 'editor', 'approver', 'viewer'];

const plan: RootRule = {
  writers: PLANNERS,
  refusal: 'Only the facilitator and editors change the plan.',
};
const work: RootRule = {
  writers: PLANNERS,
  refusal: 'Only the facilitator and editors change work items.',
};
const facilitatorOnly = (what: string): RootRule => ({
  writers: ['facilitator'],
  refusal: `Only the facilitator ${what}.`,
});
const serverOnly = (what: string): RootRule => ({
  writers: [],
  refusal: `Only the server ${what}.`,
});

/** The second part of a `first|second` key (a sign-off's function). */
const secondPart = (target: WriteTarget): string | undefined => target.key?.split('|')[1];

/** The field a write sets, read from the field written or the whole record written. */
function written(target: WriteTarget, field: string): unknown {
  if (target.field === field) return target.value;
  if (target.field === null && target.value && typeof target.value === 'object') {
    return (target.value as Record<string, unknown>)[field];
  }
  return target.record?.[field];
}

/**
 * Refuses a record that names someone else as its author (`what` names the record); the
 * facilitator may (restoring the cycle writes back what others made).
 */
function authorGuard(target: WriteTarget, actor: Actor, what: string): string | null {
  const author = written(target, 'author');
  return author !== undefined && author !== actor.name && actor.role !== 'facilitator'
    ? `${what} carries the name of who made it: yours, ${actor.name}.`
    : null;
}

const REVIEW_REFUSAL = 'Only the facilitator records whether a decision delivered.';

/** True when a write sets or removes a decision's review (the field, or a whole record holding one). */
function touchesReview(target: WriteTarget): boolean {
  if (target.field === 'review') return true;
  return (
    target.field === null &&
    target.action === 'set' &&
    typeof target.value === 'object' &&
    target.value !== null &&
    (target.value as Record<string, unknown>).review !== undefined
  );
}

/** True when a revision of a decision sets or clears its review. */
function revisesReview(target: WriteTarget): boolean {
  const fields = written(target, 'fields');
  const cleared = written(target, 'cleared');
  return (
    (typeof fields === 'object' && fields !== null && 'review' in fields) ||
    (Array.isArray(cleared) && cleared.includes('review'))
  );
}

/**
 * The write policy of every root of the cycle document: the one table the relay checks
 * each write of each update against before anything is applied, and the page reads to
 * disable what a person may not do (with the same sentence). A root missing here is
 * not part of a cycle and is refused.
 */
export const WRITE_RULES: Readonly<Record<string, RootRule>> = {
  meta: plan,
  settings: plan,
  families: plan,
  resources: plan,
  loads: plan,
  ...Object.fromEntries(
    GRIDS.flatMap((name) => [
      [name, plan],
      [`${name}Base`, plan],
    ]),
  ),
  // Each function adjusts demand in its own stream, in its own name (domain.md 4.12).
  adjustments: {
    writers: PLANNERS,
    refusal: 'Only the facilitator and editors adjust demand.',
    ownership: { by: 'function', of: (target) => target.key?.split('|')[2] },
    guard: (target, actor) => authorGuard(target, actor, 'An adjustment'),
  },
  overrides: {
    ...facilitatorOnly('sets the consensus by hand'),
    guard: (target, actor) => authorGuard(target, actor, 'A consensus set by hand'),
  },
  demandReview: {
    ...plan,
    guard: (target, actor) =>
      target.key === 'streams' && actor.role !== 'facilitator'
        ? 'Only the facilitator chooses the demand streams.'
        : null,
  },
  historyMarks: plan,
  snapshots: serverOnly('freezes the forecast, when it starts a cycle'),
  gapNotes: work,
  risks: work,
  decisions: {
    writers: SIGNERS,
    refusal: 'Only the facilitator and editors change decisions; approvers approve them.',
    // What was agreed stays as agreed: a change is a revision beside it. Linking the
    // decision to an agenda item it closes changes nothing agreed. An approver (an
    // executive) approves or rejects a proposed decision, and changes nothing else.
    guard: (target, actor) => {
      // Whether a decision delivered is the facilitator's to record, agreed or not: the
      // one field of an agreed decision that changes in place.
      if (touchesReview(target)) {
        if (actor.role !== 'facilitator') return REVIEW_REFUSAL;
        if (target.field === 'review') return null;
      }
      if (target.record?.status === 'agreed' && target.field !== 'links') {
        return 'An agreed decision cannot be changed: record a revision instead.';
      }
      if (actor.role !== 'approver') return null;
      const decides =
        target.field === 'status' &&
        target.action === 'set' &&
        (target.value === 'agreed' || target.value === 'rejected') &&
        target.record !== undefined &&
        ['proposed', 'deferred'].includes(String(target.record.status));
      return decides
        ? null
        : 'Approvers approve or reject a proposed decision; they do not edit it.';
    },
  },
  revisions: {
    writers: PLANNERS,
    refusal: 'Only the facilitator and editors revise what was agreed.',
    ownership: { by: 'person', of: (target) => written(target, 'by') },
    guard: (target, actor) => {
      if (target.field !== null || target.action !== 'set' || target.record !== undefined) {
        return 'A revision is kept as it was recorded: record a new one instead.';
      }
      if (written(target, 'target') === 'agenda' && actor.role !== 'facilitator') {
        return 'Only the facilitator reopens or changes a closed agenda item.';
      }
      return revisesReview(target) && actor.role !== 'facilitator' ? REVIEW_REFUSAL : null;
    },
  },
  actions: work,
  npi: work,
  stages: work,
  scenarios: {
    ...work,
    guard: (target, actor) => {
      if (actor.role === 'facilitator') return null;
      if (written(target, 'status') === 'adopted' || target.record?.status === 'adopted') {
        return 'Only the facilitator adopts a scenario.';
      }
      return written(target, 'status') === 'rejected' || target.record?.status === 'rejected'
        ? 'Only the facilitator records that the meeting kept the plan instead of a scenario.'
        : null;
    },
  },
  scenarioOverrides: work,
  agenda: {
    // Editors take notes (the item's shared text); the rest of the agenda is the facilitator's.
    writers: PLANNERS,
    refusal: 'Only the facilitator changes the agenda; editors take its notes.',
    guard: (target, actor, state) => {
      if (target.field !== 'notes' && actor.role !== 'facilitator') {
        return 'Only the facilitator changes the agenda.';
      }
      // Once the meeting ended, no outcome is set or cleared in place, on any item (a
      // new item included): closing or changing one is a revision (who, when, why).
      const setsOutcome =
        target.field === 'outcome' ||
        (target.field === null && written(target, 'outcome') !== undefined);
      if (state.meetingEnded && setsOutcome) {
        return "The meeting has ended: an agenda item's outcome changes only by a revision (who, when, why).";
      }
      const closed = target.record?.outcome !== undefined;
      // Its outcome, its archiving, or the whole item (replaced or removed).
      const touchesOutcome =
        target.field === 'outcome' || target.field === 'archived' || target.field === null;
      return closed && touchesOutcome ? "A closed agenda item's outcome cannot be changed." : null;
    },
  },
  meeting: {
    ...facilitatorOnly('starts, moves and ends the meeting'),
    // An ended meeting stands still: the facilitator may only resume it.
    guard: (target, _actor, state) =>
      state.meetingEnded && !(MEETING_END_FIELDS as readonly string[]).includes(target.key ?? '')
        ? 'The meeting has ended: resume it before moving to another item.'
        : null,
  },
  preread: facilitatorOnly('publishes the pre-read'),
  signoffs: {
    writers: SIGNERS,
    refusal: 'Viewers cannot sign off a stage.',
    ownership: { by: 'function', of: secondPart },
  },
  inputs: {
    writers: PLANNERS,
    refusal: 'Only the facilitator and editors report input status.',
    ownership: { by: 'function', of: (target) => target.key },
  },
  comments: {
    writers: SIGNERS,
    refusal: 'Viewers cannot comment.',
    ownership: { by: 'person', of: (target) => written(target, 'author') },
  },
  attendance: {
    writers: EVERYONE,
    refusal: 'Attendance cannot be recorded with this invite.',
    ownership: { by: 'person', of: (target) => written(target, 'name') },
  },
  prereadReads: {
    writers: EVERYONE,
    refusal: 'The pre-read cannot be marked read with this invite.',
    ownership: { by: 'person', of: (target) => target.key },
  },
  closure: serverOnly('closes a cycle'),
  previous: {
    // The previous cycle's plan is written by the server; the change threshold by planners.
    writers: PLANNERS,
    refusal: 'Only the facilitator and editors set the change threshold.',
    guard: (target) =>
      target.key === 'threshold' ? null : 'Only the server writes the cycle before this one.',
  },
};

/**
 * Checks one write against the policy: its root is part of a cycle, the person's role
 * may write it, it is their own function's or their own record where the root says so
 * (a facilitator may write any), and the root's further rule holds in the cycle's
 * `state` (by default, a meeting still running).
 */
export function checkWrite(
  actor: Actor,
  target: WriteTarget,
  state: CycleState = MEETING_RUNNING,
): Verdict {
  const rule = WRITE_RULES[target.root];
  if (!rule || !documentRoot(target.root)) {
    return refuse(`"${target.root}" is not part of a cycle.`);
  }
  if (!rule.writers.includes(actor.role)) {
    return refuse(`${rule.refusal} You joined as ${ROLE_WORDS[actor.role].toLowerCase()}.`);
  }
  if (rule.ownership && actor.role !== 'facilitator') {
    const owner = rule.ownership.of(target);
    if (rule.ownership.by === 'function') {
      if (!actor.functions.some((fn) => fn === owner)) {
        return refuse('You can only do this for your own function.');
      }
    } else if (owner !== actor.name) {
      return refuse('You can only do this for yourself.');
    }
  }
  if (
    ARCHIVED_ROOTS.has(target.root) &&
    target.field === null &&
    target.action === 'delete' &&
    !isOwnDraft(actor, target)
  ) {
    return refuse("The meeting's record is archived, never removed: archive it instead.");
  }
  const broken = rule.guard?.(target, actor, state) ?? null;
  return broken === null ? { ok: true } : refuse(broken);
}

/** True when the person's own page created what the write removes (undoing their own add). */
function isOwnDraft(actor: Actor, target: WriteTarget): boolean {
  return target.createdBy !== undefined && actor.ownClients?.has(target.createdBy) === true;
}

/**
 * Whether the person may write to a root at all, for the page to disable a control and
 * say why before anyone tries; the relay still checks each write with {@link checkWrite}.
 */
export function mayWriteRoot(actor: Actor, root: string): Verdict {
  const rule = WRITE_RULES[root];
  if (!rule) return refuse(`"${root}" is not part of a cycle.`);
  return rule.writers.includes(actor.role)
    ? { ok: true }
    : refuse(`${rule.refusal} You joined as ${ROLE_WORDS[actor.role].toLowerCase()}.`);
}

function refuse(reason: string): Verdict {
  return { ok: false, reason };
}
