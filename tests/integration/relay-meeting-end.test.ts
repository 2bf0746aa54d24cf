import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addStandardAgenda,
  closeAgendaItem,
  endMeeting,
  startMeeting,
} from '../../shared/doc/index.ts';
import { rootAsSeen, sendAs } from '../helpers/raw-writes.ts';
import { relaysForFile } from '../helpers/relay.ts';

/**
 * The end of the meeting as the relay enforces it, each attempt sent as a raw update over
 * the sync socket (not through the page): only the facilitator ends the meeting, and once
 * it ended an agenda item's outcome changes only by a revision.
 */
const relay = relaysForFile();
const ROOM = 'acme/2026-12';
const START = '2026-12-10T09:00:00.000Z';
const END = '2026-12-10T10:20:00.000Z';
const NOTED = { kind: 'noted', by: 'Test facilitator', at: END } as const;

/** A cycle whose meeting the facilitator started, with item 1 closed in it. */
async function meetingUnderWay(): Promise<string> {
  const server = await relay();
  const outcome = await sendAs(server.syncUrl, ROOM, 'facilitator', (doc) => {
    addStandardAgenda(doc);
    startMeeting(doc, 'agenda-1', START);
    closeAgendaItem(doc, 'agenda-1', { kind: 'noted', by: 'Test facilitator', at: START });
  });
  expect(outcome).toBe('open');
  return server.syncUrl;
}

describe('the relay enforces the end of the meeting, against raw updates', () => {
  it('refuses an editor or approver ending the meeting, and takes the facilitator ending it', async () => {
    const syncUrl = await meetingUnderWay();
    for (const role of ['editor', 'approver'] as const) {
      const forged = await sendAs(syncUrl, ROOM, role, (doc) =>
        endMeeting(doc, { by: `Test ${role}`, at: END }),
      );
      expect(forged).toEqual({
        code: 4403,
        reason: `this change was refused: Only the facilitator starts, moves and ends the meeting. You joined as ${role}.`,
      });
    }
    expect(await rootAsSeen(syncUrl, ROOM, 'meeting')).not.toHaveProperty('endedAt');
    const ended = await sendAs(syncUrl, ROOM, 'facilitator', (doc) =>
      endMeeting(doc, { by: 'Test facilitator', at: END }),
    );
    expect(ended).toBe('open');
    expect(await rootAsSeen(syncUrl, ROOM, 'meeting')).toMatchObject({
      endedAt: END,
      endedBy: 'Test facilitator',
    });
    // An editor cannot resume it either.
    const resumed = await sendAs(syncUrl, ROOM, 'editor', (doc) =>
      doc.getMap('meeting').delete('endedAt'),
    );
    expect(resumed).toMatchObject({ code: 4403 });
  });

  it('refuses a direct outcome change after the end, and takes the same change as a revision', async () => {
    const syncUrl = await meetingUnderWay();
    expect(
      await sendAs(syncUrl, ROOM, 'facilitator', (doc) =>
        endMeeting(doc, { by: 'Test facilitator', at: END }),
      ),
    ).toBe('open');
    const refused = {
      code: 4403,
      reason:
        "this change was refused: The meeting has ended: an agenda item's outcome changes only by a revision (who, when, why).",
    };
    // Closing an open item in place, as a page that ignores the end would.
    const direct = await sendAs(syncUrl, ROOM, 'facilitator', (doc) =>
      (doc.getMap('agenda').get('agenda-2') as Y.Map<unknown>).set('outcome', NOTED),
    );
    expect(direct).toEqual(refused);
    // Rewriting the outcome item 1 closed with in the meeting.
    const rewritten = await sendAs(syncUrl, ROOM, 'facilitator', (doc) =>
      (doc.getMap('agenda').get('agenda-1') as Y.Map<unknown>).set('outcome', {
        ...NOTED,
        by: 'Someone else',
      }),
    );
    expect(rewritten).toMatchObject({ code: 4403 });
    const agenda = (await rootAsSeen(syncUrl, ROOM, 'agenda')) as Record<
      string,
      { outcome?: unknown }
    >;
    expect(agenda['agenda-2'].outcome).toBeUndefined();
    expect(agenda['agenda-1'].outcome).toMatchObject({ by: 'Test facilitator', at: START });

    // The command closes it late as a revision (who, when, why), which the relay takes.
    const late = await sendAs(syncUrl, ROOM, 'facilitator', (doc) =>
      closeAgendaItem(doc, 'agenda-2', NOTED),
    );
    expect(late).toBe('open');
    const revisions = Object.values(
      (await rootAsSeen(syncUrl, ROOM, 'revisions')) as Record<string, Record<string, unknown>>,
    );
    expect(revisions).toEqual([
      expect.objectContaining({
        target: 'agenda',
        record: 'agenda-2',
        why: 'Closed after the meeting ended',
        by: 'Test facilitator',
      }),
    ]);
  });
});
