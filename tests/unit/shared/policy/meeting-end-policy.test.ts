import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addStandardAgenda,
  applyDocUpdate,
  closeAgendaItem,
  createCycleDoc,
  encodeDocState,
  endMeeting,
  resumeMeeting,
  providerDoc,
  startMeeting,
  type CycleDoc,
} from '../../../../shared/doc/index.ts';
import { checkUpdate } from '../../../../shared/policy/check-update.ts';
import type { Actor, Role } from '../../../../shared/policy/roles.ts';
import { checkWrite, type WriteTarget } from '../../../../shared/policy/write-policy.ts';

const actor = (role: Role, name = `Test ${role}`): Actor => ({ name, role, functions: ['sales'] });
const ENDED = { meetingEnded: true };
const RUNNING = { meetingEnded: false };
const START = '2026-12-10T09:00:00.000Z';
const END = '2026-12-10T10:20:00.000Z';
const NOTED = { kind: 'noted', by: 'Test facilitator', at: END } as const;

const outcomeSet = (record: Record<string, unknown> = {}): WriteTarget => ({
  root: 'agenda',
  key: 'agenda-3',
  field: 'outcome',
  action: 'set',
  value: NOTED,
  record,
});
const meetingWrite = (key: string, action: 'set' | 'delete' = 'set'): WriteTarget => ({
  root: 'meeting',
  key,
  field: null,
  action,
  ...(action === 'set' ? { value: key === 'endedBy' ? 'Test facilitator' : END } : {}),
});

describe('the write policy once the meeting has ended', () => {
  it("refuses setting an open item's outcome in place, even to the facilitator", () => {
    const facilitator = actor('facilitator');
    expect(checkWrite(facilitator, outcomeSet(), RUNNING)).toEqual({ ok: true });
    expect(checkWrite(facilitator, outcomeSet(), ENDED)).toEqual({
      ok: false,
      reason:
        "The meeting has ended: an agenda item's outcome changes only by a revision (who, when, why).",
    });
    // Clearing one in place, or a whole item written with an outcome, is the same change.
    const cleared: WriteTarget = { ...outcomeSet({ outcome: NOTED }), action: 'delete' };
    expect(checkWrite(facilitator, cleared, ENDED).ok).toBe(false);
    const whole: WriteTarget = {
      root: 'agenda',
      key: 'agenda-11',
      field: null,
      action: 'set',
      value: { title: 'Late item', timeBoxMinutes: 5, order: 11, outcome: NOTED },
    };
    expect(checkWrite(facilitator, whole, RUNNING)).toEqual({ ok: true });
    expect(checkWrite(facilitator, whole, ENDED).ok).toBe(false);
  });

  it("takes the facilitator's revision of an outcome, and an editor's notes", () => {
    const revision: WriteTarget = {
      root: 'revisions',
      key: 'revision-1',
      field: null,
      action: 'set',
      value: {
        target: 'agenda',
        record: 'agenda-3',
        fields: { outcome: NOTED },
        why: 'Closed after the meeting ended',
        by: 'Test facilitator',
        at: END,
      },
    };
    expect(checkWrite(actor('facilitator'), revision, ENDED)).toEqual({ ok: true });
    expect(
      checkWrite(
        actor('editor'),
        { ...revision, value: { ...(revision.value as object), by: 'Test editor' } },
        ENDED,
      ),
    ).toEqual({
      ok: false,
      reason: 'Only the facilitator reopens or changes a closed agenda item.',
    });
    const notes: WriteTarget = {
      root: 'agenda',
      key: 'agenda-3',
      field: 'notes',
      action: 'set',
      value: 'x',
    };
    expect(checkWrite(actor('editor'), notes, ENDED)).toEqual({ ok: true });
  });

  it('leaves ending and resuming the meeting to the facilitator', () => {
    for (const role of ['editor', 'approver', 'viewer'] as const) {
      for (const write of [meetingWrite('endedAt'), meetingWrite('endedAt', 'delete')]) {
        const verdict = checkWrite(actor(role), write, write.action === 'set' ? RUNNING : ENDED);
        expect(verdict.ok, `${role} ${write.action}`).toBe(false);
        expect(verdict).toMatchObject({
          reason: expect.stringContaining(
            'Only the facilitator starts, moves and ends the meeting.',
          ),
        });
      }
    }
    expect(checkWrite(actor('facilitator'), meetingWrite('endedAt'), ENDED)).toEqual({ ok: true });
    expect(checkWrite(actor('facilitator'), meetingWrite('endedBy'), ENDED)).toEqual({ ok: true });
    expect(checkWrite(actor('facilitator'), meetingWrite('endedAt', 'delete'), ENDED)).toEqual({
      ok: true,
    });
  });

  it('refuses moving an ended meeting to another item until it is resumed', () => {
    const move = { ...meetingWrite('currentItem'), value: 'agenda-4' };
    expect(checkWrite(actor('facilitator'), move, RUNNING)).toEqual({ ok: true });
    expect(checkWrite(actor('facilitator'), move, ENDED)).toEqual({
      ok: false,
      reason: 'The meeting has ended: resume it before moving to another item.',
    });
  });
});

/** A cycle with the standard agenda and a meeting started, as the relay holds it. */
function heldCycle(): CycleDoc {
  const doc = createCycleDoc();
  addStandardAgenda(doc);
  startMeeting(doc, 'agenda-1', START);
  closeAgendaItem(doc, 'agenda-1', { kind: 'noted', by: 'Test facilitator', at: START });
  return doc;
}

/** A person's copy of `held`, and the update `write` makes to it. */
function updateFrom(held: CycleDoc, write: (doc: CycleDoc) => void): Uint8Array {
  const copy = createCycleDoc();
  applyDocUpdate(copy, encodeDocState(held), 'server');
  const before = Y.encodeStateVector(providerDoc(copy));
  write(copy);
  return Y.encodeStateAsUpdate(providerDoc(copy), before);
}

describe('the relay check of whole updates around the end of the meeting', () => {
  const facilitator = actor('facilitator');

  it("refuses an editor's update that ends the meeting", () => {
    const held = heldCycle();
    const update = updateFrom(held, (doc) => endMeeting(doc, { by: 'Test editor', at: END }));
    expect(checkUpdate(held, update, actor('editor'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Only the facilitator starts, moves and ends the meeting.'),
    });
    expect(checkUpdate(held, update, facilitator)).toMatchObject({ ok: true });
  });

  it('refuses a direct outcome after the end, and takes the same close as a revision', () => {
    const held = heldCycle();
    endMeeting(held, { by: 'Test facilitator', at: END });
    const direct = updateFrom(held, (doc) =>
      (providerDoc(doc).getMap('agenda').get('agenda-2') as Y.Map<unknown>).set('outcome', NOTED),
    );
    expect(checkUpdate(held, direct, facilitator)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('changes only by a revision'),
    });
    // The command closes late as a revision, which the relay takes.
    const late = updateFrom(held, (doc) => closeAgendaItem(doc, 'agenda-2', NOTED));
    expect(checkUpdate(held, late, facilitator)).toMatchObject({ ok: true });
  });

  it('judges an outcome sent with the end in one update as after the end', () => {
    const held = heldCycle();
    const both = updateFrom(held, (doc) =>
      providerDoc(doc).transact(() => {
        (providerDoc(doc).getMap('agenda').get('agenda-2') as Y.Map<unknown>).set('outcome', NOTED);
        providerDoc(doc).getMap('meeting').set('endedAt', END);
        providerDoc(doc).getMap('meeting').set('endedBy', 'Test facilitator');
      }),
    );
    expect(checkUpdate(held, both, facilitator)).toMatchObject({ ok: false });
  });

  it("refuses an editor's resuming of an ended meeting, and takes the facilitator's", () => {
    const held = heldCycle();
    endMeeting(held, { by: 'Test facilitator', at: END });
    const resume = updateFrom(held, (doc) => resumeMeeting(doc));
    expect(checkUpdate(held, resume, actor('editor'))).toMatchObject({ ok: false });
    expect(checkUpdate(held, resume, facilitator)).toMatchObject({ ok: true });
  });
});
