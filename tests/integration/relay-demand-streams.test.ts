import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  adjustDemand,
  importPlan,
  setConsensus,
  setDemandStreams,
} from '../../shared/doc/index.ts';
import { rootAsSeen, sendAs } from '../helpers/raw-writes.ts';
import { relaysForFile } from '../helpers/relay.ts';
import { makePlan, months, row } from '../helpers/plan-builder.ts';

/**
 * Each function adjusts demand in its own stream and its own name, whatever a raw socket
 * sends: the relay refuses the rest before anyone sees it.
 */
const relay = relaysForFile();
const ROOM = 'acme/2026-12';
const AT = '2026-12-05T10:00:00.000Z';
const periods = months('2026-12', 3);
const SALES = { name: 'Sam Sales', functions: ['sales'] as const };
const MARKETING = { name: 'Mia Marketing', functions: ['marketing'] as const };
const PLACE = { family: 'A', month: '2026-12' };

const refused = (reason: string) => ({
  code: 4403,
  reason: `this change was refused: ${reason}`,
});

async function seeded(): Promise<string> {
  const server = await relay();
  const outcome = await sendAs(server.syncUrl, ROOM, 'facilitator', (doc) =>
    importPlan(doc, makePlan({ periods, demand: { A: row(periods, [100, 100, 100]) } })),
  );
  expect(outcome).toBe('open');
  return server.syncUrl;
}

/** Sends `author`'s adjustment of PLACE in `stream` as a raw update, signed in as `person`. */
function adjustAs(
  syncUrl: string,
  person: { name: string; functions: readonly ['sales'] | readonly ['marketing'] },
  stream: 'sales' | 'marketing',
  amount: number,
  author = person.name,
) {
  const reason = stream === 'sales' ? 'customer order' : 'promotion';
  return sendAs(
    syncUrl,
    ROOM,
    'editor',
    (doc) => adjustDemand(doc, { ...PLACE, stream, amount, reason }, author, AT),
    person,
  );
}

describe('the relay keeps each function to its own demand stream', () => {
  it('takes a sales and a marketing adjustment of one family-month from their own people', async () => {
    const syncUrl = await seeded();
    const sales = await adjustAs(syncUrl, SALES, 'sales', 20);
    const marketing = await adjustAs(syncUrl, MARKETING, 'marketing', -5);
    expect([sales, marketing]).toEqual(['open', 'open']);
    expect(await rootAsSeen(syncUrl, ROOM, 'adjustments')).toEqual({
      'A|2026-12|sales': expect.objectContaining({ amount: 20, author: 'Sam Sales' }),
      'A|2026-12|marketing': expect.objectContaining({ amount: -5, author: 'Mia Marketing' }),
    });
  });

  it("refuses a marketing editor writing the sales stream, or in someone else's name", async () => {
    const syncUrl = await seeded();
    const otherStream = await adjustAs(syncUrl, MARKETING, 'sales', 500);
    expect(otherStream).toEqual(refused('You can only do this for your own function.'));
    const forgedAuthor = await adjustAs(syncUrl, MARKETING, 'marketing', 50, 'Fran Facilitator');
    expect(forgedAuthor).toEqual(
      refused('An adjustment carries the name of who made it: yours, Mia Marketing.'),
    );
    // Changing only the amount of another function's adjustment is the same refusal.
    await adjustAs(syncUrl, SALES, 'sales', 20);
    const tampered = await sendAs(
      syncUrl,
      ROOM,
      'editor',
      (doc) =>
        (doc.getMap('adjustments').get('A|2026-12|sales') as Y.Map<unknown>).set('amount', 900),
      MARKETING,
    );
    expect(tampered).toEqual(refused('You can only do this for your own function.'));
    expect(await rootAsSeen(syncUrl, ROOM, 'adjustments')).toEqual({
      'A|2026-12|sales': expect.objectContaining({ amount: 20, author: 'Sam Sales' }),
    });
  });

  it('lets only the facilitator set the consensus by hand or choose the streams', async () => {
    const syncUrl = await seeded();
    const override = (name: string) => (doc: Y.Doc) =>
      setConsensus(doc, { ...PLACE, value: 80, reason: 'other' }, name, AT);
    expect(await sendAs(syncUrl, ROOM, 'editor', override('Sam Sales'), SALES)).toEqual(
      refused('Only the facilitator sets the consensus by hand. You joined as editor.'),
    );
    expect(
      await sendAs(syncUrl, ROOM, 'editor', (doc) => setDemandStreams(doc, ['sales']), SALES),
    ).toEqual(refused('Only the facilitator chooses the demand streams.'));
    expect(await sendAs(syncUrl, ROOM, 'facilitator', override('Fran'), { name: 'Fran' })).toBe(
      'open',
    );
  });

  it('refuses anyone writing a frozen forecast: only the server freezes one', async () => {
    const syncUrl = await seeded();
    const forged = await sendAs(syncUrl, ROOM, 'facilitator', (doc) =>
      doc.getMap('snapshots').set('2026-11', {
        cycle: '2026-11',
        families: { A: { '2026-12': { baseline: 100, adjustments: {}, consensus: 100 } } },
      }),
    );
    expect(forged).toEqual(
      refused(
        'Only the server freezes the forecast, when it starts a cycle. You joined as facilitator.',
      ),
    );
    expect(await rootAsSeen(syncUrl, ROOM, 'snapshots')).toEqual({});
  });
});
