import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { reconcile } from '../../shared/engine/index.ts';
import {
  COMPARED_MEASURES,
  compareScenarios,
  horizonTotals,
} from '../../shared/scenarios/compare-scenarios.ts';

const PLAN = generateDemoPlan({ families: 6, periods: 6, resources: 2, seed: 11 });

describe('comparing scenarios with the baseline', () => {
  it('a scenario with no overrides differs from the baseline in nothing', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const plan = generateDemoPlan({ families: 4, periods: 5, resources: 2, seed });
      const table = compareScenarios(plan, [
        { id: 's', name: 'Same', scenario: { overrides: [] } },
      ]);
      const [same] = table.scenarios;
      expect(same.totals).toEqual(table.baseline);
      for (const measure of COMPARED_MEASURES) {
        expect(same.difference[measure].delta).toBe(0);
      }
      expect(same.drivers).toEqual({ revenue: [], shortage: [], overload: [] });
    }
  });

  it('adds up the horizon totals from the engine: money, shortages, overloads, end stock, gaps', () => {
    const result = reconcile(PLAN);
    const totals = horizonTotals(result);
    const revenue = result.families.reduce((sum, family) => sum + family.totals.revenue, 0);
    expect(totals.revenue).toBeCloseTo(revenue, 6);
    const shortages = result.gaps.filter((gap) => gap.kind === 'shortage');
    expect(totals.shortageUnits).toBeCloseTo(
      shortages.reduce((sum, gap) => sum + gap.amount, 0),
      6,
    );
    expect(totals.gapCount).toBe(result.gaps.length);
    expect(totals.endInventory).toBeGreaterThanOrEqual(0);
    expect(totals.budgetGap).toBeCloseTo(
      result.totals.reduce((sum, row) => sum + row.revenue - row.budget, 0),
      6,
    );
  });

  it('a price rise on one family shows as a revenue difference driven by that family', () => {
    const family = PLAN.families[1];
    const table = compareScenarios(PLAN, [
      {
        id: 'up',
        name: 'Price +10%',
        scenario: {
          overrides: [{ measure: 'price', targets: [family.id], op: 'scale', value: 1.1 }],
        },
      },
    ]);
    const [up] = table.scenarios;
    const familyRevenue = reconcile(PLAN).families[1].totals.revenue;
    expect(up.difference.revenue.delta).toBeCloseTo(familyRevenue * 0.1, 4);
    expect(up.difference.revenue.pct).toBeCloseTo(
      up.difference.revenue.delta / table.baseline.revenue,
      9,
    );
    expect(up.drivers.revenue).toHaveLength(1);
    expect(up.drivers.revenue[0]).toMatchObject({ id: family.id, name: family.name });
    expect(up.difference.shortageUnits.delta).toBe(0);
  });

  it('less capacity shows more overload hours, driven by the resources that lost it, largest first', () => {
    const table = compareScenarios(PLAN, [
      {
        id: 'cut',
        name: 'Half capacity',
        scenario: { overrides: [{ measure: 'capacity', targets: 'all', op: 'scale', value: 0.5 }] },
      },
    ]);
    const [cut] = table.scenarios;
    expect(cut.totals.overloadHours).toBeGreaterThan(table.baseline.overloadHours);
    expect(cut.difference.overloadHours.delta).toBeGreaterThan(0);
    const deltas = cut.drivers.overload.map((driver) => Math.abs(driver.delta));
    expect(deltas).toEqual([...deltas].sort((a, b) => b - a));
    const resources = new Set(PLAN.resources.map((resource) => resource.id));
    for (const driver of cut.drivers.overload) expect(resources.has(driver.id)).toBe(true);
  });

  it('removing demand removes shortages; the absolute % difference is the size of the %', () => {
    const table = compareScenarios(PLAN, [
      {
        id: 'none',
        name: 'No demand',
        scenario: { overrides: [{ measure: 'demand', targets: 'all', op: 'set', value: 0 }] },
      },
    ]);
    const [none] = table.scenarios;
    expect(none.totals.shortageUnits).toBe(0);
    expect(none.totals.revenue).toBe(0);
    expect(none.difference.revenue.pct).toBeCloseTo(-1, 9);
    expect(none.difference.revenue.absPct).toBeCloseTo(1, 9);
  });

  it('compares at most five scenarios', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({
      id: `s${i}`,
      name: `S${i}`,
      scenario: { overrides: [] },
    }));
    expect(compareScenarios(PLAN, many).scenarios.map((s) => s.id)).toEqual([
      's0',
      's1',
      's2',
      's3',
      's4',
    ]);
  });
});
