import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../../../shared/policy/roles.ts';
import {
  mayAdoptScenario,
  mayChangeAgenda,
  mayCloseAgendaItem,
  mayComment,
  mayEditDecision,
  mayEditPlan,
  mayEditWork,
  mayMarkPrereadRead,
  mayPublishPreread,
  mayRecordAttendance,
  mayArchive,
  mayReopenAgendaItem,
  mayReviseDecision,
  mayReportInput,
  mayRunMeeting,
  maySetChangeThreshold,
  maySignOff,
  mayTakeNotes,
  roleSummary,
  roleWords,
} from '../../../../client/src/lib/policy-view.ts';

const person = (role: Role, functions: Actor['functions'] = []): Actor => ({
  name: 'Ana Lind',
  role,
  functions,
});
const fran = person('facilitator');
const editor = person('editor', ['supplyChain']);
const approver = person('approver', ['finance']);
const viewer = person('viewer');

/** Who each question lets through, by role, written out by hand. */
const ALLOWED: [string, (actor: Actor) => { ok: boolean }, Role[]][] = [
  ['edit the plan', mayEditPlan, ['facilitator', 'editor']],
  ['edit work items', mayEditWork, ['facilitator', 'editor']],
  [
    'edit a proposed decision',
    (a) => mayEditDecision(a, { status: 'proposed' }),
    ['facilitator', 'editor'],
  ],
  ['adopt a scenario', mayAdoptScenario, ['facilitator']],
  ['change the agenda', mayChangeAgenda, ['facilitator']],
  ['take meeting notes', mayTakeNotes, ['facilitator', 'editor']],
  ['close an agenda item', mayCloseAgendaItem, ['facilitator']],
  ['run the meeting', mayRunMeeting, ['facilitator']],
  ['publish the pre-read', mayPublishPreread, ['facilitator']],
  ['mark the pre-read read', mayMarkPrereadRead, ['facilitator', 'editor', 'approver', 'viewer']],
  ['comment', mayComment, ['facilitator', 'editor', 'approver']],
  [
    'record own attendance',
    (a) => mayRecordAttendance(a, a.name),
    ['facilitator', 'editor', 'approver', 'viewer'],
  ],
  ["record another's attendance", (a) => mayRecordAttendance(a, 'Ben Okafor'), ['facilitator']],
  ['set the change threshold', maySetChangeThreshold, ['facilitator', 'editor']],
];

describe('what the page asks the write policy', () => {
  for (const [what, question, roles] of ALLOWED) {
    it(`lets ${roles.join(', ')} ${what}, and no one else`, () => {
      for (const actor of [fran, editor, approver, viewer]) {
        expect(question(actor).ok, `${actor.role} may ${what}`).toBe(roles.includes(actor.role));
      }
    });
  }

  it("gives the policy's own sentence for what a role may not do", () => {
    expect(mayRunMeeting(editor)).toEqual({
      ok: false,
      reason: 'Only the facilitator starts, moves and ends the meeting. You joined as editor.',
    });
    expect(mayChangeAgenda(editor)).toEqual({
      ok: false,
      reason: 'Only the facilitator changes the agenda.',
    });
    expect(mayAdoptScenario(editor)).toEqual({
      ok: false,
      reason: 'Only the facilitator adopts a scenario.',
    });
    expect(mayEditPlan(approver)).toEqual({
      ok: false,
      reason: 'Only the facilitator and editors change the plan. You joined as approver.',
    });
  });

  it('lets sign-offs and input status through only for the person’s own functions', () => {
    expect(maySignOff(approver, 'executive', 'finance').ok).toBe(true);
    expect(maySignOff(approver, 'executive', 'sales')).toEqual({
      ok: false,
      reason: 'You can only do this for your own function.',
    });
    expect(maySignOff(viewer, 'executive', 'finance').ok).toBe(false);
    expect(maySignOff(fran, 'executive', 'sales').ok).toBe(true);
    expect(mayReportInput(editor, 'supplyChain').ok).toBe(true);
    expect(mayReportInput(editor, 'sales').ok).toBe(false);
    expect(mayReportInput(approver, 'finance').ok).toBe(false);
  });

  it('keeps an agreed decision and a closed outcome as they are, for the facilitator too', () => {
    expect(mayEditDecision(fran, { status: 'agreed' })).toEqual({
      ok: false,
      reason: 'An agreed decision cannot be changed: record a revision instead.',
    });
    // A change is a revision: the facilitator reopens an item, planners revise decisions.
    expect(mayReopenAgendaItem(fran).ok).toBe(true);
    expect(mayReopenAgendaItem(editor)).toEqual({
      ok: false,
      reason: 'Only the facilitator reopens or changes a closed agenda item.',
    });
    expect(mayReviseDecision(editor).ok).toBe(true);
    expect(mayReviseDecision(approver).ok).toBe(false);
    expect(mayArchive(editor, 'risks').ok).toBe(true);
    expect(mayArchive(viewer, 'risks').ok).toBe(false);
  });

  it('words the role with the functions, and sums up what a viewer and an approver may do', () => {
    expect(roleWords(editor)).toBe('Editor · Supply chain');
    expect(roleWords(person('approver', ['finance', 'executive']))).toBe(
      'Approver · Finance · Executive',
    );
    expect(roleWords(fran)).toBe('Facilitator');
    expect(roleSummary(viewer)).toMatch(/mark the pre-read read and record your own attendance/);
    expect(roleSummary(approver)).toMatch(/sign off for Finance/);
    expect(roleSummary(editor)).toBeNull();
  });
});
