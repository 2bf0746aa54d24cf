import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GapList } from '../../../../shared/engine/gap-list.ts';
import { compareGaps } from '../../../../shared/engine/gaps.ts';
import { GAP_KINDS, type Gap } from '../../../../shared/engine/types.ts';

const gapArbitrary: fc.Arbitrary<Gap> = fc
  .record({
    kind: fc.constantFrom(...GAP_KINDS),
    subject: fc.constantFrom('A', 'B', 'C', 'L1'),
    period: fc.constantFrom('2026-12', '2027-01', '2027-02'),
    value: fc.integer({ min: 0, max: 50 }),
  })
  .map(({ kind, subject, period, value }) => ({
    id: `${kind}:${subject}:${period}`,
    last: period,
    peak: period,
    kind,
    subject,
    period,
    amount: value,
    value,
  }));

describe('GapList', () => {
  it('stays in gap order through many inserts and removals across blocks', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(gapArbitrary, { selector: (g) => g.id, maxLength: 48 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (gaps, removals) => {
          // Many copies with distinct values force block splits (blocks hold up to 512).
          const many = gaps.flatMap((gap) =>
            Array.from({ length: 30 }, (_, i) => ({
              ...gap,
              id: `${gap.id}:${i}`,
              value: gap.value * 100 + i,
            })),
          );
          const reference: Gap[] = [];
          const list = new GapList([]);
          for (const gap of many) {
            list.insert(gap);
            reference.push(gap);
          }
          reference.sort(compareGaps);
          expect(list.toArray()).toEqual(reference);
          for (const pick of removals) {
            if (reference.length === 0) break;
            const [gap] = reference.splice(pick % reference.length, 1);
            list.remove(gap);
            expect(list.toArray()).toEqual(reference);
          }
          expect(new GapList(reference).toArray()).toEqual(reference);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses to remove a gap it does not hold', () => {
    const gap: Gap = {
      id: 'shortage:A:2026-12',
      kind: 'shortage',
      subject: 'A',
      period: '2026-12',
      last: '2026-12',
      peak: '2026-12',
      amount: 1,
      value: 1,
    };
    expect(() => new GapList([]).remove(gap)).toThrow('gap shortage:A:2026-12 is not in the list');
  });
});
