import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../../../shared/dates.ts';
import {
  forEachRowValue,
  packRow,
  rowValue,
  rowNumbers,
  writeRow,
} from '../../../../shared/doc/grid-rows.ts';

describe('a grid row as the document keeps it', () => {
  it('is its first month then a value per month, null where a month has none', () => {
    expect(packRow({ '2027-02': 7, '2026-11': 5, '2027-01': 0 })).toEqual([
      '2026-11',
      5,
      null,
      0,
      7,
    ]);
    expect(packRow({})).toBeUndefined();
    // What is not a month never reaches the row.
    expect(packRow({ June: 3, '2026-12': 4 })).toEqual(['2026-12', 4]);
  });

  it('reads a month of either layout, and nothing outside the row', () => {
    const row = ['2026-11', 5, null, 0, 7];
    expect(rowValue(row, '2026-11')).toBe(5);
    expect(rowValue(row, '2026-12')).toBeUndefined();
    expect(rowValue(row, '2027-01')).toBe(0);
    expect(rowValue(row, '2027-02')).toBe(7);
    expect(rowValue(row, '2027-03')).toBeUndefined();
    expect(rowValue(row, '2026-10')).toBeUndefined();
    expect(rowValue({ '2026-11': 5 }, '2026-11')).toBe(5);
    expect(rowValue(undefined, '2026-11')).toBeUndefined();
    // A row that does not start with a month holds nothing.
    expect(rowValue(['June', 5], '2026-11')).toBeUndefined();
    expect(rowNumbers(['June', 5])).toEqual({});
  });

  it('lists the months with a value in order, across a year end', () => {
    const seen: [string, unknown][] = [];
    forEachRowValue(['2026-12', 1, null, 3], (month, value) => seen.push([month, value]));
    expect(seen).toEqual([
      ['2026-12', 1],
      ['2027-02', 3],
    ]);
  });

  it('gives back every month and value it was packed from (property)', () => {
    const months = fc.integer({ min: 0, max: 400 }).map((offset) => addMonths('2000-01', offset));
    fc.assert(
      fc.property(fc.dictionary(months, fc.integer({ min: 0, max: 1e9 })), (row) => {
        const packed = packRow(row);
        expect(packed === undefined).toBe(Object.keys(row).length === 0);
        expect(rowNumbers(packed)).toEqual(row);
        for (const [month, value] of Object.entries(row))
          expect(rowValue(packed, month)).toBe(value);
      }),
    );
  });

  it('is written whole, and removed when it holds no month', () => {
    const rows = new Y.Doc().getMap<unknown>('demandBase');
    writeRow(rows, 'F1', { '2026-12': 4 });
    expect(rows.get('F1')).toEqual(['2026-12', 4]);
    writeRow(rows, 'F1', {});
    expect(rows.has('F1')).toBe(false);
  });
});
