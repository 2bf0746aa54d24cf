import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  csvText,
  csvTextCell,
  plainNumber,
  unescapeCsvText,
} from '../../../../shared/import/csv-write.ts';

/** The cells of a CSV text as a spreadsheet reads them. */
function cells(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
}

describe('csvTextCell', () => {
  it('escapes text a spreadsheet would run as a formula', () => {
    expect(csvTextCell('=HYPERLINK("http://evil.example","Drills")')).toBe(
      '\'=HYPERLINK("http://evil.example","Drills")',
    );
    expect(csvTextCell('+1+cmd|calc')).toBe("'+1+cmd|calc");
    expect(csvTextCell('-2+3')).toBe("'-2+3");
    expect(csvTextCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvTextCell('\t=1')).toBe("'\t=1");
    expect(csvTextCell('\r=1')).toBe("'\r=1");
  });

  it('leaves other text as it is', () => {
    expect(csvTextCell('Cordless drills')).toBe('Cordless drills');
    expect(csvTextCell('A=B')).toBe('A=B');
    expect(csvTextCell('')).toBe('');
  });

  it('unescapes what it escaped, and nothing else', () => {
    for (const text of ['=1+1', '-x', '@a', '+b', 'plain', "'quoted", "'", '']) {
      expect(unescapeCsvText(csvTextCell(text))).toBe(text);
    }
    expect(unescapeCsvText("'plain")).toBe("'plain");
  });
});

describe('csvText', () => {
  it('escapes text cells but keeps numbers, negative ones included, as numbers', () => {
    const text = csvText([
      ['family', 'name', '2027-01', '2027-02'],
      ['=1+1', '@evil', -12, 3.5],
      ['-D2', 'Saws', 1e21, null],
    ]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(cells(text)).toEqual([
      ['family', 'name', '2027-01', '2027-02'],
      ["'=1+1", "'@evil", '-12', '3.5'],
      ["'-D2", 'Saws', '1000000000000000000000', ''],
    ]);
  });

  it('quotes a cell only where it needs quotes', () => {
    const text = csvText([['a,b', 'say "hi"', '=x,y']]);
    expect(text).toBe('\uFEFF"a,b","say ""hi""","\'=x,y"\r\n');
  });

  it('writes numbers plainly', () => {
    expect(plainNumber(-12)).toBe('-12');
    expect(plainNumber(Number.NaN)).toBe('');
    expect(plainNumber(undefined)).toBe('');
  });
});
