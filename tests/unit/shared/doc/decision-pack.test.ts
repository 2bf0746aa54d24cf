import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addDecision,
  closeCycle,
  cycleHash,
  decideGap,
  deferDecision,
  docToPlan,
  importPlan,
  markGapNeedsDecision,
  readRecords,
  recordDecisionReview,
  reviseDecision,
  setGapNote,
  startNextCycle,
  takeDecision,
} from '../../../../shared/doc/index.ts';
import { addOverride, addScenario } from '../../../../shared/doc/scenario-commands.ts';
import { adoptScenario } from '../../../../shared/doc/scenario-adoption.ts';
import { KEEP_THE_PLAN, rejectScenario } from '../../../../shared/doc/scenario-rejection.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { reconcile } from '../../../../shared/engine/index.ts';
import { CommandError } from '../../../../shared/schema/command-error.ts';

const PLAN = generateDemoPlan({ families: 5, periods: 6, resources: 2, seed: 8, cycle: '2026-12' });
const IMPACT = [
  { measure: 'Margin after costs', value: 120_000, unit: 'EUR', key: 'marginAfterCosts' },
  { measure: 'Unshipped demand', value: -40_000, unit: 'EUR', key: 'unshippedDemand' },
];
const TAKEN = {
  chosen: 'Add a second shift',
  rationale: 'The backlog costs more than the overtime',
  owner: 'Sam Supply',
  expectedImpact: IMPACT,
  reviewDate: '2027-01-15',
};

function cycle(): Y.Doc {
  const doc = new Y.Doc();
  importPlan(doc, PLAN, 'S&OP 2026-12');
  return doc;
}

const decision = (doc: Y.Doc, id: string) =>
  readRecords(doc, 'decisions').records.find((record) => record.id === id);

describe('taking a waiting decision in the pack', () => {
  it('agrees it with the chosen option, rationale, owner, expected impact and review date', () => {
    const doc = cycle();
    addDecision(doc, { question: 'Second shift?', status: 'proposed', madeIn: '2026-12' }, 'd1');
    takeDecision(doc, 'd1', TAKEN);
    expect(decision(doc, 'd1')).toMatchObject({
      status: 'agreed',
      chosen: 'Add a second shift',
      rationale: 'The backlog costs more than the overtime',
      owner: 'Sam Supply',
      expectedImpact: IMPACT,
      reviewDate: '2027-01-15',
    });
  });

  it('refuses a decision without rationale or owner, naming the field, and writes nothing', () => {
    const doc = cycle();
    addDecision(doc, { question: 'Second shift?', status: 'proposed', madeIn: '2026-12' }, 'd1');
    for (const [patch, path] of [
      [{ rationale: '  ' }, 'rationale'],
      [{ owner: '' }, 'owner'],
      [{ chosen: '' }, 'chosen'],
    ] as const) {
      try {
        takeDecision(doc, 'd1', { ...TAKEN, ...patch });
        expect.unreachable('it should refuse');
      } catch (error) {
        expect(error).toBeInstanceOf(CommandError);
        expect((error as CommandError).issues[0].path).toBe(path);
      }
    }
    expect(decision(doc, 'd1')?.status).toBe('proposed');
  });

  it('refuses an impact without a measure name, and a decision already agreed', () => {
    const doc = cycle();
    addDecision(doc, { question: 'Second shift?', status: 'proposed', madeIn: '2026-12' }, 'd1');
    expect(() =>
      takeDecision(doc, 'd1', {
        ...TAKEN,
        expectedImpact: [{ measure: '', value: 1, unit: 'EUR' }],
      }),
    ).toThrow(/name the measure/);
    takeDecision(doc, 'd1', TAKEN);
    expect(() => takeDecision(doc, 'd1', TAKEN)).toThrow(/is agreed, not waiting/);
  });

  it('defers a decision with a reason, keeping it waiting', () => {
    const doc = cycle();
    addDecision(doc, { question: 'New line?', status: 'proposed', madeIn: '2026-12' }, 'd1');
    expect(() => deferDecision(doc, 'd1', { rationale: '' })).toThrow(/say why/);
    deferDecision(doc, 'd1', { rationale: 'Wait for the quote', due: '2027-01-10' });
    expect(decision(doc, 'd1')).toMatchObject({
      status: 'deferred',
      rationale: 'Wait for the quote',
      due: '2027-01-10',
    });
  });

  it('keeps old decisions valid: none of the new fields is required', () => {
    const doc = cycle();
    addDecision(doc, { question: 'Old one', status: 'agreed', madeIn: '2026-11' }, 'old');
    expect(readRecords(doc, 'decisions').invalid).toEqual([]);
    expect(decision(doc, 'old')?.expectedImpact).toBeUndefined();
  });
});

describe('a gap marked as needing a decision', () => {
  const gapId = reconcile(PLAN).gaps[0].id;

  it('is marked and unmarked on its note', () => {
    const doc = cycle();
    markGapNeedsDecision(doc, gapId, true);
    expect(readRecords(doc, 'gapNotes').records[0]).toMatchObject({
      id: gapId,
      status: 'open',
      needsDecision: true,
    });
    markGapNeedsDecision(doc, gapId, false);
    expect(readRecords(doc, 'gapNotes').records[0].needsDecision).toBeUndefined();
    expect(() => markGapNeedsDecision(doc, 'not a gap', true)).toThrow(/not a gap id/);
  });

  it('is decided in one step: an agreed decision linked both ways, the mark taken off', () => {
    const doc = cycle();
    setGapNote(doc, gapId, { status: 'inProgress', owner: 'Ana', note: 'see quote' });
    expect(() =>
      decideGap(doc, gapId, { ...TAKEN, question: 'Close it?', madeIn: '2026-12' }),
    ).toThrow(/not marked/);
    markGapNeedsDecision(doc, gapId, true);
    const id = decideGap(doc, gapId, { ...TAKEN, question: 'Close it?', madeIn: '2026-12' });
    expect(decision(doc, id)).toMatchObject({
      question: 'Close it?',
      status: 'agreed',
      links: [`gap:${gapId}`],
      expectedImpact: IMPACT,
    });
    const note = readRecords(doc, 'gapNotes').records[0];
    expect(note).toMatchObject({ status: 'inProgress', owner: 'Ana', links: [`decision:${id}`] });
    expect(note.needsDecision).toBeUndefined();
  });
});

describe('deciding a scenario in the pack', () => {
  function withScenario(doc: Y.Doc): string {
    const id = addScenario(doc, { name: 'Overtime', owner: 'Sam' });
    addOverride(doc, id, { measure: 'capacity', targets: 'all', op: 'add', value: 40 });
    return id;
  }

  it('adopts through a decision that keeps the expected impact and review date', () => {
    const doc = cycle();
    const id = withScenario(doc);
    const decisionId = adoptScenario(doc, id, {
      owner: 'Sam',
      rationale: 'Cheaper than the backlog',
      madeIn: '2026-12',
      expectedImpact: IMPACT,
      reviewDate: '2027-01-15',
    });
    expect(decision(doc, decisionId)).toMatchObject({
      chosen: 'Adopt',
      expectedImpact: IMPACT,
      reviewDate: '2027-01-15',
    });
  });

  it('keeps the plan instead: a decision recorded, the scenario rejected, the plan unchanged', () => {
    const doc = cycle();
    const id = withScenario(doc);
    const before = docToPlan(doc);
    const decisionId = rejectScenario(doc, id, {
      owner: 'Sam',
      rationale: 'Overtime is not approved',
      madeIn: '2026-12',
      expectedImpact: IMPACT,
      reviewDate: '2027-01-15',
    });
    expect(docToPlan(doc)).toEqual(before);
    expect(decision(doc, decisionId)).toMatchObject({
      question: 'Adopt scenario Overtime?',
      chosen: KEEP_THE_PLAN,
      status: 'agreed',
      links: [`scenario:${id}`],
      reviewDate: '2027-01-15',
    });
    expect(decision(doc, decisionId)?.options).toMatch(/would have changed: Revenue/);
    expect(readRecords(doc, 'scenarios').records[0]).toMatchObject({
      status: 'rejected',
      rejectedBy: decisionId,
    });
    expect(() =>
      rejectScenario(doc, id, { owner: 'Sam', rationale: 'again', madeIn: '2026-12' }),
    ).toThrow(/already rejected/);
  });

  it('refuses to keep the plan without a rationale, writing nothing', () => {
    const doc = cycle();
    const id = withScenario(doc);
    expect(() =>
      rejectScenario(doc, id, { owner: 'Sam', rationale: ' ', madeIn: '2026-12' }),
    ).toThrow(/rationale/);
    expect(readRecords(doc, 'decisions').records).toEqual([]);
    expect(readRecords(doc, 'scenarios').records[0].status).toBe('draft');
  });
});

describe('reviewing an agreed decision', () => {
  const REVIEW = {
    outcome: 'partly' as const,
    by: 'Fran Facilitator',
    at: '2027-01-14T10:00:00.000Z',
    note: 'Half the backlog cleared',
  };

  it('records the verdict on the agreed decision, and may record it again', () => {
    const doc = cycle();
    addDecision(doc, { question: 'Second shift?', status: 'proposed', madeIn: '2026-12' }, 'd1');
    expect(() => recordDecisionReview(doc, 'd1', REVIEW)).toThrow(/not agreed/);
    takeDecision(doc, 'd1', TAKEN);
    recordDecisionReview(doc, 'd1', REVIEW);
    expect(decision(doc, 'd1')?.review).toEqual(REVIEW);
    recordDecisionReview(doc, 'd1', { ...REVIEW, outcome: 'delivered', note: '' });
    expect(decision(doc, 'd1')?.review).toEqual({
      outcome: 'delivered',
      by: 'Fran Facilitator',
      at: REVIEW.at,
    });
    expect(() => recordDecisionReview(doc, 'd1', { ...REVIEW, by: ' ' })).toThrow(/who reviewed/);
  });
});

describe('rolling agreed decisions into the next cycle for their review', () => {
  async function rolled(prepare: (doc: Y.Doc) => void): Promise<Y.Doc> {
    const from = cycle();
    prepare(from);
    const hash = await cycleHash(from);
    closeCycle(from, {
      closedAt: '2026-12-18T16:00:00.000Z',
      closedBy: 'Fran',
      hash,
      nextCycle: '2027-01',
    });
    const to = new Y.Doc();
    startNextCycle(from, to, hash);
    return to;
  }

  it('carries an agreed decision with a review date, as revised, keeping its expected impact', async () => {
    const to = await rolled((doc) => {
      addDecision(doc, { question: 'Second shift?', status: 'proposed', madeIn: '2026-12' }, 'due');
      takeDecision(doc, 'due', TAKEN);
      reviseDecision(
        doc,
        'due',
        { owner: 'Ana Ops' },
        { by: 'Fran', at: '2026-12-10T10:00:00Z', why: 'Sam moved' },
      );
      addDecision(doc, { question: 'No review', status: 'agreed', madeIn: '2026-12' }, 'plain');
      addDecision(doc, { question: 'Reviewed', status: 'proposed', madeIn: '2026-12' }, 'done');
      takeDecision(doc, 'done', TAKEN);
      recordDecisionReview(doc, 'done', {
        outcome: 'delivered',
        by: 'Fran',
        at: '2026-12-11T10:00:00.000Z',
      });
    });
    const carried = readRecords(to, 'decisions').records;
    expect(carried.map((record) => record.id)).toEqual(['due']);
    expect(carried[0]).toMatchObject({
      status: 'agreed',
      owner: 'Ana Ops',
      madeIn: '2026-12',
      expectedImpact: IMPACT,
      reviewDate: '2027-01-15',
    });
  });
});
