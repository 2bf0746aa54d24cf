import { describe, expect, it } from 'vitest';
import {
  bindingLines,
  causeLines,
  perHour,
  type WorthFormat,
} from '../../../../client/src/optimize/worth-words.ts';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import type { ConstrainedPlan } from '../../../../shared/optimize/supply-solution.ts';
import { makePlan } from '../../../helpers/plan-builder.ts';

const format: WorthFormat = createFormatters('EUR');
const plan = makePlan({
  families: [
    { id: 'A', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 },
    { id: 'B', name: 'Saws', price: 10, unitCost: 6, openingInventory: 0 },
    { id: 'C', name: 'Sanders', price: 10, unitCost: 6, openingInventory: 0 },
  ],
  resources: [
    { id: 'P1', name: 'Paint shop 1' },
    { id: 'L1', name: 'Assembly line 1' },
  ],
});
const constrained = {
  binding: [
    { resource: 'P1', month: '2027-03', valuePerHour: 12.345, overtime: 20 },
    { resource: 'L1', month: '2027-01', valuePerHour: 250.4, overtime: 0 },
  ],
  causes: [
    {
      family: 'A',
      peakBacklog: 120,
      peakMonth: '2027-03',
      binding: [
        { resource: 'P1', month: '2027-01' },
        { resource: 'P1', month: '2027-02' },
        { resource: 'L1', month: '2027-02' },
      ],
      atMaximum: true,
    },
    { family: 'B', peakBacklog: 5, peakMonth: '2027-01', binding: [], atMaximum: true },
    { family: 'C', peakBacklog: 7, peakMonth: '2027-02', binding: [], atMaximum: false },
  ],
} as unknown as ConstrainedPlan;

describe('what each constraint is worth, in words', () => {
  it('says what one more hour is worth, with cents below 100', () => {
    const [first, second] = bindingLines(plan, constrained, format);
    expect(first.sentence).toBe('One more hour on Paint shop 1 in Mar 2027 is worth €12.35');
    expect(first.overtime).toBe('20 h of overtime used');
    expect(second.value).toBe('€250');
    expect(second.overtime).toBe('no overtime');
    expect(perHour(0.5, format)).toBe('€0.5');
  });

  it('names what holds each backlog: resources and months, its maximum, or nothing', () => {
    expect(causeLines(plan, constrained, format)).toEqual([
      {
        family: 'Cordless drills',
        peak: '120 units in Mar 2027',
        heldBy:
          'Paint shop 1 (Jan 2027, Feb 2027); Assembly line 1 (Feb 2027); and its maximum supply',
        kind: 'resource',
      },
      {
        family: 'Saws',
        peak: '5 units in Jan 2027',
        heldBy: 'its maximum supply',
        kind: 'maximum',
      },
      {
        family: 'Sanders',
        peak: '7 units in Feb 2027',
        heldBy: 'no constraint: owing costs less than any lever',
        kind: 'none',
      },
    ]);
  });
});
