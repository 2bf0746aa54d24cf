import type { Plan, Reconciliation } from '../../../shared/engine/index.ts';
import { IMPORT_MEASURE_LABEL, type ImportMeasure } from '../../../shared/import/csv-plan.ts';
import { csvText, type CsvCell } from '../../../shared/import/csv-write.ts';
import { FAMILY_MEASURES, RESOURCE_MEASURES } from './plan-cells.ts';
import { setupColumnLabel, setupColumns, setupValue } from '../state/plan-grid-models.svelte.ts';
import { FAMILY_STATUS_WORDS } from '../../../shared/vocabulary/index.ts';
import { downloadText } from './download.ts';

/**
 * The plan's files for download: the plan file (format v1) and CSV of each grid. CSV
 * numbers are plain (`1234.5`: no grouping, a `.` before decimals, full precision), so a
 * file imports again exactly: an exported input changes nothing when imported back.
 * Every file goes through `csvText` (shared/import/csv-write.ts): a text cell starting
 * with `=`, `+`, `-` or `@` is escaped so a spreadsheet never runs it as a formula;
 * numbers are passed as numbers, so a negative value such as -12 stays a number.
 */

/** A file to download: its name, type and text. */
export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

export { plainNumber } from '../../../shared/import/csv-write.ts';

/** CSV text of these rows: text cells escaped against formulas, numbers kept as numbers. */
function csv(rows: CsvCell[][]): string {
  return csvText(rows);
}

/** The plan file (format version 1) as JSON: the open format of the plan's inputs. */
export function planFile(plan: Plan): ExportFile {
  return {
    name: `plan-${plan.cycle}.json`,
    type: 'application/json',
    text: `${JSON.stringify(plan, null, 2)}\n`,
  };
}

/**
 * The family plan as the grid shows it: per family, every measure row (the inputs and
 * what the plan computes from them), months across. Imports again: the input rows
 * (demand, supply, budget) are read, the computed ones left out.
 */
export function familyPlanCsv(result: Reconciliation): ExportFile {
  const rows: CsvCell[][] = [['family', 'name', 'measure', ...result.periods]];
  for (const family of result.families) {
    for (const measure of FAMILY_MEASURES) {
      const cells = family.rows.map((row) => {
        switch (measure.id) {
          case 'status':
            return FAMILY_STATUS_WORDS[row.status].label;
          case 'cover':
            return row.cover;
          case 'budgetGap':
            return row.budgetGap ?? '';
          default:
            return row[measure.id];
        }
      });
      rows.push([family.id, family.name, measure.label, ...cells]);
    }
  }
  return { name: `family-plan-${result.cycle}.csv`, type: 'text/csv', text: csv(rows) };
}

/** Capacity by resource and month, with load and utilization (load over capacity, a ratio). */
export function capacityCsv(result: Reconciliation): ExportFile {
  const rows: CsvCell[][] = [['resource', 'name', 'measure', ...result.periods]];
  for (const resource of result.resources) {
    for (const measure of RESOURCE_MEASURES) {
      rows.push([
        resource.id,
        resource.name,
        measure.label,
        ...resource.rows.map((row) => row[measure.id]),
      ]);
    }
  }
  return { name: `capacity-${result.cycle}.csv`, type: 'text/csv', text: csv(rows) };
}

/** The family setup: price, unit cost, opening inventory, safety stock, max cover, loads. */
export function familySetupCsv(plan: Plan): ExportFile {
  const columns = setupColumns(plan);
  const rows: CsvCell[][] = [['family', 'name', ...columns.map(setupColumnLabel)]];
  for (const family of plan.families) {
    rows.push([
      family.id,
      family.name,
      ...columns.map((column) => setupValue(plan, family.id, column)),
    ]);
  }
  return { name: `family-setup-${plan.cycle}.csv`, type: 'text/csv', text: csv(rows) };
}

/**
 * One input as the importer reads it: a row per family (per resource for capacity),
 * a column per month. Demand, supply, budget and capacity cover the horizon (an empty
 * cell is 0 in the plan, and written so); actuals cover the months of history, and a
 * month with no actual stays empty.
 */
export function inputCsv(plan: Plan, measure: ImportMeasure): ExportFile {
  const file = `${measure === 'actual' ? 'actuals' : measure}-${plan.cycle}.csv`;
  if (measure === 'actual') {
    const months = [
      ...new Set(Object.values(plan.history).flatMap((points) => Object.keys(points))),
    ].sort();
    const rows: CsvCell[][] = [['family', 'name', ...months]];
    for (const family of plan.families) {
      const points = plan.history[family.id] ?? {};
      rows.push([family.id, family.name, ...months.map((month) => points[month]?.actual)]);
    }
    return { name: file, type: 'text/csv', text: csv(rows) };
  }
  const subjects = measure === 'capacity' ? plan.resources : plan.families;
  const rows: CsvCell[][] = [
    [measure === 'capacity' ? 'resource' : 'family', 'name', ...plan.periods],
  ];
  for (const subject of subjects) {
    const cells = plan[measure][subject.id] ?? {};
    rows.push([subject.id, subject.name, ...plan.periods.map((month) => cells[month] ?? 0)]);
  }
  return { name: file, type: 'text/csv', text: csv(rows) };
}

/** What each input's file is called in the export menu. */
export function inputFileLabel(measure: ImportMeasure): string {
  return `${IMPORT_MEASURE_LABEL[measure]} (CSV)`;
}

/** Hands a file to the browser's downloads. */
export function download(file: ExportFile): void {
  downloadText(file.name, file.text, `${file.type};charset=utf-8`);
}
