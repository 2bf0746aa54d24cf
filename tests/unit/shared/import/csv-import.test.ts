import { describe, expect, it } from 'vitest';
import {
  capacityCsv,
  familyPlanCsv,
  familySetupCsv,
  inputCsv,
  plainNumber,
  planFile,
} from '../../../../client/src/lib/csv-export.ts';
import { generateDemoPlan } from '../../../../shared/demo/demo-plan.ts';
import { parsePlan, reconcile, type Plan } from '../../../../shared/engine/index.ts';
import {
  csvWrites,
  describeCsvProblem,
  previewCsvImport,
  type CsvPreview,
  type ImportMeasure,
} from '../../../../shared/import/csv-plan.ts';
import { readCsvRows } from '../../../../shared/import/csv-rows.ts';
import { columnLetter, readQuantity } from '../../../../shared/import/csv-values.ts';
import { GRID_NAMES } from '../../../../shared/schema/grids.ts';

/** A small plan of known names: Drills (D1) and Saws (S1), lines L1 and L2, Jan to Mar 2027. */
function smallPlan(): Plan {
  return {
    format: 'fulcrum.plan',
    version: 2,
    cycle: '2027-01',
    currency: 'EUR',
    periods: ['2027-01', '2027-02', '2027-03'],
    families: [
      { id: 'D1', name: 'Cordless drills', price: 10, unitCost: 6, openingInventory: 0 },
      { id: 'S1', name: 'Circular saws', price: 20, unitCost: 12, openingInventory: 0 },
    ],
    resources: [
      { id: 'L1', name: 'Assembly line 1' },
      { id: 'L2', name: 'Paint shop' },
    ],
    loads: [],
    demand: { D1: { '2027-01': 100, '2027-02': 110 }, S1: { '2027-01': 50 } },
    supply: { D1: { '2027-01': 90 } },
    capacity: { L1: { '2027-01': 400, '2027-02': 400, '2027-03': 400 } },
    budget: {},
    history: { D1: { '2026-11': { actual: 95 }, '2026-12': { actual: 99, forecast: 100 } } },
  };
}

function preview(text: string, measure: ImportMeasure = 'demand', plan = smallPlan()): CsvPreview {
  return previewCsvImport(text, { measure, plan });
}

/** The problems as a person reads them. */
function problems(result: CsvPreview): string[] {
  return result.errors.map(describeCsvProblem);
}

/** The changes as `id month before->after @row`. */
function changes(result: CsvPreview): string[] {
  return result.changes.map(
    (c) => `${c.grid} ${c.id} ${c.month} ${c.before ?? '-'}->${c.after} @${c.row}`,
  );
}

describe('reading CSV text', () => {
  it('reads comma, semicolon and tab files, quotes, CRLF and a byte-order mark', () => {
    for (const delimiter of [',', ';', '\t']) {
      const text = `\uFEFFfamily${delimiter}2027-01\r\n"Drills${delimiter} ""big"""${delimiter}5\r\n`;
      const reading = readCsvRows(text);
      expect(reading.delimiter).toBe(delimiter);
      expect(reading.rows).toEqual([
        { line: 1, fields: ['family', '2027-01'], problems: [] },
        { line: 2, fields: [`Drills${delimiter} "big"`, '5'], problems: [] },
      ]);
    }
  });

  it('numbers rows by the line a person sees: blank lines and line breaks in quotes count', () => {
    const text = 'family,2027-01\n\n  ,  \n"two\nlines",1\r\n"",""\n ,\t,\nlast,2\n\n';
    expect(readCsvRows(text).rows.map((row) => row.line)).toEqual([1, 4, 8]);
  });

  it('reports a quote that is never closed at its row', () => {
    const { rows } = readCsvRows('family,2027-01\nD1,1\n"D1,2\n');
    expect(rows.map((row) => [row.line, row.problems])).toEqual([
      [1, []],
      [2, []],
      [3, ['a quoted value is never closed: every opening " needs a closing "']],
    ]);
    expect(
      problems(preview('family,2027-01\nD1,1\n"D1,2\n')).map((text) => text.slice(0, 40)),
    ).toEqual([
      'Row 3: a quoted value is never closed: e',
      'Row 3, column "family": "D1,2" is not a ',
    ]);
  });
});

describe('numbers and column letters', () => {
  it('accepts plain decimals with optional grouping by spaces or underscores', () => {
    const accepted: [string, number][] = [
      ['1234', 1234],
      ['1234.5', 1234.5],
      [' 0 ', 0],
      ['1 234 567.25', 1234567.25],
      ['1_234', 1234],
      ['1\u00a0234', 1234],
      ['0.000001', 0.000001],
    ];
    for (const [text, value] of accepted) expect(readQuantity(text)).toEqual({ ok: true, value });
  });

  it('refuses anything else, quoting the text', () => {
    const refused: [string, string][] = [
      ['1,234', '"1,234" is not a number: write it without commas, with a "." before decimals'],
      ['12,5', '"12,5" is not a number: write it without commas'],
      ['-5', '-5 is negative: values must be 0 or more'],
      ['abc', '"abc" is not a number'],
      ['1e3', '"1e3" is not a number'],
      ['.5', '".5" is not a number'],
      ['12 34', '"12 34" is not a number'],
      ['€12', '"€12" is not a number'],
      ['9'.repeat(400), 'is too large a number'],
    ];
    for (const [text, message] of refused) {
      const reading = readQuantity(text);
      expect(reading.ok).toBe(false);
      expect(reading.ok ? '' : reading.message).toContain(message);
    }
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });
});

describe('previewing an import: long layout (one row per cell)', () => {
  it('finds families by id or by exact name in any case, and shows before and after', () => {
    const result = preview(
      'Family,Month,Value\nD1,2027-01,100\ncordless DRILLS,2027-02,120\nd1,2027-03,5\nCircular saws,2027-01,0\nS1,2027-02,0\n',
    );
    expect(result.layout).toBe('long');
    expect(result.errors).toEqual([]);
    // D1 Jan is unchanged (100); S1 Feb 0 on an empty cell changes nothing either.
    expect(result.unchanged).toBe(2);
    expect(changes(result)).toEqual([
      'demand D1 2027-02 110->120 @3',
      'demand D1 2027-03 -->5 @4',
      'demand S1 2027-01 50->0 @5',
    ]);
    expect(result.changes[0].name).toBe('Cordless drills');
    expect(csvWrites(result)[0]).toEqual({
      grid: 'demand',
      id: 'D1',
      month: '2027-02',
      value: 120,
    });
  });

  it('names each problem by row and column in a planner’s words', () => {
    const result = preview(
      [
        'family,month,value',
        'D1,2027-01,10',
        'Hammer drills,2027-02,5',
        'D1,2027-13,5',
        'D1,2027-2,5',
        'S1,2027-02,abc',
        'S1,2027-03,-4',
        'S1,2027-01,',
        'D1,2029-01,5',
        ',2027-01,3',
        'S1,2027-02,1,234',
        'D1,2027-01,11',
      ].join('\n'),
    );
    expect(problems(result)).toEqual([
      'Rows 2 and 12, column "month": Cordless drills, 2027-01 is given on more than one row: keep one of these rows',
      'Row 3, column "family": "Hammer drills" is not a family of this plan (use its id or its exact name)',
      'Row 4, column "month": "2027-13" is not a month (use YYYY-MM)',
      'Row 5, column "month": "2027-2" is not a month (use YYYY-MM, e.g. 2027-02)',
      'Row 6, column "value": "abc" is not a number',
      'Row 7, column "value": -4 is negative: values must be 0 or more',
      'Row 8, column "value": the value is empty',
      'Row 9, column "month": 2029-01 is outside the plan\'s horizon (2027-01 to 2027-03)',
      'Row 10, column "family": the family is empty',
      'Row 11: this row has 4 values but the header has 3 columns (a comma inside a number or a name splits it: write numbers without commas, put names in quotes)',
    ]);
    // Both rows of the cell given twice are left out: the file does not say which it means.
    expect(changes(result)).toEqual([]);
    expect(result.unchanged).toBe(0);
    expect(result.skippedRows).toBe(11);
  });

  it('imports capacity by resource, and refuses a family file for capacity', () => {
    const result = preview(
      'resource,month,value\nPaint shop,2027-02,160\nL1,2027-01,400',
      'capacity',
    );
    expect(result.errors).toEqual([]);
    expect(changes(result)).toEqual(['capacity L2 2027-02 -->160 @2']);
    expect(result.unchanged).toBe(1);

    expect(problems(preview('family,month,value\nD1,2027-01,1', 'capacity'))).toEqual([
      'Row 1, column "family": capacity is per resource: name this column "resource" and list resources',
    ]);
    expect(problems(preview('resource,month,value\nL1,2027-01,1', 'supply'))).toEqual([
      'Row 1, column "resource": Supply is per family: name this column "family" and list families',
    ]);
    expect(problems(preview('resource,month,value\nD1,2027-01,1', 'capacity'))).toEqual([
      'Row 2, column "resource": "D1" is not a resource of this plan (use its id or its exact name)',
    ]);
  });

  it('takes actuals for any month up to the plan’s last, into history', () => {
    const result = preview(
      'family,month,value\nD1,2026-11,95\nD1,2026-12,101\nS1,2019-06,7\nD1,2027-03,3\nD1,2027-04,3',
      'actual',
    );
    expect(problems(result)).toEqual([
      'Row 6, column "month": 2027-04 is after the plan\'s last month (2027-03): actuals go up to it',
    ]);
    expect(changes(result)).toEqual([
      'actual D1 2026-12 99->101 @3',
      'actual S1 2019-06 -->7 @4',
      'actual D1 2027-03 -->3 @5',
    ]);
    // An actual of 0 where none was recorded is a change: no data is not zero sales.
    expect(changes(preview('family,month,value\nS1,2027-01,0', 'actual'))).toEqual([
      'actual S1 2027-01 -->0 @2',
    ]);
  });

  it('refuses a header it cannot read, and unknown columns', () => {
    expect(problems(preview('product,month,value\nD1,2027-01,1'))).toEqual([
      'Row 1, column "product": the file needs a "family" column (or "resource" for capacity) holding each row\'s id or name; found "product"',
    ]);
    expect(problems(preview('family,month\nD1,2027-01'))).toEqual([
      'Row 1, column "month": a file with a "month" column needs a "value" column too',
    ]);
    expect(problems(preview('family,month,value,comment\nD1,2027-02,7,rush'))).toEqual([
      'Row 1, column "comment": this column is not one Fulcrum reads: a file with one row per cell has the columns family, month and value (and optionally measure and name)',
    ]);
    expect(problems(preview('family,family,month,value\nD1,D1,2027-02,7'))[0]).toBe(
      'Row 1, column "family": the file already has a "family" column: a file lists families or resources, not both',
    );
    expect(problems(preview(''))).toEqual([
      'Row 1: the file is empty: it needs a header row (family, then months) and a row per family',
    ]);
    expect(problems(preview('\n\n  \n'))).toHaveLength(1);
  });
});

describe('previewing an import: wide layout (one column per month)', () => {
  it('reads one row per family; empty cells change nothing', () => {
    const result = preview(
      'family;name;2027-01;2027-02;2027-03\r\nD1;Cordless drills;100;;130\r\nCircular saws;;55;60;\r\n',
    );
    expect(result.layout).toBe('wide');
    expect(result.errors).toEqual([]);
    expect(result.unchanged).toBe(1);
    expect(changes(result)).toEqual([
      'demand D1 2027-03 -->130 @2',
      'demand S1 2027-01 50->55 @3',
      'demand S1 2027-02 -->60 @3',
    ]);
  });

  it('reports month headers that are not months or fall outside the horizon, once each', () => {
    const result = preview(
      'family,2027-01,Feb 2027,2027-3,2026-12,2027-01,Total,\nD1,1,2,3,4,5,7,\nS1,1,2,3,4,5,7,',
    );
    expect(problems(result)).toEqual([
      'Row 1, column "Feb 2027": "Feb 2027" is not a month (use YYYY-MM)',
      'Row 1, column "2027-3": "2027-3" is not a month (use YYYY-MM, e.g. 2027-03)',
      'Row 1, column "2026-12": 2026-12 is outside the plan\'s horizon (2027-01 to 2027-03)',
      'Row 1, column "2027-01": 2027-01 is already column "2027-01": each month once',
      'Row 1, column "Total": "Total" is not a month (use YYYY-MM)',
    ]);
    // The valid column still previews: skipping the problems imports it. The trailing
    // column with no header and no values is no problem.
    expect(changes(result)).toEqual(['demand D1 2027-01 100->1 @2', 'demand S1 2027-01 50->1 @3']);
  });

  it('refuses values in a column with no header, row by row', () => {
    const result = preview('family,2027-01,,2027-02\nD1,1,,2\nS1,3,9,4');
    expect(problems(result)).toEqual([
      'Row 3, column "C": this value is in a column with no header: name the column (with its month, YYYY-MM)',
    ]);
    expect(changes(result)).toEqual(['demand D1 2027-01 100->1 @2', 'demand D1 2027-02 110->2 @2']);
    expect(problems(preview('family,month,value,\nD1,2027-01,1,x'))).toEqual([
      'Row 2, column "D": this value is in a column with no header: name the column (family, month or value)',
    ]);
  });

  it('leaves a row with any problem out whole, and names duplicate rows', () => {
    const result = preview(
      'family,2027-01,2027-02,2027-03\nD1,1,x,3\nS1,4,5,6\nUnknown,1,1,1\ncircular saws,7,,\n',
    );
    expect(problems(result)).toEqual([
      'Row 2, column "2027-02": "x" is not a number',
      'Rows 3 and 5, column "2027-01": Circular saws, 2027-01 is given on more than one row: keep one of these rows',
      'Row 4, column "family": "Unknown" is not a family of this plan (use its id or its exact name)',
    ]);
    expect(changes(result)).toEqual([]);
    expect(result.skippedRows).toBe(4);
  });

  it('needs month columns', () => {
    expect(problems(preview('family\nD1'))).toEqual([
      'Row 1: the file has no month columns: give one column per month (YYYY-MM) after "family", or the columns month and value',
    ]);
  });

  it('names a family that two families share by name, and asks for the id', () => {
    const plan = smallPlan();
    plan.families.push({
      id: 'D2',
      name: 'cordless drills',
      price: 1,
      unitCost: 1,
      openingInventory: 0,
    });
    expect(problems(preview('family,2027-01\nCordless Drills,5\nD2,6', 'demand', plan))).toEqual([
      'Row 2, column "family": "Cordless Drills" names 2 families (D1, D2): use the id',
    ]);
  });
});

describe('previewing an import: a measure column', () => {
  it('fills several measures from one file and leaves computed rows out', () => {
    const text = [
      'family,name,measure,2027-01,2027-02,2027-03',
      'D1,Cordless drills,Demand,100,110,0',
      'D1,Cordless drills,Supply,95,100,100',
      'D1,Cordless drills,Budget,1000,1000,1000',
      'D1,Cordless drills,Projected inventory,-5,-15,85',
      'D1,Cordless drills,Status,Shortage,Shortage,OK',
      'S1,Circular saws,Actuals,3,,',
    ].join('\n');
    const result = preview(text, 'capacity');
    expect(result.measure).toBe('file');
    expect(result.errors).toEqual([]);
    expect(result.computedRows).toBe(2);
    expect(result.unchanged).toBe(3);
    expect(changes(result)).toEqual([
      'supply D1 2027-01 90->95 @3',
      'supply D1 2027-02 -->100 @3',
      'supply D1 2027-03 -->100 @3',
      'budget D1 2027-01 -->1000 @4',
      'budget D1 2027-02 -->1000 @4',
      'budget D1 2027-03 -->1000 @4',
      'actual S1 2027-01 -->3 @7',
    ]);
  });

  it('refuses unknown measures and measures of the other kind of row', () => {
    const families = preview(
      'family,measure,month,value\nD1,Forecast,2027-01,1\nD1,capacity,2027-01,1\nD1,,2027-01,1\nD1,supply,2027-01,1\nd1,SUPPLY,2027-01,2',
    );
    expect(problems(families)).toEqual([
      'Row 2, column "measure": "Forecast" is not a measure Fulcrum imports (use demand, supply, budget, capacity or actual)',
      'Row 3, column "measure": capacity is per resource: put capacity rows in a file with a "resource" column',
      'Row 4, column "measure": the measure is empty',
      'Rows 5 and 6, column "month": Supply of Cordless drills, 2027-01 is given on more than one row: keep one of these rows',
    ]);
    const resources = preview('resource,measure,2027-01\nL1,Demand,1\nL1,Capacity,2\nL1,Load,3');
    expect(problems(resources)).toEqual([
      'Row 2, column "measure": Demand is per family: put these rows in a file with a "family" column',
    ]);
    expect(changes(resources)).toEqual(['capacity L1 2027-01 400->2 @3']);
    expect(resources.computedRows).toBe(1);
  });

  it('checks each row’s months against its own measure', () => {
    const result = preview('family,measure,2026-12,2027-01\nD1,Actual,98,\nD1,Demand,5,');
    expect(problems(result)).toEqual([
      'Row 3, column "2026-12": 2026-12 is outside the plan\'s horizon (2027-01 to 2027-03)',
    ]);
    expect(changes(result)).toEqual(['actual D1 2026-12 99->98 @2']);
  });
});

describe('each problem once, with every row it affects', () => {
  /** A year of months from 2027-01, and a plan whose horizon is that year. */
  const year = Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, '0')}`);
  function yearPlan(): Plan {
    return { ...smallPlan(), periods: year };
  }

  it('names a family row given three times once, with its rows, not once per month', () => {
    const row = (family: string, base: number) =>
      [family, ...year.map((_, i) => String(base + i))].join(',');
    const lines = ['family,' + year.join(','), row('D1', 1), row('S1', 50)];
    lines.push(row('Circular saws', 60), row('D1', 5), row('circular saws', 70));
    const result = preview(lines.join('\n'), 'demand', yearPlan());
    expect(problems(result)).toEqual([
      'Rows 2 and 5: Cordless drills, 2027-01 to 2027-12 are given on more than one row: keep one of these rows',
      'Rows 3, 4 and 6: Circular saws, 2027-01 to 2027-12 are given on more than one row: keep one of these rows',
    ]);
    expect(result.errors.map((error) => error.rows)).toEqual([
      [2, 5],
      [3, 4, 6],
    ]);
    // Every row of a cell given twice is left out, the first one too.
    expect(result.changes).toEqual([]);
    expect(result.unchanged).toBe(0);
    expect(result.skippedRows).toBe(5);
  });

  it('names one cell of a long file given on rows 4, 9 and 18 once', () => {
    const lines = ['family,month,value'];
    for (let line = 2; line <= 19; line++) {
      const repeated = line === 4 || line === 9 || line === 18;
      lines.push(repeated ? `S1,2027-03,${line}` : `D1,${year[line % 3]},${line}`);
    }
    const result = preview(lines.join('\n'));
    const repeated = problems(result).filter((text) => text.includes('Circular saws'));
    expect(repeated).toEqual([
      'Rows 4, 9 and 18, column "month": Circular saws, 2027-03 is given on more than one row: keep one of these rows',
    ]);
    expect(result.changes.some((change) => change.id === 'S1')).toBe(false);
  });

  it('groups months given twice by the rows that give them', () => {
    const result = preview(
      'family,measure,month,value\nD1,supply,2027-01,1\nD1,supply,2027-03,1\nD1,supply,2027-01,2\nD1,supply,2027-03,2\nD1,demand,2027-01,4',
    );
    expect(problems(result)).toEqual([
      'Rows 2 and 4, column "month": Supply of Cordless drills, 2027-01 is given on more than one row: keep one of these rows',
      'Rows 3 and 5, column "month": Supply of Cordless drills, 2027-03 is given on more than one row: keep one of these rows',
    ]);
    expect(changes(result)).toEqual(['demand D1 2027-01 100->4 @6']);
  });

  it('reports the same problem on many rows once, listing the rows', () => {
    const lines = ['family,month,value'];
    for (let i = 0; i < 14; i++) lines.push(`Hammer drills,2027-0${(i % 3) + 1},${i}`);
    lines.push('D1,2029-01,1', 'S1,2029-01,2');
    const result = preview(lines.join('\n'));
    expect(problems(result)).toEqual([
      'Rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 4 more, column "family": "Hammer drills" is not a family of this plan (use its id or its exact name)',
      'Rows 16 and 17, column "month": 2029-01 is outside the plan\'s horizon (2027-01 to 2027-03)',
    ]);
    expect(result.errors[0].rows).toHaveLength(14);
    expect(result.skippedRows).toBe(16);
  });

  it('refuses a short or a long row, naming the row and the fields expected and found', () => {
    const result = preview(
      'family,2027-01,2027-02,2027-03\nD1,1,2,3\nS1,4\nD1\nS1,5,6,7,8\n',
      'supply',
    );
    expect(problems(result)).toEqual([
      'Row 3: this row has 2 values but the header has 4 columns: give every column its value, or leave it empty between delimiters',
      'Row 4: this row has 1 value but the header has 4 columns: give every column its value, or leave it empty between delimiters',
      'Row 5: this row has 5 values but the header has 4 columns (a comma inside a number or a name splits it: write numbers without commas, put names in quotes)',
    ]);
    expect(changes(result)).toEqual([
      'supply D1 2027-01 90->1 @2',
      'supply D1 2027-02 -->2 @2',
      'supply D1 2027-03 -->3 @2',
    ]);
    // A long file's row without its value is short too, not a change to nothing.
    expect(problems(preview('family,month,value\nD1,2027-02'))).toEqual([
      'Row 2: this row has 2 values but the header has 3 columns: give every column its value, or leave it empty between delimiters',
    ]);
    // Trailing columns without a header may be missing: a spreadsheet's trailing commas.
    expect(preview('family,2027-01,2027-02,,\nD1,7,8').errors).toEqual([]);
  });
});

describe('a large file', () => {
  it('previews 200,000 cells of both layouts correctly', () => {
    const plan = generateDemoPlan({ families: 5000, periods: 40, resources: 1, seed: 3 });
    const wide = [
      ['family', ...plan.periods].join(','),
      ...plan.families.map((family, i) =>
        [family.id, ...plan.periods.map((_, j) => String((i * 7 + j) % 1000))].join(','),
      ),
    ].join('\n');
    const wideResult = previewCsvImport(wide, { measure: 'supply', plan });
    expect(wideResult.errors).toEqual([]);
    expect(wideResult.changes.length + wideResult.unchanged).toBe(200_000);
    const last = wideResult.changes[wideResult.changes.length - 1];
    expect(last).toMatchObject({ id: plan.families[4999].id, month: plan.periods[39] });
    expect(last.after).toBe((4999 * 7 + 39) % 1000);
    expect(last.row).toBe(5001);
    for (const change of wideResult.changes.slice(0, 1000)) {
      expect(change.before).toBe(plan.supply[change.id]?.[change.month] ?? null);
    }

    // The same cells one per row, with a bad one near the end.
    const lines = ['family,month,value'];
    plan.families.forEach((family, i) =>
      plan.periods.forEach((month, j) =>
        lines.push(`"${family.name.replace(/"/g, '""')}",${month},${(i + j) % 50}`),
      ),
    );
    lines[199_990] = `${plan.families[4999].id},2027-13,1`;
    const longResult = previewCsvImport(lines.join('\r\n'), { measure: 'demand', plan });
    expect(problems(longResult)).toEqual([
      'Row 199991, column "month": "2027-13" is not a month (use YYYY-MM)',
    ]);
    expect(longResult.changes.length + longResult.unchanged).toBe(199_999);
  });
});

describe('exported files import again unchanged', () => {
  const plan = generateDemoPlan({ families: 6, periods: 12, resources: 3, seed: 21 });
  const result = reconcile(plan);
  const cells = plan.families.length * plan.periods.length;

  it('writes numbers plainly, never with an exponent or grouping', () => {
    expect(plainNumber(1234.5)).toBe('1234.5');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1.5e-7)).toBe('0.00000015');
    expect(plainNumber(null)).toBe('');
    expect(readQuantity(plainNumber(0.1 + 0.2))).toEqual({ ok: true, value: 0.1 + 0.2 });
  });

  it('each input, as a file of its own', () => {
    for (const measure of GRID_NAMES) {
      const file = inputCsv(plan, measure);
      expect(file.name).toBe(`${measure}-${plan.cycle}.csv`);
      expect(file.text.startsWith('\uFEFF')).toBe(true);
      const check = previewCsvImport(file.text, { measure, plan });
      expect(check.errors).toEqual([]);
      expect(check.changes).toEqual([]);
      const rows = measure === 'capacity' ? plan.resources.length : plan.families.length;
      expect(check.unchanged).toBe(rows * plan.periods.length);
    }
    const actuals = inputCsv(plan, 'actual');
    expect(actuals.name).toBe(`actuals-${plan.cycle}.csv`);
    const points = Object.values(plan.history).flatMap((months) =>
      Object.values(months).filter((point) => point.actual !== undefined),
    );
    const check = previewCsvImport(actuals.text, { measure: 'actual', plan });
    expect(check.errors).toEqual([]);
    expect(check.changes).toEqual([]);
    expect(check.unchanged).toBe(points.length);
  });

  it('the family plan and capacity grids: inputs read, computed rows left out', () => {
    const family = previewCsvImport(familyPlanCsv(result).text, { measure: 'demand', plan });
    expect(family.measure).toBe('file');
    expect(family.errors).toEqual([]);
    expect(family.changes).toEqual([]);
    expect(family.unchanged).toBe(cells * 3);
    expect(family.computedRows).toBe(plan.families.length * 7);

    const capacity = previewCsvImport(capacityCsv(result).text, { measure: 'demand', plan });
    expect(capacity.errors).toEqual([]);
    expect(capacity.changes).toEqual([]);
    expect(capacity.unchanged).toBe(plan.resources.length * plan.periods.length);
    expect(capacity.computedRows).toBe(plan.resources.length * 2);

    // An edited family plan imports its edit, and only that.
    const [header, first, ...rest] = familyPlanCsv(result).text.split('\r\n');
    const edited = first.split(',');
    edited[3] = '4321';
    const text = [header, edited.join(','), ...rest].join('\r\n');
    const change = previewCsvImport(text, { measure: 'demand', plan });
    expect(change.changes.map((c) => [c.grid, c.id, c.month, c.after])).toEqual([
      ['demand', plan.families[0].id, plan.periods[0], 4321],
    ]);
  });

  it('the family setup and the plan file', () => {
    const setup = familySetupCsv(plan)
      .text.replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(setup[0]).toBe(
      [
        'family',
        'name',
        'Price',
        'Unit cost',
        'Opening inventory',
        'Safety stock',
        'Max cover',
        'Minimum supply',
        'Maximum supply',
        ...plan.resources.map((resource) => `Hours per unit on ${resource.name}`),
      ]
        .map((field) => (field.includes(',') ? `"${field}"` : field))
        .join(','),
    );
    expect(setup).toHaveLength(plan.families.length + 2);
    const file = planFile(plan);
    expect(file.name).toBe(`plan-${plan.cycle}.json`);
    const parsed = parsePlan(JSON.parse(file.text));
    expect(parsed.ok && parsed.plan).toEqual(plan);
  });
});

describe('importing demand where functions adjusted it', () => {
  const adjusted = (): Plan => ({
    ...smallPlan(),
    // The plan uses the consensus: baseline 100 + sales 20.
    demand: { D1: { '2027-01': 120, '2027-02': 110 }, S1: { '2027-01': 50 } },
    demandStreams: {
      streams: ['sales', 'marketing'],
      baseline: { D1: { '2027-01': 100 } },
      adjustments: {
        D1: { '2027-01': { sales: { amount: 20, author: 'Sam', reason: 'customer order' } } },
      },
      overrides: {},
    },
  });

  it('takes the consensus unchanged, so a file exported and read back changes nothing', () => {
    const result = preview('family,2027-01,2027-02\nD1,120,110\n', 'demand', adjusted());
    expect(result.errors).toEqual([]);
    expect(result.changes).toEqual([]);
  });

  it('leaves out a row that would change an adjusted month, saying where to change it', () => {
    const result = preview('family,2027-01,2027-02\nD1,150,115\nS1,60,\n', 'demand', adjusted());
    expect(result.errors.map(describeCsvProblem)).toEqual([
      "Row 2: demand of Cordless drills, 2027-01 is a consensus of adjusted streams: change it in the cell's breakdown, with a stream and a reason",
    ]);
    expect(result.changes.map((change) => change.id)).toEqual(['S1']);
  });
});
