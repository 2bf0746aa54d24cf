import loadHighs, { type Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  modelSize,
  runOptimizeJob,
  sizeWords,
} from '../../../../client/src/optimize/optimize-job.ts';
import type { Scenario } from '../../../../shared/engine/scenario.ts';
import { tightPlan } from '../../../helpers/tight-plan.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

describe("the optimizer worker's job", () => {
  it('answers with the constrained plan, its draft and the cost of the supply as typed', () => {
    const plan = tightPlan();
    const reply = runOptimizeJob(highs, { type: 'optimize', id: 4, plan: JSON.stringify(plan) });
    expect(reply.type).toBe('solved');
    if (reply.type !== 'solved' || !reply.result.ok) throw new Error('no plan');
    const { constrained, scenario, current, rows, columns } = reply.result;
    // 50 hours and 10 of overtime: 60 drills a month, the overtime worth more than €10.
    expect(constrained.supply.A).toEqual({ '2027-01': 60, '2027-02': 60, '2027-03': 60 });
    expect(constrained.binding.map((b) => b.month)).toHaveLength(3);
    expect(constrained.causes).toEqual([
      expect.objectContaining({ family: 'A', peakBacklog: 120, peakMonth: '2027-03' }),
    ]);
    expect(scenario.name).toBe('Constrained plan');
    expect(scenario.overrides.filter((o) => o.measure === 'capacity')).toHaveLength(3);
    expect(current.feasible).toBe(true);
    expect(constrained.costs.total).toBeLessThan(current.total);
    expect(rows).toBeGreaterThan(0);
    expect(columns).toBeGreaterThan(0);
  });

  it('says in words what to relax when no plan keeps to the limits', () => {
    const reply = runOptimizeJob(highs, {
      type: 'optimize',
      id: 1,
      plan: JSON.stringify(tightPlan(80)),
    });
    if (reply.type !== 'solved' || reply.result.ok) throw new Error('a plan was found');
    expect(reply.result.message).toMatch(/Assembly line 1 in 2027-01 \(80 hours needed, 60/);
    expect(reply.result.message).toMatch(/Lower a family's minimum supply/);
  });

  it("re-plans a scenario's supply and keeps its own changes", () => {
    const plan = tightPlan();
    const upside: Scenario = {
      format: 'fulcrum.scenario',
      version: 1,
      name: 'Demand +20%',
      overrides: [{ measure: 'demand', targets: 'all', op: 'scale', value: 1.2 }],
    };
    const reply = runOptimizeJob(highs, {
      type: 'replan',
      id: 2,
      plan: JSON.stringify(plan),
      scenario: upside,
    });
    if (reply.type !== 'solved' || !reply.result.ok) throw new Error('no plan');
    expect(reply.result.scenario.name).toBe('Demand +20%, supply re-planned');
    expect(reply.result.scenario.overrides[0]).toEqual(upside.overrides[0]);
    // The supply as typed is costed against the scenario's demand: 120 a month.
    expect(reply.result.current.unshipped).toBe(100 * 3 * 70);
  });

  it('answers failed with the message when the plan cannot be read', () => {
    expect(runOptimizeJob(highs, { type: 'optimize', id: 9, plan: '{' })).toMatchObject({
      type: 'failed',
      id: 9,
    });
  });

  it('words the size of the program', () => {
    expect(sizeWords(modelSize(tightPlan()))).toBe('1 family × 3 months × 1 resource');
  });
});
