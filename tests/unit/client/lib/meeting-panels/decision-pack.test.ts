import { describe, expect, it } from 'vitest';
import {
  decisionPack,
  impactFromComparison,
  sideBySide,
} from '../../../../../client/src/lib/meeting-panels/decision-pack.ts';
import {
  decisionsDueForReview,
  readImpacts,
} from '../../../../../client/src/lib/meeting-panels/decision-reviews.ts';
import { generateDemoPlan } from '../../../../../shared/demo/demo-plan.ts';
import { reconcile } from '../../../../../shared/engine/index.ts';
import { compareScenarios } from '../../../../../shared/scenarios/compare-scenarios.ts';
import { rollOverPlan } from '../../../../../shared/doc/index.ts';
import type { Decision, ExpectedImpact } from '../../../../../shared/schema/records.ts';

const PLAN = generateDemoPlan({ families: 4, periods: 6, resources: 2, seed: 4, cycle: '2026-12' });
const decision = (id: string, fields: Partial<Decision>) => ({
  id,
  question: id,
  status: 'proposed' as const,
  madeIn: '2026-12',
  ...fields,
});

describe('the decision pack', () => {
  const table = compareScenarios(PLAN, [
    {
      id: 's1',
      name: 'Overtime',
      scenario: { overrides: [{ measure: 'capacity', targets: 'all', op: 'add', value: 500 }] },
    },
  ]);
  const gaps = reconcile(PLAN).gaps;

  it('lists draft scenarios, waiting decisions and gaps marked, and nothing settled', () => {
    const pack = decisionPack({
      decisions: [
        decision('later', { status: 'deferred', due: '2027-01-20' }),
        decision('sooner', { due: '2026-12-20' }),
        decision('done', { status: 'agreed' }),
        decision('no', { status: 'rejected' }),
        decision('gone', { archived: { at: '2026-12-01T00:00:00Z' } }),
      ],
      scenarios: [
        { id: 's1', name: 'Overtime', status: 'draft', order: 1 },
        { id: 's2', name: 'Adopted', status: 'adopted', order: 0 },
        { id: 's3', name: 'Kept out', status: 'rejected', order: 2 },
      ],
      comparisons: table.scenarios,
      gapNotes: [
        { id: gaps[1].id, status: 'open', needsDecision: true },
        { id: gaps[0].id, status: 'open' },
      ],
      gaps,
      gapTitle: (id) => `gap ${id}`,
    });
    expect(pack.map((item) => `${item.kind}:${item.id}`)).toEqual([
      'scenario:s1',
      'decision:sooner',
      'decision:later',
      `gap:${gaps[1].id}`,
    ]);
    expect(pack[0].kind === 'scenario' && pack[0].comparison?.name).toBe('Overtime');
  });

  it('carries the comparison into the expected impact and shows the plan beside the scenario', () => {
    const [comparison] = table.scenarios;
    const impact = impactFromComparison(comparison, 'EUR', (measure) => measure);
    const changed = [
      'marginAfterCosts',
      'revenue',
      'unshippedDemand',
      'endInventory',
      'peakBacklogValue',
      'overloadHours',
      'gapCount',
    ].filter((measure) => Math.round(comparison.difference[measure as 'revenue'].delta) !== 0);
    expect(changed.length).toBeGreaterThan(0);
    expect(impact.map((entry) => entry.key)).toEqual(changed.slice(0, 5));
    for (const entry of impact) {
      const key = entry.key as 'revenue';
      expect(entry.value).toBe(Math.round(comparison.difference[key].delta));
      expect(entry.unit).toBe(
        key === ('overloadHours' as string) ? 'h' : key === ('gapCount' as string) ? 'gaps' : 'EUR',
      );
    }
    // A scenario that changes nothing carries margin after costs at 0.
    const none = compareScenarios(PLAN, [{ id: 'n', name: 'None', scenario: { overrides: [] } }]);
    expect(impactFromComparison(none.scenarios[0], 'EUR', (measure) => measure)).toEqual([
      { measure: 'marginAfterCosts', value: 0, unit: 'EUR', key: 'marginAfterCosts' },
    ]);
    const rows = sideBySide(table.baseline, comparison);
    expect(rows[0]).toEqual({
      measure: 'marginAfterCosts',
      plan: table.baseline.marginAfterCosts,
      scenario: comparison.totals.marginAfterCosts,
      delta: comparison.difference.marginAfterCosts.delta,
    });
  });
});

describe('the review of last cycle’s decisions', () => {
  it('lists agreed decisions of earlier cycles due on or before the meeting day', () => {
    const due = decisionsDueForReview(
      [
        decision('due', { status: 'agreed', reviewDate: '2027-01-10' }),
        decision('on the day', { status: 'agreed', reviewDate: '2027-01-14' }),
        decision('later', { status: 'agreed', reviewDate: '2027-03-01' }),
        decision('this cycle', { status: 'agreed', reviewDate: '2027-01-01', madeIn: '2027-01' }),
        decision('waiting', { reviewDate: '2027-01-01' }),
      ],
      '2027-01',
      '2027-01-14',
    );
    expect(due.map((entry) => entry.id)).toEqual(['due', 'on the day']);
  });

  const IMPACT: ExpectedImpact[] = [
    { measure: 'Revenue', value: 5000, unit: 'EUR', key: 'revenue' },
    { measure: 'Margin after costs', value: 2000, unit: 'EUR', key: 'marginAfterCosts' },
    { measure: 'Still owed', value: -100, unit: 'EUR', key: 'unshippedDemand' },
    { measure: 'Morale', value: 1, unit: 'points' },
  ];
  const name = (month: string) => `month ${month}`;

  it('says plainly that nothing can be known before the ended month’s shipments are recorded', () => {
    const next = rollOverPlan(PLAN);
    const readings = readImpacts(IMPACT, next, PLAN, name);
    expect(readings.map((reading) => reading.actual)).toEqual([null, null, null, null]);
    expect(readings[0].unknown).toBe(
      'No shipments are recorded for month 2026-12 yet: the actual cannot be known yet.',
    );
    expect(readings[2].unknown).toBe(
      `"Still owed" is measured over the whole horizon, to month ${PLAN.periods.at(-1)}: one ended month cannot tell it yet.`,
    );
    expect(readings[3].unknown).toBe('No actual is kept for "Morale": the meeting judges it.');
  });

  it('reads revenue and margin of the ended month against what the plan had', () => {
    const family = PLAN.families[0];
    const shipped = 40;
    const next = rollOverPlan(PLAN, { [family.id]: { shipped } });
    const planned = next.history[family.id]['2026-12'].plannedShipments ?? 0;
    const [revenue, margin] = readImpacts(IMPACT, next, PLAN, name);
    expect(revenue.actual).toEqual({
      actual: shipped * family.price,
      plan: planned * family.price,
      difference: (shipped - planned) * family.price,
    });
    expect(margin.actual?.actual).toBeCloseTo(shipped * (family.price - family.unitCost), 6);
    expect(margin.actual?.plan).toBeCloseTo(planned * (family.price - family.unitCost), 6);
    expect(margin.reads).toMatch(/before holding and overtime costs/);
  });
});
