import { describe, expect, it } from 'vitest';
import {
  setupSheetColumns,
  setupColumnLabel,
  supplyBoundsProblem,
} from '../../../../client/src/state/plan-grid-models.svelte.ts';
import { SETTING_FIELDS } from '../../../../client/src/state/plan-settings.svelte.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

const plan = makePlan({
  families: [
    {
      id: 'A',
      name: 'Cordless drills',
      price: 10,
      unitCost: 6,
      openingInventory: 0,
      minSupply: 20,
      maxSupply: 80,
    },
  ],
});

describe("a family's minimum and maximum supply in the family setup", () => {
  it('are columns of the setup sheet, before the hours per unit', () => {
    const labels = setupSheetColumns(plan).map(setupColumnLabel);
    expect(labels).toContain('Minimum supply');
    expect(labels.indexOf('Maximum supply')).toBeLessThan(
      labels.indexOf('Hours per unit on Assembly line 1'),
    );
  });

  it('refuse a minimum above the maximum, in words', () => {
    expect(supplyBoundsProblem(plan, 'A', 'minSupply', 90)).toBe(
      'Minimum supply (90) must not be above maximum supply (80) of Cordless drills.',
    );
    expect(supplyBoundsProblem(plan, 'A', 'maxSupply', 10)).toBe(
      'Minimum supply (20) must not be above maximum supply (10) of Cordless drills.',
    );
    expect(supplyBoundsProblem(plan, 'A', 'minSupply', 80)).toBeNull();
    expect(supplyBoundsProblem(plan, 'A', 'maxSupply', null)).toBeNull();
    expect(supplyBoundsProblem(plan, 'A', 'safetyStock', 1000)).toBeNull();
  });
});

describe("the constrained plan's settings", () => {
  it('are in the settings panel, in percent, with their meaning', () => {
    const overtime = SETTING_FIELDS.find((field) => field.key === 'overtimeShare');
    const change = SETTING_FIELDS.find((field) => field.key === 'planChangePenalty');
    expect(overtime).toMatchObject({ label: 'Overtime allowed', kind: 'percent', max: 100 });
    expect(overtime?.help).toMatch(/extra hours the constrained plan may add/);
    expect(change).toMatchObject({ label: 'Plan change penalty', kind: 'percent' });
    expect(change?.help).toMatch(/moves away from the supply typed in/);
  });
});
