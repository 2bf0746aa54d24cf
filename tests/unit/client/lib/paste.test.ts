import { describe, expect, it } from 'vitest';
import {
  blockProblemText,
  isBlockText,
  numberProblem,
  readBlock,
  readNumber,
} from '../../../../client/src/lib/paste.ts';

describe('readNumber: one typed or pasted value', () => {
  it.each([
    ['42', 42],
    ['  42 ', 42],
    ['1250.5', 1250.5],
    ['.5', 0.5],
    ['0', 0],
    ['1,250', 1250],
    ['12,345,678.25', 12345678.25],
    ['1 250', 1250],
    ['1\u00a0250', 1250],
    ['1\u202f250', 1250],
    ["1'250", 1250],
    ['€1,250', 1250],
    ['$ 99', 99],
    ['EUR 1,000', 1000],
    ['-0', 0],
  ])('reads %j as %d', (text, value) => {
    expect(readNumber(text)).toEqual({ kind: 'number', value });
  });

  it.each(['', '   ', '\t'])('reads %j as empty', (text) => {
    expect(readNumber(text)).toEqual({ kind: 'empty' });
  });

  it.each(['abc', '12abc', '1,5', '1,25,0', '1.2.3', '1e3', 'NaN', 'Infinity', '--3', '12 %'])(
    'refuses %j as not a number, keeping the text',
    (text) => {
      expect(readNumber(text)).toEqual({ kind: 'invalid', problem: 'notANumber', text });
    },
  );

  it.each(['-3', '\u22123', '(120)', '-1,250', '-€5'])('refuses %j as negative', (text) => {
    expect(readNumber(text)).toEqual({ kind: 'invalid', problem: 'negative', text });
  });

  it('names the problem in the words of the plan', () => {
    const negative = readNumber('-3');
    const word = readNumber('abc');
    if (negative.kind !== 'invalid' || word.kind !== 'invalid') throw new Error('expected invalid');
    expect(numberProblem(negative, 'Demand')).toBe('Demand cannot be negative: “-3”.');
    expect(numberProblem(word, 'Demand')).toBe(
      '“abc” is not a number. Type a number such as 1250 or 1,250.',
    );
  });
});

describe('readBlock: a block copied from a spreadsheet', () => {
  it('reads tab-separated rows on lines', () => {
    expect(readBlock('1\t2\t3\n4\t5\t6')).toEqual({
      ok: true,
      block: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      rows: 2,
      columns: 3,
    });
  });

  it('reads CRLF lines and ignores the final line break spreadsheets add', () => {
    const reading = readBlock('10\t20\r\n30\t40\r\n');
    expect(reading).toMatchObject({ ok: true, rows: 2, columns: 2 });
    if (reading.ok)
      expect(reading.block).toEqual([
        [10, 20],
        [30, 40],
      ]);
  });

  it('reads thousands separators and spaces around values', () => {
    const reading = readBlock('1,250\t12,000.5\n  7 \t3 400\n');
    expect(reading).toMatchObject({
      ok: true,
      block: [
        [1250, 12000.5],
        [7, 3400],
      ],
    });
  });

  it('reads empty cells as null (they clear the target) and pads short rows', () => {
    expect(readBlock('1\t\t3\n\t5\n')).toEqual({
      ok: true,
      block: [
        [1, null, 3],
        [null, 5, null],
      ],
      rows: 2,
      columns: 3,
    });
  });

  it('keeps an empty line inside the block as a row of empty cells', () => {
    expect(readBlock('1\t2\n\n3\t4')).toMatchObject({
      ok: true,
      block: [
        [1, 2],
        [null, null],
        [3, 4],
      ],
    });
  });

  it('reads one value as a 1 x 1 block', () => {
    expect(readBlock('1,234\n')).toEqual({ ok: true, block: [[1234]], rows: 1, columns: 1 });
  });

  it('reports every cell that is not a number by row and column', () => {
    const reading = readBlock('1\tabc\t3\n-4\t5\tx y\n');
    expect(reading).toEqual({
      ok: false,
      problems: [
        { row: 1, column: 2, text: 'abc', problem: 'notANumber' },
        { row: 2, column: 1, text: '-4', problem: 'negative' },
        { row: 2, column: 3, text: 'x y', problem: 'notANumber' },
      ],
    });
    if (!reading.ok) {
      expect(blockProblemText(reading.problems)).toBe(
        'Nothing was pasted: row 1, column 2: “abc” is not a number; row 2, column 1: “-4” is negative; row 2, column 3: “x y” is not a number.',
      );
      expect(blockProblemText(reading.problems, 1)).toBe(
        'Nothing was pasted: row 1, column 2: “abc” is not a number, and 2 more.',
      );
    }
  });

  it('tells a block from a single value', () => {
    expect(isBlockText('12')).toBe(false);
    expect(isBlockText('12\n')).toBe(false);
    expect(isBlockText('12\r\n')).toBe(false);
    expect(isBlockText('12\t13')).toBe(true);
    expect(isBlockText('12\n13')).toBe(true);
    expect(isBlockText('12\r\n13\r\n')).toBe(true);
  });
});
