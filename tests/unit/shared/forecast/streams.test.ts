import { describe, expect, it } from 'vitest';
import { consensusOf } from '../../../../shared/engine/demand-streams.ts';

describe('the consensus of demand streams', () => {
  it('is the baseline plus each adjustment', () => {
    expect(
      consensusOf({
        baseline: 100,
        adjustments: {
          sales: { amount: 20, author: 'Sam Sales', reason: 'customer order' },
          marketing: { amount: -5, author: 'Mia Marketing', reason: 'promotion' },
        },
      }),
    ).toBe(115);
  });

  it('is the override when someone set one, and never below 0', () => {
    const adjustments = { sales: { amount: -300, author: 'Sam Sales', reason: 'lost listing' } };
    expect(consensusOf({ baseline: 100, adjustments })).toBe(0);
    expect(
      consensusOf({
        baseline: 100,
        adjustments,
        override: { value: 42, author: 'Fran Facilitator', reason: 'agreed in the meeting' },
      }),
    ).toBe(42);
    expect(consensusOf({ baseline: null, adjustments: {} })).toBe(0);
  });
});
