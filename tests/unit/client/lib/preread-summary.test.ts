import { describe, expect, it } from 'vitest';
import { reconcile, type Plan } from '../../../../shared/engine/index.ts';
import type { WithId } from '../../../../shared/doc/index.ts';
import type { Decision, GapNote, ScenarioRecord } from '../../../../shared/schema/records.ts';
import { prereadSummary, type PrereadWork } from '../../../../client/src/lib/preread-summary.ts';

/**
 * Drills (D1, price 10) and saws (S1, price 20) over three months, one line (L1, 100 h a
 * month, an hour a drill). Drills are 50 short in January and February; saws 10, then
 * 20. The line is overloaded in March only. Only drills' January has a budget.
 */
function plan(): Plan {
  return {
    format: 'fulcrum.plan',
    version: 2,
    cycle: '2027-01',
    currency: 'EUR',
    periods: ['2027-01', '2027-02', '2027-03'],
    families: [
      { id: 'D1', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 },
      { id: 'S1', name: 'Circular saws', price: 20, unitCost: 12, openingInventory: 0 },
    ],
    resources: [{ id: 'L1', name: 'Assembly line 1' }],
    loads: [{ family: 'D1', resource: 'L1', hoursPerUnit: 1 }],
    demand: {
      D1: { '2027-01': 100, '2027-02': 100, '2027-03': 100 },
      S1: { '2027-01': 10, '2027-02': 10, '2027-03': 10 },
    },
    supply: {
      D1: { '2027-01': 50, '2027-02': 100, '2027-03': 200 },
      S1: { '2027-03': 30 },
    },
    capacity: { L1: { '2027-01': 100, '2027-02': 100, '2027-03': 100 } },
    budget: { D1: { '2027-01': 800 } },
    history: {},
  };
}

const noWork: PrereadWork = { decisions: [], scenarios: [], gapNotes: [] };

function decision(id: string, fields: Partial<Decision>): WithId<Decision> {
  return { id, question: `Question ${id}`, status: 'proposed', madeIn: '2027-01', ...fields };
}

function scenario(id: string, fields: Partial<ScenarioRecord>): WithId<ScenarioRecord> {
  return { id, name: `Scenario ${id}`, status: 'draft', order: 1, ...fields };
}

describe('the pre-read summary', () => {
  it('compares revenue with budget over the budgeted months only', () => {
    const result = reconcile(plan());
    const summary = prereadSummary(plan(), result, noWork);
    // Drills' January: 50 shipped × 10 against a budget of 800.
    expect(summary.budget).toEqual({
      revenue: 500,
      budget: 800,
      gap: -300,
      unbudgetedRevenue: result.horizon.unbudgetedRevenue,
    });
    expect(summary.budget!.unbudgetedRevenue).toBeGreaterThan(0);

    const unbudgeted = { ...plan(), budget: {} };
    expect(prereadSummary(unbudgeted, reconcile(unbudgeted), noWork).budget).toBeNull();
  });

  it('values backlog at its peak month, never summed over months', () => {
    const summary = prereadSummary(plan(), reconcile(plan()), noWork);
    // January 50 × 10 + 10 × 20 = 700; February 50 × 10 + 20 × 20 = 900; March none.
    expect(summary.peakBacklog).toEqual({ value: 900, month: '2027-02', familiesShort: 2 });
  });

  it('counts overloaded resource-months among all', () => {
    const summary = prereadSummary(plan(), reconcile(plan()), noWork);
    expect(summary.overloads).toEqual({ count: 1, resourceMonths: 3 });
  });

  it('shows service only where the month just ended has actuals', () => {
    expect(prereadSummary(plan(), reconcile(plan()), noWork).service).toEqual({
      month: '2026-12',
      measures: null,
    });
    const withActuals: Plan = {
      ...plan(),
      actuals: {
        D1: { '2026-12': { ordered: 100, shippedOnTime: 90, orders: 10, ordersOnTimeInFull: 7 } },
        S1: { '2026-12': { ordered: 10, shippedOnTime: 10 } },
      },
    };
    const service = prereadSummary(withActuals, reconcile(withActuals), noWork).service;
    expect(service.month).toBe('2026-12');
    // Units pooled: 100 of 110; value at price: (90 × 10 + 10 × 20) / (100 × 10 + 10 × 20).
    expect(service.measures?.unitFillRate).toBeCloseTo(100 / 110, 10);
    expect(service.measures?.valueFillRate).toBeCloseTo(1100 / 1200, 10);
    expect(service.measures?.otif).toBeCloseTo(0.7, 10);
  });

  it('lists the largest gaps per kind, each kind counted and valued apart', () => {
    const result = reconcile(plan());
    const summary = prereadSummary(plan(), result, noWork);
    const kinds = summary.topGaps.map((kind) => kind.kind);
    expect(kinds).toContain('shortage');
    expect(kinds).toContain('overload');
    for (const kind of summary.topGaps) {
      const ofKind = result.gaps.filter((gap) => gap.kind === kind.kind);
      expect(kind.count).toBe(ofKind.length);
      expect(kind.value).toBeCloseTo(
        ofKind.reduce((sum, gap) => sum + gap.value, 0),
        6,
      );
      expect(kind.largest.map((gap) => gap.id)).toEqual(ofKind.slice(0, 2).map((gap) => gap.id));
      for (let i = 1; i < kind.largest.length; i++) {
        expect(kind.largest[i - 1].value).toBeGreaterThanOrEqual(kind.largest[i].value);
      }
    }
    const shortage = summary.topGaps.find((kind) => kind.kind === 'shortage')!;
    expect(shortage.largest.map((gap) => gap.name)).toEqual(['Cordless drills', 'Circular saws']);
    const overload = summary.topGaps.find((kind) => kind.kind === 'overload')!;
    expect(overload.largest[0].name).toBe('Assembly line 1');
  });

  it('lists what the meeting must decide: open decisions, draft scenarios, marked gaps', () => {
    const result = reconcile(plan());
    const gap = result.gaps.find((one) => one.kind === 'shortage' && one.subject === 'D1')!;
    const notes: WithId<GapNote>[] = [
      { id: gap.id, status: 'open', needsDecision: true, owner: 'Sam' },
      { id: 'shortage:S1:2027-01', status: 'open' },
    ];
    const work: PrereadWork = {
      decisions: [
        decision('a', { status: 'deferred', owner: 'Ana' }),
        decision('b', { status: 'agreed' }),
        decision('c', { status: 'proposed', due: '2027-01-20', options: 'Air freight or wait' }),
        decision('d', { status: 'proposed', archived: { at: '2027-01-02T10:00:00Z' } }),
        decision('e', { status: 'rejected' }),
      ],
      scenarios: [
        scenario('s1', { assumption: 'Second shift on line 1' }),
        scenario('s2', { status: 'adopted' }),
        scenario('s3', { status: 'rejected' }),
      ],
      gapNotes: notes,
    };
    const pending = prereadSummary(plan(), result, work).decisions;
    expect(pending.map((item) => [item.kind, item.id, item.state])).toEqual([
      ['decision', 'c', 'proposed'],
      ['decision', 'a', 'deferred'],
      ['scenario', 's1', 'draft'],
      ['gap', gap.id, 'gap'],
    ]);
    expect(pending[0]).toMatchObject({ due: '2027-01-20', detail: 'Air freight or wait' });
    expect(pending[2].detail).toBe('Second shift on line 1');
    expect(pending[3]).toMatchObject({
      title: 'Cordless drills, 2027-01 to 2027-02',
      owner: 'Sam',
    });
    expect(pending[3].gap?.value).toBe(gap.value);
  });
});
