import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { reconcile, type Plan, type Scenario } from '../../../../shared/engine/index.ts';
import { applyScenario } from '../../../../shared/engine/scenario.ts';
import {
  COMPARED_MEASURES,
  compareScenarios,
  planTotals,
} from '../../../../shared/scenarios/compare-scenarios.ts';

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
    const totals = planTotals(PLAN);
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const of = (kind: string) => result.gaps.filter((gap) => gap.kind === kind);
    expect(totals.revenue).toBeCloseTo(sum(result.families.map((f) => f.totals.revenue)), 6);
    expect(totals.margin).toBeCloseTo(sum(result.families.map((f) => f.totals.margin)), 6);
    // Backlog is a stock: its peak month's value and what is owed at the end, never a sum.
    expect(totals.peakBacklogValue).toBe(result.backlog.peakValue);
    expect(totals.unshippedDemand).toBe(result.backlog.unshippedDemand);
    expect(totals.peakBacklogValue).toBeLessThanOrEqual(sum(of('shortage').map((g) => g.value)));
    expect(totals.overloadHours).toBeCloseTo(sum(of('overload').map((gap) => gap.amount)), 6);
    expect(totals.gapCount).toBe(result.gaps.length);
    expect(totals.endInventory).toBeCloseTo(
      sum(
        result.families.map(
          (f, at) => Math.max(0, f.rows.at(-1)!.projectedInventory) * PLAN.families[at].unitCost,
        ),
      ),
      6,
    );
    expect(totals.budgetGap).toBeCloseTo(
      sum(result.totals.map((row) => row.budgetedRevenue - row.budget)),
      6,
    );
  });

  it('gives the numbers and drivers of reconciling each scenario on its own', () => {
    const plan = generateDemoPlan({ families: 40, periods: 12, resources: 8, seed: 7 });
    const some = plan.families.slice(0, 10).map((family) => family.id);
    const scenarios: Scenario[] = [
      {
        format: 'fulcrum.scenario',
        version: 1,
        name: 'Up',
        overrides: [{ measure: 'demand', targets: 'all', op: 'scale', value: 1.2 }],
      },
      {
        format: 'fulcrum.scenario',
        version: 1,
        name: 'Short',
        overrides: [
          { measure: 'capacity', targets: 'all', op: 'scale', value: 0.7 },
          { measure: 'price', targets: some, op: 'add', value: 3 },
        ],
      },
    ];
    const table = compareScenarios(
      plan,
      scenarios.map((scenario, i) => ({ id: `s${i}`, name: scenario.name, scenario })),
    );
    // Shortage drivers: each family's peak backlog (a stock); overload: hours summed.
    const bySubject = (plan: Plan, kind: string) => {
      const totals = new Map<string, number>();
      const result = reconcile(plan);
      if (kind === 'shortage') {
        for (const family of result.families) {
          if (family.backlog.peak > 0) totals.set(family.id, family.backlog.peak);
        }
        return totals;
      }
      for (const gap of result.gaps) {
        if (gap.kind === kind) totals.set(gap.subject, (totals.get(gap.subject) ?? 0) + gap.amount);
      }
      return totals;
    };
    scenarios.forEach((scenario, i) => {
      const after = applyScenario(plan, scenario);
      const row = table.scenarios[i];
      expect(row.totals.gapCount).toBe(reconcile(after).gaps.length);
      expect(row.totals.revenue).toBeCloseTo(planTotals(after).revenue, 6);
      for (const kind of ['shortage', 'overload'] as const) {
        const before = bySubject(plan, kind);
        const now = bySubject(after, kind);
        const expected = [...new Set([...before.keys(), ...now.keys()])]
          .map((id) => ({ id, delta: (now.get(id) ?? 0) - (before.get(id) ?? 0) }))
          .filter((driver) => Math.abs(driver.delta) > 1e-9);
        const drivers = row.drivers[kind];
        expect(drivers.map((d) => d.id).sort()).toEqual(expected.map((d) => d.id).sort());
        for (const driver of drivers) {
          expect(driver.delta).toBeCloseTo(expected.find((d) => d.id === driver.id)!.delta, 6);
        }
      }
    });
    expect(table.scenarios[1].drivers.revenue.map((d) => d.id).sort()).toEqual([...some].sort());
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
    expect(up.difference.peakBacklogValue.delta).toBe(0);
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
    expect(none.totals.peakBacklogValue).toBe(0);
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
