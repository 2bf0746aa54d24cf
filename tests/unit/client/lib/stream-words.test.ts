import { describe, expect, it } from 'vitest';
import type { CellStreams } from '../../../../shared/engine/demand-streams.ts';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import {
  adjustedStreams,
  formulaWords,
  markWords,
  readAmount,
  reasonWord,
  signed,
  streamTitle,
  streamWord,
  sumWords,
} from '../../../../client/src/lib/stream-words.ts';

const number = createFormatters('EUR').input;
const STREAMS = ['sales', 'marketing'];
const adjustment = (amount: number, author: string) => ({
  amount,
  author,
  reason: 'customer order',
});
/** The stream vector: baseline 100, sales +20, marketing −5. */
const VECTOR: CellStreams = {
  baseline: 100,
  adjustments: { marketing: adjustment(-5, 'Mia Marketing'), sales: adjustment(20, 'Sam Sales') },
};

describe('the streams of a family-month in words', () => {
  it('says the consensus as the sum of its streams, in the plan’s stream order', () => {
    expect(sumWords(VECTOR, STREAMS, number)).toBe('baseline 100 + sales 20 − marketing 5 = 115');
    expect(formulaWords(VECTOR, STREAMS, number)).toBe(
      'baseline 100 + sales 20 − marketing 5 = 115',
    );
    // Another order of streams reads in that order.
    expect(sumWords(VECTOR, ['marketing', 'sales'], number)).toBe(
      'baseline 100 − marketing 5 + sales 20 = 115',
    );
  });

  it('says when the sum is below 0 that demand stays at 0', () => {
    const cell: CellStreams = { baseline: 10, adjustments: { sales: adjustment(-30, 'Sam') } };
    expect(sumWords(cell, STREAMS, number)).toBe(
      'baseline 10 − sales 30 = 0 (demand is never below 0)',
    );
  });

  it('counts a missing baseline as 0 and lists a stream no longer named last', () => {
    const cell: CellStreams = {
      baseline: null,
      adjustments: { events: adjustment(7, 'Eve'), sales: adjustment(3, 'Sam') },
    };
    expect(adjustedStreams(cell, STREAMS)).toEqual(['sales', 'events']);
    expect(sumWords(cell, STREAMS, number)).toBe('baseline 0 + sales 3 + events 7 = 10');
  });

  it('says a consensus set by hand, with what the streams would give', () => {
    const cell: CellStreams = {
      ...VECTOR,
      override: { value: 130, author: 'Fran Facilitator', reason: 'promotion' },
    };
    expect(formulaWords(cell, STREAMS, number)).toBe(
      'set by hand to 130 by Fran Facilitator (the streams give baseline 100 + sales 20 − marketing 5 = 115)',
    );
    expect(markWords(cell, STREAMS, number)).toBe(
      'consensus set by hand: 130 by Fran Facilitator; adjusted: sales +20, marketing −5',
    );
  });

  it('marks an adjusted cell with each stream’s signed amount, and nothing else', () => {
    expect(markWords(VECTOR, STREAMS, number)).toBe('adjusted: sales +20, marketing −5');
    expect(markWords({ baseline: 100, adjustments: {} }, STREAMS, number)).toBeNull();
  });

  it('names streams and reasons as people say them', () => {
    expect(streamTitle('supplyChain')).toBe('Supply chain');
    expect(streamWord('supplyChain')).toBe('supply chain');
    expect(streamWord('events')).toBe('events');
    expect(reasonWord('customer order')).toBe('Customer order');
    expect([signed(20, number), signed(-5, number), signed(0, number)]).toEqual(['+20', '−5', '0']);
  });

  it('reads a signed amount typed with a hyphen, a minus sign or a plus', () => {
    expect(readAmount('+20')).toEqual({ ok: true, value: 20 });
    expect(readAmount('-5')).toEqual({ ok: true, value: -5 });
    expect(readAmount('−1,200')).toEqual({ ok: true, value: -1200 });
    expect(readAmount(' 12.5 ')).toEqual({ ok: true, value: 12.5 });
    expect(readAmount('')).toMatchObject({ ok: false });
    expect(readAmount('ten')).toEqual({
      ok: false,
      message: '"ten" is not a number of units: type e.g. 20 or −5.',
    });
  });
});
