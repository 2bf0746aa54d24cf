import { describe, expect, it } from 'vitest';
import { familyChangeRows } from '../../../../client/src/lib/plan-over-plan.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { rollOverPlan } from '../../../../shared/doc/index.ts';
import { comparePlans } from '../../../../shared/engine/index.ts';

const previous = generateDemoPlan({
  families: 5,
  periods: 6,
  resources: 2,
  seed: 3,
  cycle: '2026-12',
});

describe('families that changed since the previous cycle', () => {
  it('lists nothing when the rolled plan is unchanged', () => {
    const current = rollOverPlan(previous);
    expect(familyChangeRows(comparePlans(previous, current), previous, current, 0.1)).toEqual([]);
  });

  it('flags changes at or above the threshold and new or removed families, largest revenue first', () => {
    const current = rollOverPlan(previous);
    const [a, b] = current.families;
    const month = current.periods[1];
    current.demand[a.id][month] = (current.demand[a.id][month] ?? 0) * 3 + 100;
    current.demand[b.id][month] = (current.demand[b.id][month] ?? 0) + 1;
    current.families.push({ ...b, id: 'NEW', name: 'New blender' });
    const rows = familyChangeRows(comparePlans(previous, current), previous, current, 0.1);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(a.id)?.needsReason).toBe(true);
    expect(byId.get(b.id)?.needsReason).toBe(false);
    expect(byId.get('NEW')).toMatchObject({
      change: 'added',
      needsReason: true,
      name: 'New blender',
    });
    const deltas = rows.map((row) => Math.abs(row.revenue.delta));
    expect(deltas).toEqual([...deltas].sort((x, y) => y - x));
    // A lower threshold asks for the small change too.
    const strict = familyChangeRows(comparePlans(previous, current), previous, current, 0.0001);
    expect(strict.find((row) => row.id === b.id)?.needsReason).toBe(true);
  });
});
