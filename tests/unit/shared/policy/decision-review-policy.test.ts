import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addDecision,
  importPlan,
  recordDecisionReview,
  takeDecision,
} from '../../../../shared/doc/index.ts';
import { checkRelayWrite, checkUpdate } from '../../../../shared/policy/check-update.ts';
import type { Actor } from '../../../../shared/policy/roles.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { peer, sync } from '../../../helpers/docs.ts';

const facilitator: Actor = { name: 'Fran', role: 'facilitator', functions: ['executive'] };
const editor: Actor = { name: 'Sam', role: 'editor', functions: ['supplyChain'] };
const approver: Actor = { name: 'Abe', role: 'approver', functions: ['finance'] };
const REVIEW = { outcome: 'delivered', by: 'Sam', at: '2027-01-14T10:00:00.000Z' };
const AGREED = {
  question: 'Second shift?',
  status: 'agreed',
  chosen: 'Yes',
  madeIn: '2026-12',
  reviewDate: '2027-01-15',
  expectedImpact: [{ measure: 'Margin', value: 1000, unit: 'EUR', key: 'margin' }],
};

/** The relay's copy and a person's page, in step, with one agreed decision `d1`. */
function roomAndPage(): { relay: Y.Doc; page: Y.Doc } {
  const relay = peer(1);
  importPlan(relay, generateDemoPlan({ families: 2, periods: 3, resources: 1, seed: 3 }));
  addDecision(relay, { question: 'Second shift?', status: 'proposed', madeIn: '2026-12' }, 'd1');
  takeDecision(relay, 'd1', {
    chosen: 'Yes',
    rationale: 'Backlog',
    owner: 'Sam',
    reviewDate: '2027-01-15',
  });
  const page = peer(2);
  sync(relay, page);
  return { relay, page };
}

/** What `write` on the page sends, checked by the relay for `actor`. */
function sent(actor: Actor, write: (page: Y.Doc) => void) {
  const { relay, page } = roomAndPage();
  const before = Y.encodeStateVector(page);
  write(page);
  return checkUpdate(relay, Y.encodeStateAsUpdate(page, before), actor);
}

describe('the review of a decision at the relay', () => {
  it('takes the review from the facilitator, on an agreed decision', () => {
    const verdict = sent(facilitator, (page) =>
      recordDecisionReview(page, 'd1', { ...REVIEW, outcome: 'partly', by: 'Fran' }),
    );
    expect(verdict.ok).toBe(true);
  });

  it('refuses the review from an editor and from an approver, in words', () => {
    for (const actor of [editor, approver]) {
      const verdict = sent(actor, (page) =>
        recordDecisionReview(page, 'd1', { ...REVIEW, outcome: 'notDelivered' }),
      );
      expect(verdict).toEqual({
        ok: false,
        reason: 'Only the facilitator records whether a decision delivered.',
      });
    }
  });

  it('refuses a review written with a new decision by anyone but the facilitator', () => {
    const write = {
      root: 'decisions',
      key: 'd2',
      field: null,
      action: 'set' as const,
      value: { ...AGREED, review: REVIEW },
    };
    expect(checkRelayWrite(editor, write)).toEqual({
      ok: false,
      reason: 'Only the facilitator records whether a decision delivered.',
    });
    expect(checkRelayWrite(facilitator, write)).toEqual({ ok: true });
  });

  it('refuses removing a review by anyone but the facilitator', () => {
    const write = {
      root: 'decisions',
      key: 'd1',
      field: 'review',
      action: 'delete' as const,
      record: { ...AGREED, review: REVIEW },
    };
    expect(checkRelayWrite(editor, write).ok).toBe(false);
    expect(checkRelayWrite(facilitator, write)).toEqual({ ok: true });
  });

  it('keeps the rest of an agreed decision fixed, even for the facilitator', () => {
    for (const [field, value] of [
      ['expectedImpact', [{ measure: 'Margin', value: 9_000_000, unit: 'EUR' }]],
      ['reviewDate', '2027-06-30'],
      ['rationale', 'Changed afterwards'],
    ] as const) {
      const verdict = sent(facilitator, (page) =>
        (page.getMap('decisions').get('d1') as Y.Map<unknown>).set(field, value),
      );
      expect(verdict).toEqual({
        ok: false,
        reason: 'An agreed decision cannot be changed: record a revision instead.',
      });
    }
  });

  it('refuses replacing an agreed decision whole with a review inside, even for the facilitator', () => {
    const verdict = checkRelayWrite(facilitator, {
      root: 'decisions',
      key: 'd1',
      field: null,
      action: 'set',
      value: { ...AGREED, chosen: 'No', review: REVIEW },
      record: AGREED,
    });
    expect(verdict).toEqual({
      ok: false,
      reason: 'An agreed decision cannot be changed: record a revision instead.',
    });
  });

  it('refuses a review of malformed shape, even from the facilitator', () => {
    const verdict = checkRelayWrite(facilitator, {
      root: 'decisions',
      key: 'd1',
      field: 'review',
      action: 'set',
      value: { outcome: 'mostly', by: 'Fran', at: '2027-01-14T10:00:00.000Z' },
      record: AGREED,
    });
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toContain('must be delivered, partly or notDelivered');
  });

  it('refuses a revision that records or clears the review, from an editor', () => {
    const revision = (extra: object) => ({
      root: 'revisions',
      key: 'rev1',
      field: null,
      action: 'set' as const,
      value: {
        target: 'decisions',
        record: 'd1',
        fields: {},
        why: 'It worked',
        by: 'Sam',
        at: '2027-01-14T10:00:00Z',
        ...extra,
      },
    });
    for (const extra of [{ fields: { review: REVIEW } }, { cleared: ['review'] }]) {
      expect(checkRelayWrite(editor, revision(extra))).toEqual({
        ok: false,
        reason: 'Only the facilitator records whether a decision delivered.',
      });
    }
    expect(checkRelayWrite(editor, revision({ fields: { owner: 'Ana' } }))).toEqual({ ok: true });
  });
});

describe('keeping the plan instead of a scenario at the relay', () => {
  it('is the facilitator’s alone, like adopting', () => {
    const write = {
      root: 'scenarios',
      key: 's1',
      field: 'status',
      action: 'set' as const,
      value: 'rejected',
      record: { name: 'Overtime', status: 'draft', order: 0 },
    };
    expect(checkRelayWrite(editor, write)).toEqual({
      ok: false,
      reason: 'Only the facilitator records that the meeting kept the plan instead of a scenario.',
    });
    expect(checkRelayWrite(facilitator, write)).toEqual({ ok: true });
  });

  it('lets editors mark a gap as needing a decision; approvers may not', () => {
    const write = {
      root: 'gapNotes',
      key: 'shortage:F1:2027-01',
      field: 'needsDecision',
      action: 'set' as const,
      value: true,
      record: { status: 'open' },
    };
    expect(checkRelayWrite(editor, write)).toEqual({ ok: true });
    expect(checkRelayWrite(approver, write).ok).toBe(false);
  });
});
