import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import {
  suggestedName,
  suggestionRun,
} from '../../../../client/src/state/scenario-suggestions.svelte.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { suggestScenarios } from '../../../../shared/engine/suggestions.ts';
import { compareScenarios } from '../../../../shared/scenarios/compare-scenarios.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

const format = createFormatters('EUR', 'en-US');

describe('suggested ways to close gaps, as the Scenarios view shows them', () => {
  it('gives each draft what it closes, what it moves elsewhere and its revenue effect', () => {
    const plan = generateDemoPlan();
    const run = suggestionRun(plan, 7, format.month);
    expect(run.version).toBe(7);
    const drafts = suggestScenarios(plan, format.month);
    expect(run.cards.map((card) => [card.kind, card.title])).toEqual(
      drafts.map((draft) => [
        draft.kind,
        { buildAhead: 'Build ahead', addCapacity: 'Add capacity', reduceDemand: 'Reduce demand' }[
          draft.kind
        ],
      ]),
    );
    const compared = compareScenarios(
      plan,
      drafts.map((draft, at) => ({
        id: String(at),
        name: draft.scenario.name,
        scenario: draft.scenario,
      })),
    );
    run.cards.forEach((card, at) => {
      expect(card.explanation).toEqual(drafts[at].explanation);
      expect(card.scenario).toEqual(drafts[at].scenario);
      // The same numbers as the side-by-side comparison.
      const totals = compared.scenarios[at].totals;
      const shortage = card.changes.find((change) => change.kind === 'shortage');
      const overload = card.changes.find((change) => change.kind === 'overload');
      // A shortage is told by its value at peak: units of families never add.
      expect(shortage?.before.count).toBe(run.baseline.shortage.count);
      expect((shortage?.after.count ?? 0) <= run.baseline.shortage.count).toBe(true);
      expect(totals.peakBacklogValue).toBeLessThanOrEqual(compared.baseline.peakBacklogValue);
      expect(overload?.after.amount ?? 0).toBeCloseTo(totals.overloadHours);
      expect(card.revenueDelta).toBeCloseTo(compared.scenarios[at].difference.revenue.delta);
      expect(card.targetedBefore).toBe(run.baseline.shortage.count + run.baseline.overload.count);
      expect(card.targetedAfter).toBeLessThan(card.targetedBefore);
      // Shortages and overloads lead; other kinds follow when the plan has them.
      expect(card.changes.slice(0, 2).map((change) => change.kind)).toEqual([
        'shortage',
        'overload',
      ]);
    });
    const build = run.cards.find((card) => card.kind === 'buildAhead');
    expect(build?.changes[0].after.count).toBe(0);
  });

  it('has nothing to suggest for a plan without shortages or overloads', () => {
    const run = suggestionRun(makePlan(), 1, format.month);
    expect(run.cards).toEqual([]);
    expect(run.baseline.shortage.count + run.baseline.overload.count).toBe(0);
  });

  it('names a created draft as suggested, numbered when the name is taken', () => {
    expect(suggestedName('Build ahead', ['Demand upside'])).toBe('Build ahead (suggested)');
    expect(
      suggestedName('Build ahead', ['Build ahead (suggested)', 'Build ahead (suggested 2)']),
    ).toBe('Build ahead (suggested 3)');
  });
});
