import { describe, expect, it } from 'vitest';
import { addDecision, recordDecisionReview } from '../../shared/doc/index.ts';
import { rootAsSeen, sendAs } from '../helpers/raw-writes.ts';
import { relaysForFile } from '../helpers/relay.ts';

/**
 * Whether a decision delivered is the facilitator's to record: the relay refuses the
 * review from an editor or an approver sent as a raw update over the sync socket, and
 * takes the facilitator's.
 */
const relay = relaysForFile();
const ROOM = 'acme/2027-01';
const AGREED = {
  question: 'Add a Saturday shift at Paint shop 1?',
  chosen: 'Yes',
  owner: 'Ben Okafor',
  status: 'agreed' as const,
  madeIn: '2026-12',
  reviewDate: '2027-01-10',
  expectedImpact: [{ measure: 'Margin', value: 40_000, unit: 'EUR', key: 'margin' }],
};
const REVIEW = { outcome: 'delivered' as const, at: '2027-01-12T10:00:00.000Z' };

describe('the review of a decision over the sync socket', () => {
  it('refuses it from an editor and an approver, and takes the facilitator’s', async () => {
    const server = await relay({ cycles: [ROOM] });
    let decision = '';
    const seeded = await sendAs(server.syncUrl, ROOM, 'facilitator', (doc) => {
      decision = addDecision(doc, AGREED);
    });
    expect(seeded).toBe('open');

    for (const role of ['editor', 'approver'] as const) {
      const forged = await sendAs(server.syncUrl, ROOM, role, (doc) =>
        recordDecisionReview(doc, decision, { ...REVIEW, by: 'Test person' }),
      );
      expect(forged).toEqual({
        code: 4403,
        reason:
          'this change was refused: Only the facilitator records whether a decision delivered.',
      });
    }
    const seen = (await rootAsSeen(server.syncUrl, ROOM, 'decisions')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(seen[decision].chosen).toBe('Yes');
    expect(seen[decision].review).toBeUndefined();

    const taken = await sendAs(server.syncUrl, ROOM, 'facilitator', (doc) =>
      recordDecisionReview(doc, decision, { ...REVIEW, by: 'Fran', note: 'On plan' }),
    );
    expect(taken).toBe('open');
    expect(await rootAsSeen(server.syncUrl, ROOM, 'decisions')).toMatchObject({
      [decision]: { review: { ...REVIEW, by: 'Fran', note: 'On plan' }, chosen: 'Yes' },
    });
  });
});
