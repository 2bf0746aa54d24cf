import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addDecision,
  addRisk,
  addStandardAgenda,
  archiveRecord,
  createUndoTracker,
  reviseDecision,
  signOff,
  startMeeting,
} from '../../shared/doc/index.ts';
import { addScenario, updateScenario } from '../../shared/doc/scenario-commands.ts';
import { rootAsSeen, sendAs } from '../helpers/raw-writes.ts';
import { connectClient, relaysForFile, synced, testToken, waitFor } from '../helpers/relay.ts';
import { OPEN_RISK as RISK } from '../helpers/work-records.ts';

/**
 * The attacks of issue 14 on the meeting's record, each sent as a raw update over the
 * sync socket (not through the page), and beside each the same kind of edit by someone
 * allowed to make it, which the relay takes.
 */
const relay = relaysForFile();
const ROOM = 'acme/2026-12';
const AT = '2026-12-05T10:00:00.000Z';
const AGREED = {
  question: 'Add a Saturday shift at Paint shop 1?',
  chosen: 'No',
  owner: 'Ben Okafor',
  status: 'agreed' as const,
  madeIn: '2026-12',
};

const refused = (reason: string) => ({
  code: 4403,
  reason: `this change was refused: ${reason}`,
});

/** A cycle with the standard agenda, an agreed decision and a risk, written by the facilitator. */
async function seeded(): Promise<{ syncUrl: string; decision: string; risk: string }> {
  const server = await relay();
  let decision = '';
  let risk = '';
  const outcome = await sendAs(server.syncUrl, ROOM, 'facilitator', (doc) => {
    addStandardAgenda(doc);
    decision = addDecision(doc, AGREED);
    risk = addRisk(doc, RISK);
  });
  expect(outcome).toBe('open');
  return { syncUrl: server.syncUrl, decision, risk };
}

describe('the relay keeps the meeting’s record as agreed, against raw updates', () => {
  it('refuses rewriting an agreed decision, and takes a revision beside it', async () => {
    const { syncUrl, decision } = await seeded();
    const forged = await sendAs(syncUrl, ROOM, 'editor', (doc) =>
      (doc.getMap('decisions').get(decision) as Y.Map<unknown>).set('chosen', 'Yes, add the shift'),
    );
    expect(forged).toEqual(
      refused('An agreed decision cannot be changed: record a revision instead.'),
    );
    // A fresh map set over it is the same forgery.
    const replaced = await sendAs(syncUrl, ROOM, 'facilitator', (doc) => {
      const copy = new Y.Map<unknown>();
      doc.getMap('decisions').set(decision, copy);
      for (const [key, value] of Object.entries({ ...AGREED, chosen: 'Yes' })) copy.set(key, value);
    });
    expect(replaced).toMatchObject({ code: 4403 });
    expect(await rootAsSeen(syncUrl, ROOM, 'decisions')).toMatchObject({
      [decision]: { chosen: 'No' },
    });
    const revised = await sendAs(syncUrl, ROOM, 'editor', (doc) =>
      reviseDecision(
        doc,
        decision,
        { chosen: 'Yes' },
        { by: 'Test editor', at: AT, why: 'Demand rose' },
      ),
    );
    expect(revised).toBe('open');
    // A revision in someone else's name is a forgery too.
    const inTheirName = await sendAs(syncUrl, ROOM, 'editor', (doc) =>
      reviseDecision(doc, decision, { chosen: 'Maybe' }, { by: 'Fran', at: AT, why: 'x' }),
    );
    expect(inTheirName).toEqual(refused('You can only do this for yourself.'));
  });

  it('refuses clearing every record in one update, and takes archiving one', async () => {
    const { syncUrl, risk } = await seeded();
    const wiped = await sendAs(syncUrl, ROOM, 'editor', (doc) => {
      for (const name of ['risks', 'decisions', 'agenda']) doc.getMap(name).clear();
    });
    expect(wiped).toEqual(
      refused("The meeting's record is archived, never removed: archive it instead."),
    );
    expect(Object.keys((await rootAsSeen(syncUrl, ROOM, 'agenda')) as object)).toHaveLength(10);
    const archived = await sendAs(syncUrl, ROOM, 'editor', (doc) =>
      archiveRecord(doc, 'risks', risk, { at: AT, by: 'Test editor' }),
    );
    expect(archived).toBe('open');
    expect(await rootAsSeen(syncUrl, ROOM, 'risks')).toMatchObject({
      [risk]: { archived: { at: AT } },
    });
  });

  it('lets a person undo their own new risk, and refuses removing someone else’s', async () => {
    const { syncUrl, risk } = await seeded();
    const ana = connectClient(syncUrl, ROOM, { token: testToken('editor', { name: 'Ana' }) });
    const ben = connectClient(syncUrl, ROOM, { token: testToken('editor', { name: 'Ben' }) });
    await Promise.all([synced(ana), synced(ben)]);
    const undo = createUndoTracker(ana.doc);
    const draft = addRisk(ana.doc, { ...RISK, title: 'Typo, undone' });
    await waitFor('Ben to see the draft', () => ben.doc.getMap('risks').has(draft));
    expect(undo.undo()).toBe(true);
    await waitFor('Ben to see it undone', () => !ben.doc.getMap('risks').has(draft));
    expect(ana.closeCodes).toEqual([]);
    undo.destroy();
    // The facilitator's risk is not Ana's draft: removing it is refused.
    const removed = await sendAs(syncUrl, ROOM, 'editor', (doc) =>
      doc.getMap('risks').delete(risk),
    );
    expect(removed).toEqual(
      refused("The meeting's record is archived, never removed: archive it instead."),
    );
  });

  it("leaves the meeting's running and adopting a scenario to the facilitator", async () => {
    const { syncUrl } = await seeded();
    const start = (doc: Y.Doc) => startMeeting(doc, 'agenda-1', AT);
    expect(await sendAs(syncUrl, ROOM, 'editor', start)).toEqual(
      refused('Only the facilitator starts, moves and ends the meeting. You joined as editor.'),
    );
    expect(await sendAs(syncUrl, ROOM, 'facilitator', start)).toBe('open');
    let scenario = '';
    expect(
      await sendAs(syncUrl, ROOM, 'editor', (doc) => {
        scenario = addScenario(doc, { name: 'Wet summer' });
      }),
    ).toBe('open');
    const adopt = (doc: Y.Doc) => updateScenario(doc, scenario, { status: 'adopted' });
    expect(await sendAs(syncUrl, ROOM, 'editor', adopt)).toEqual(
      refused('Only the facilitator adopts a scenario.'),
    );
    expect(await sendAs(syncUrl, ROOM, 'facilitator', adopt)).toBe('open');
  });

  it('takes sign-offs only for the functions the invite names (the facilitator any)', async () => {
    const { syncUrl } = await seeded();
    const sign = (fn: 'sales' | 'finance') => (doc: Y.Doc) =>
      signOff(doc, 'demand', fn, 'Test approver', AT);
    const asFinance = { functions: ['finance'] as const };
    expect(await sendAs(syncUrl, ROOM, 'approver', sign('sales'), asFinance)).toEqual(
      refused('You can only do this for your own function.'),
    );
    expect(await sendAs(syncUrl, ROOM, 'approver', sign('finance'), asFinance)).toBe('open');
    expect(await sendAs(syncUrl, ROOM, 'viewer', sign('finance'), asFinance)).toMatchObject({
      code: 4403,
    });
    expect(await sendAs(syncUrl, ROOM, 'facilitator', sign('sales'))).toBe('open');
  });

  it('refuses a viewer’s plan edit and a root that is not part of a cycle', async () => {
    const { syncUrl } = await seeded();
    expect(
      await sendAs(syncUrl, ROOM, 'viewer', (doc) => doc.getMap('demand').set('F1|2027-01', 5)),
    ).toEqual(
      refused(
        'Only the facilitator and editors change the plan. You joined as viewer (read-only).',
      ),
    );
    expect(
      await sendAs(syncUrl, ROOM, 'facilitator', (doc) => doc.getMap('junk').set('k', 'v')),
    ).toEqual(refused('"junk" is not part of a cycle.'));
    const read = (doc: Y.Doc) =>
      doc
        .getMap('prereadReads')
        .set('Test viewer', new Y.Map(Object.entries({ at: AT, publishedAt: AT })));
    expect(await sendAs(syncUrl, ROOM, 'viewer', read)).toBe('open');
  });
});
