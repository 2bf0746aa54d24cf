import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { reconcile, type Plan } from '../../../../shared/engine/index.ts';
import { applyScenario } from '../../../../shared/engine/scenario.ts';
import { suggestScenarios } from '../../../../shared/engine/suggestions.ts';
import { makePlan, months } from '../../../helpers/plan-builder.ts';

const gapsOf = (plan: Plan, kind: string) =>
  reconcile(plan).gaps.filter((gap) => gap.kind === kind);

/** Drills short in March; the line has room in January and February, none in March. */
const plan = makePlan({
  periods: months('2027-01', 4),
  families: [{ id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 }],
  resources: [{ id: 'L1', name: 'Assembly line 1' }],
  loads: [{ family: 'A', resource: 'L1', hoursPerUnit: 1 }],
  demand: { A: { '2027-01': 50, '2027-02': 50, '2027-03': 200, '2027-04': 50 } },
  supply: { A: { '2027-01': 50, '2027-02': 50, '2027-03': 100, '2027-04': 50 } },
  capacity: { L1: { '2027-01': 80, '2027-02': 120, '2027-03': 100, '2027-04': 40 } },
  budget: {},
  history: {},
});

describe('suggested scenarios', () => {
  it('builds ahead in the latest months with room, never over capacity, and says so', () => {
    const [build] = suggestScenarios(plan);
    expect(build.kind).toBe('buildAhead');
    // 100 short from March: 70 fit in February (120 - 50), the other 30 in January (80 - 50).
    expect(build.scenario.overrides).toEqual([
      { measure: 'supply', targets: ['A'], from: '2027-01', to: '2027-01', op: 'add', value: 30 },
      { measure: 'supply', targets: ['A'], from: '2027-02', to: '2027-02', op: 'add', value: 70 },
    ]);
    const after = applyScenario(plan, build.scenario);
    expect(gapsOf(after, 'shortage')).toEqual([]);
    expect(gapsOf(after, 'overload').filter((g) => g.period !== '2027-04')).toEqual([]);
    expect(build.explanation).toEqual([
      'Cordless drills: make 30 in 2027-01, 70 in 2027-02 (the resources it uses have room then), for a shortage of up to 100 from 2027-03.',
    ]);
  });

  it('adds the hours each overloaded resource-month is over, and cuts demand to supply', () => {
    const suggestions = suggestScenarios(plan);
    const capacity = suggestions.find((s) => s.kind === 'addCapacity')!;
    // April: 50 units need 50 h on a 40 h line.
    expect(capacity.scenario.overrides).toEqual([
      {
        measure: 'capacity',
        targets: ['L1'],
        from: '2027-04',
        to: '2027-04',
        op: 'add',
        value: 10,
      },
    ]);
    expect(gapsOf(applyScenario(plan, capacity.scenario), 'overload')).toEqual([]);
    expect(capacity.explanation).toEqual(['Assembly line 1: add 10 h in 2027-04.']);
    const reduce = suggestions.find((s) => s.kind === 'reduceDemand')!;
    expect(gapsOf(applyScenario(plan, reduce.scenario), 'shortage')).toEqual([]);
    expect(reduce.explanation).toEqual([
      'Cordless drills: promise 100 fewer in 2027-03: what its supply cannot cover.',
    ]);
  });

  it("lists each resource's added hours in month order", () => {
    const twice = makePlan({
      ...plan,
      capacity: { L1: { '2027-01': 80, '2027-02': 120, '2027-03': 100, '2027-04': 0 } },
      supply: { A: { '2027-01': 50, '2027-02': 50, '2027-03': 140, '2027-04': 50 } },
    });
    const capacity = suggestScenarios(twice).find((s) => s.kind === 'addCapacity')!;
    // March is over by 40 h and April by 50 h: the gap list puts April, the larger, first.
    expect(capacity.explanation).toEqual([
      'Assembly line 1: add 40 h in 2027-03, 50 h in 2027-04.',
    ]);
    expect(capacity.scenario.overrides.map((o) => o.from)).toEqual(['2027-03', '2027-04']);
  });

  it('closes every shortage and overload of the reference plan, the same way each time', () => {
    const reference = generateDemoPlan({ families: 60, periods: 18, resources: 12, seed: 20261 });
    const first = suggestScenarios(reference);
    expect(first.map((s) => s.kind)).toEqual(['buildAhead', 'addCapacity', 'reduceDemand']);
    expect(suggestScenarios(reference)).toEqual(first);
    const before = gapsOf(reference, 'overload').length;
    for (const suggestion of first) {
      const after = applyScenario(reference, suggestion.scenario);
      if (suggestion.kind === 'addCapacity') expect(gapsOf(after, 'overload')).toEqual([]);
      if (suggestion.kind === 'reduceDemand') expect(gapsOf(after, 'shortage')).toEqual([]);
      // Building ahead never adds an overload.
      if (suggestion.kind === 'buildAhead') expect(gapsOf(after, 'overload').length).toBe(before);
    }
  });

  it('writes large numbers with thousands separators', () => {
    const big = makePlan({
      ...plan,
      demand: { A: { '2027-01': 5000, '2027-02': 50, '2027-03': 50, '2027-04': 50 } },
      supply: { A: { '2027-01': 1000, '2027-02': 50, '2027-03': 50, '2027-04': 50 } },
      capacity: { L1: { '2027-01': 10, '2027-02': 120, '2027-03': 100, '2027-04': 100 } },
    });
    const suggestions = suggestScenarios(big);
    expect(suggestions.find((s) => s.kind === 'reduceDemand')!.explanation).toEqual([
      'Cordless drills: promise 4,000 fewer in 2027-01: what its supply cannot cover.',
    ]);
    expect(suggestions.find((s) => s.kind === 'addCapacity')!.explanation).toEqual([
      'Assembly line 1: add 990 h in 2027-01.',
    ]);
    expect(suggestions.find((s) => s.kind === 'buildAhead')!.explanation[0]).toContain(
      'for a shortage of up to 4,000 from 2027-01; 4,000 units stay short',
    );
  });

  it('suggests nothing for a plan without shortages or overloads', () => {
    expect(suggestScenarios(makePlan())).toEqual([]);
  });
});
