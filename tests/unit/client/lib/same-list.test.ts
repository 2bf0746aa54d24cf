import { describe, expect, it } from 'vitest';
import { keepSameList, sameEntries, sameList } from '../../../../client/src/lib/same-list.ts';
import { drawnRange, sameRange } from '../../../../client/src/state/plan-grid.svelte.ts';

describe('lists, maps and ranges that read alike', () => {
  it('compares lists value by value, in order', () => {
    expect(sameList(['A', 'B'], ['A', 'B'])).toBe(true);
    expect(sameList(['A', 'B'], ['B', 'A'])).toBe(false);
    expect(sameList(['A'], ['A', 'B'])).toBe(false);
    expect(sameList([], [])).toBe(true);
  });

  it('keeps the last list while the next reads alike', () => {
    const keep = keepSameList<string>();
    const first = keep(['A', 'B']);
    expect(keep(['A', 'B'])).toBe(first);
    const next = ['A', 'C'];
    expect(keep(next)).toBe(next);
  });

  it('compares maps key by key', () => {
    const a = new Map([
      ['A', 'Kettles'],
      ['B', 'Toasters'],
    ]);
    expect(sameEntries(a, new Map(a))).toBe(true);
    expect(sameEntries(a, new Map([['A', 'Kettles']]))).toBe(false);
    expect(
      sameEntries(
        a,
        new Map([
          ['A', 'Kettles'],
          ['B', 'Irons'],
        ]),
      ),
    ).toBe(false);
  });

  it('compares the drawn columns of a sheet', () => {
    expect(sameRange(drawnRange({ from: 2, to: 5 }, 12), drawnRange({ from: 2, to: 5 }, 12))).toBe(
      true,
    );
    // The same window over a longer horizon leaves more empty columns after it.
    expect(sameRange(drawnRange({ from: 2, to: 5 }, 12), drawnRange({ from: 2, to: 5 }, 13))).toBe(
      false,
    );
    expect(sameRange(drawnRange(null, 12), drawnRange({ from: 0, to: 11 }, 12))).toBe(true);
  });
});
