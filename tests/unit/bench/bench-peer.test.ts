import { describe, expect, it } from 'vitest';
import { checkAgreement } from '../../../bench/agreement.ts';
import {
  applyPeerEdit,
  buildPeer,
  familyValue,
  resourceValue,
  type HyperFormulaPeer,
  type PeerEdit,
} from '../../../bench/hyperformula-peer.ts';
import { generateDemoPlan } from '../../../shared/demo/demo-plan.ts';
import { reconcile, type Plan } from '../../../shared/engine/index.ts';

/** The public test vectors PI-1, RCCP-1 and FIN-1 (domain.md section 5) in one plan. */
function vectorPlan(): Plan {
  const periods = ['2026-12', '2027-01', '2027-02', '2027-03', '2027-04'];
  const byPeriod = (values: number[]) =>
    Object.fromEntries(values.map((value, t) => [periods[t], value]));
  return {
    format: 'fulcrum.plan',
    version: 2,
    cycle: '2026-12',
    currency: 'EUR',
    periods,
    families: [
      { id: 'A', name: 'PI-1', price: 12.5, unitCost: 8, openingInventory: 100 },
      { id: 'B', name: 'RCCP-1 B', price: 20, unitCost: 11, openingInventory: 0 },
      { id: 'D', name: 'RCCP-1 A', price: 5, unitCost: 3, openingInventory: 0 },
      { id: 'C', name: 'FIN-1', price: 12.5, unitCost: 8, openingInventory: 1000 },
    ],
    resources: [
      { id: 'L1', name: 'RCCP-1 line' },
      { id: 'L2', name: 'no capacity' },
    ],
    loads: [
      { family: 'D', resource: 'L1', hoursPerUnit: 0.5 },
      { family: 'B', resource: 'L1', hoursPerUnit: 2 },
    ],
    demand: { A: byPeriod([40, 50, 80, 50, 70]), C: byPeriod([1000]) },
    supply: { A: byPeriod([0, 50, 50, 50, 0]), B: byPeriod([0, 30]), D: byPeriod([0, 100]) },
    capacity: { L1: byPeriod([100, 100, 100, 100, 100]) },
    budget: { C: byPeriod([13000]) },
    history: {},
  };
}

function expectAgreement(peer: HyperFormulaPeer, plan: Plan): void {
  const agreement = checkAgreement(peer, reconcile(plan), 'all', 1);
  expect(agreement.mismatches).toEqual([]);
  expect(agreement.compared).toBe(
    plan.periods.length * (6 * plan.families.length + 3 * plan.resources.length),
  );
}

describe('HyperFormula peer', () => {
  it('computes the public test vectors', () => {
    const peer = buildPeer(vectorPlan());
    const pi = [0, 1, 2, 3, 4].map((t) => familyValue(peer, 0, t, 'projectedInventory'));
    expect(pi).toEqual([60, 60, 30, 30, -40]);
    expect(resourceValue(peer, 0, 1, 'load')).toBe(110);
    expect(resourceValue(peer, 0, 1, 'utilization')).toBeCloseTo(1.1, 12);
    expect(resourceValue(peer, 0, 1, 'overload')).toBe(10);
    expect(resourceValue(peer, 1, 1, 'utilization')).toBe('');
    expect(familyValue(peer, 3, 0, 'shipments')).toBe(1000);
    expect(familyValue(peer, 3, 0, 'revenue')).toBe(12500);
    expect(familyValue(peer, 3, 0, 'cost')).toBe(8000);
    expect(familyValue(peer, 3, 0, 'margin')).toBe(4500);
    expect(familyValue(peer, 3, 0, 'budgetGap')).toBe(-500);
    peer.hf.destroy();
  });

  it('agrees with reconcile on every cell of a generated plan, before and after edits', () => {
    const plan = generateDemoPlan({ families: 8, periods: 6, resources: 3, seed: 7 });
    const peer = buildPeer(plan);
    expectAgreement(peer, plan);

    const loaded = plan.loads[0];
    const period = plan.periods[2];
    const edits: PeerEdit[] = [
      { kind: 'demand', family: plan.families[3].id, period: plan.periods[1], value: 50_000 },
      { kind: 'supply', family: loaded.family, period, value: 12_345 },
    ];
    const loadBefore = reconcile(plan).resources.find((r) => r.id === loaded.resource)!.rows[2];
    for (const edit of edits) {
      applyPeerEdit(peer, edit);
      if (edit.kind === 'demand' || edit.kind === 'supply') {
        (plan[edit.kind][edit.family] ??= {})[edit.period] = edit.value;
      }
      expectAgreement(peer, plan);
    }
    const after = reconcile(plan);
    // The edits must reach the compared cells, or agreement after them would prove nothing.
    expect(after.families[3].rows[1].projectedInventory).toBeLessThan(0);
    const loadAfter = after.resources.find((r) => r.id === loaded.resource)!.rows[2];
    expect(loadAfter.load).not.toBe(loadBefore.load);
    peer.hf.destroy();
  });

  it('reports a mismatch when the peer and the plan differ', () => {
    const plan = generateDemoPlan({ families: 8, periods: 6, resources: 3, seed: 7 });
    const peer = buildPeer(plan);
    const { family } = plan.loads[0];
    applyPeerEdit(peer, { kind: 'supply', family, period: plan.periods[0], value: 99_999 });
    const agreement = checkAgreement(peer, reconcile(plan), 'all', 1);
    expect(agreement.mismatches.length).toBeGreaterThan(0);
    expect(agreement.mismatches.map((m) => m.cell)).toContain(
      `${family}/${plan.periods[0]}/projectedInventory`,
    );
    peer.hf.destroy();
  });
});
