import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../../shared/engine/types.ts';
import { createFormatters } from '../../../../client/src/lib/format.ts';
import { keepUnchangedMarks, streamMarks } from '../../../../client/src/lib/stream-marks.ts';
import { familiesWords, streamActivity } from '../../../../client/src/lib/stream-activity.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const number = createFormatters('EUR').input;
const periods = months('2026-12', 3);
const AT = '2026-12-05T10:00:00.000Z';

function plan(): Plan {
  const base = makePlan({ periods, demand: { A: row(periods, [100, 100, 100]) } });
  const B = { ...base.families[0], id: 'B', name: 'Blenders' };
  return {
    ...base,
    families: [{ ...base.families[0], name: 'Air fryers' }, B],
    demand: { A: row(periods, [100, 100, 100]), B: row(periods, [50, 50, 50]) },
    demandStreams: {
      streams: ['sales', 'marketing'],
      baseline: { A: { '2026-12': 100 }, B: { '2027-01': 50 } },
      adjustments: {
        A: {
          '2026-12': {
            sales: { amount: 20, author: 'Sam Sales', reason: 'customer order', at: AT },
            marketing: {
              amount: -5,
              author: 'Mia Marketing',
              reason: 'promotion',
              at: '2026-12-05T11:00:00.000Z',
            },
          },
        },
        B: { '2027-01': { sales: { amount: 4, author: 'Sam Sales', reason: 'other', at: AT } } },
      },
      overrides: {
        B: { '2027-01': { value: 80, author: 'Fran Facilitator', reason: 'promotion', at: AT } },
      },
    },
  };
}

describe('the marks of the demand grid', () => {
  it('marks each adjusted family-month with its words and kind', () => {
    const marks = streamMarks(plan(), number);
    expect([...marks.keys()]).toEqual(['A', 'B']);
    expect(marks.get('A')?.get('2026-12')).toEqual({
      text: 'adjusted: sales +20, marketing −5',
      kind: 'adjusted',
    });
    expect(marks.get('B')?.get('2027-01')).toEqual({
      text: 'consensus set by hand: 80 by Fran Facilitator; adjusted: sales +4',
      kind: 'override',
    });
    expect(marks.get('A')?.has('2027-01')).toBe(false);
    expect(streamMarks(makePlan({ periods }), number).size).toBe(0);
    expect(streamMarks(null, number).size).toBe(0);
  });

  it('keeps the map of a family whose marks read alike, and only that one', () => {
    const first = streamMarks(plan(), number);
    const changed = plan();
    changed.demandStreams!.adjustments.A['2026-12'].sales.amount = 25;
    const next = keepUnchangedMarks(first, streamMarks(changed, number));
    expect(next.get('B')).toBe(first.get('B'));
    expect(next.get('A')).not.toBe(first.get('A'));
    expect(next.get('A')?.get('2026-12')?.text).toBe('adjusted: sales +25, marketing −5');
    // Nothing changed: the very same marks, so no row is told.
    expect(keepUnchangedMarks(next, streamMarks(changed, number))).toBe(next);
    expect(keepUnchangedMarks(next, new Map())).not.toBe(next);
  });
});

describe('a stream’s activity this cycle, for its function’s input status', () => {
  it('counts family-months, names the families in plan order and finds the latest', () => {
    expect(streamActivity(plan(), 'sales')).toEqual({
      count: 2,
      families: ['Air fryers', 'Blenders'],
      last: { author: 'Sam Sales', at: AT, family: 'B', month: '2027-01' },
    });
    expect(streamActivity(plan(), 'marketing')).toEqual({
      count: 1,
      families: ['Air fryers'],
      last: {
        author: 'Mia Marketing',
        at: '2026-12-05T11:00:00.000Z',
        family: 'A',
        month: '2026-12',
      },
    });
    expect(streamActivity(plan(), 'finance')).toEqual({ count: 0, families: [], last: null });
  });

  it('names a few families and counts the rest', () => {
    expect(familiesWords([])).toBe('');
    expect(familiesWords(['Kettles'])).toBe('Kettles');
    expect(familiesWords(['Kettles', 'Toasters'])).toBe('Kettles and Toasters');
    expect(familiesWords(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C and 2 more');
  });
});
