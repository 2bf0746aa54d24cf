import { describe, expect, it } from 'vitest';
import { freezePlan, readFrozenPlan } from '../../../../shared/doc/frozen-plan.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

describe('frozen plans (the previous cycle, the pre-read)', () => {
  it('read back exactly the plan that was frozen', () => {
    const plan = makePlan();
    expect(readFrozenPlan(freezePlan(plan))).toEqual(plan);
  });

  it('read as none when missing, not JSON, or not a valid plan file', () => {
    expect(readFrozenPlan(undefined)).toBeNull();
    expect(readFrozenPlan(42)).toBeNull();
    expect(readFrozenPlan('{not json')).toBeNull();
    expect(readFrozenPlan(JSON.stringify({ ...makePlan(), periods: 'soon' }))).toBeNull();
  });
});
