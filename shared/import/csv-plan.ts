// One piece over 400 lines: the preview and its row checker share the column layout, the
// subject finder and the first-seen index of every cell, and change together with the format.
import { monthOrdinal, type DemandStreams, type Grid, type Month } from '../engine/index.ts';
import { readCsv, type CsvRow } from './csv-rows.ts';
import { clip, columnLetter, monthProblem, readQuantity } from './csv-values.ts';
import { unescapeCsvText } from './csv-write.ts';
import { FAMILY_MEASURES, RESOURCE_MEASURES } from './plan-measures.ts';
import { GRID_NAMES } from '../schema/grids.ts';

/**
 * CSV import of plan numbers with a preview: what a file would change in the plan, and
 * every problem in it named by row and column, before anything is written. Pure: text
 * and the plan in, a preview out.
 *
 * Two layouts, told apart by the header:
 * - long, one row per cell: `family,month,value` (`resource,month,value` for capacity);
 * - wide, one row per family (or resource): `family,2027-01,2027-02,...`.
 * Header names are read without regard to case. A family or resource is named by its id
 * or its exact name. An optional `measure` column names each row's measure, so one file
 * can fill several (an exported family plan imports again: its computed rows, such as
 * projected inventory, are left out), and an optional `name` column is for people only.
 */

/** The measures a file can fill: the plan's inputs per month, and actuals (history). */
export const IMPORT_MEASURES = [...GRID_NAMES, 'actual'] as const;
/** A measure a file can fill. */
export type ImportMeasure = (typeof IMPORT_MEASURES)[number];

/** How a measure reads on the page. */
export const IMPORT_MEASURE_LABEL: Record<ImportMeasure, string> = {
  demand: 'Demand',
  supply: 'Supply',
  budget: 'Budget',
  capacity: 'Capacity',
  actual: 'Actuals',
};

/**
 * Rows the plan computes, as an exported plan names them in its measure column: an
 * import leaves them out (the plan computes them again from its inputs).
 */
export const COMPUTED_MEASURES: readonly string[] = [...FAMILY_MEASURES, ...RESOURCE_MEASURES]
  .filter((measure) => !('grid' in measure))
  .map((measure) => measure.label);

/** What the preview reads of the plan: its months, families, resources and current values. */
export interface ImportPlanData {
  periods: readonly Month[];
  families: readonly { id: string; name: string }[];
  resources: readonly { id: string; name: string }[];
  demand: Grid;
  supply: Grid;
  budget: Grid;
  capacity: Grid;
  history: Record<string, Record<Month, { actual?: number }>>;
  /**
   * How demand was built where functions adjusted it: there the demand is a consensus of
   * streams, which a file's number cannot change (it names no stream and no reason).
   */
  demandStreams?: Pick<DemandStreams, 'adjustments' | 'overrides'>;
}

/** The layout of a file: one row per cell (long) or one column per month (wide). */
export type CsvLayout = 'long' | 'wide';

/** A cell the import would change. */
export interface CsvChange {
  grid: ImportMeasure;
  /** The family's or resource's id. */
  id: string;
  name: string;
  month: Month;
  /** The value now; null when the cell is empty. */
  before: number | null;
  after: number;
  /** The line of the file the value is on. */
  row: number;
}

/** A problem in the file, where a person finds it: once, with every row it affects. */
export interface CsvProblem {
  /** 1-based line of the file where it is first seen; the header is line 1. */
  row: number;
  /** Every line it affects, ascending; `row` is the first. */
  rows: number[];
  /** The column's header, or its letter when it has none; null for the whole row. */
  column: string | null;
  message: string;
}

/** What importing a file would do. */
export interface CsvPreview {
  /** Null when the header could not be read. */
  layout: CsvLayout | null;
  /** The measure chosen, or `file` when a measure column names each row's. */
  measure: ImportMeasure | 'file';
  /** Cells that change, in file order; only from rows without problems. */
  changes: CsvChange[];
  /** Cells of rows without problems whose value is already in the plan. */
  unchanged: number;
  /** Every problem once, header first, then by first row; a row with one is left out whole. */
  errors: CsvProblem[];
  /** Rows below the header left out because they have a problem. */
  skippedRows: number;
  /** Rows of computed measures (projected inventory ...) that are left out. */
  computedRows: number;
  /** Rows below the header. */
  rows: number;
}

/** A cell write of an import, as `importCells` takes it. */
export interface CsvWrite {
  grid: ImportMeasure;
  id: string;
  month: Month;
  value: number;
}

/**
 * `Row 7, column "month": "2027-13" is not a month (use YYYY-MM)`, or
 * `Rows 4, 9 and 18, column "family": ...` for a problem on several rows.
 */
export function describeCsvProblem(problem: CsvProblem): string {
  const where = `${problem.rows.length > 1 ? 'Rows' : 'Row'} ${describeCsvRows(problem.rows)}`;
  return problem.column === null
    ? `${where}: ${problem.message}`
    : `${where}, column "${problem.column}": ${problem.message}`;
}

/** The most rows a problem lists by number; the rest are counted. */
const ROWS_LISTED = 10;

/** `4`, `4 and 9`, `4, 9 and 18`; past ten rows, `2, 3, ... 11 and 4,990 more`. */
export function describeCsvRows(rows: readonly number[]): string {
  if (rows.length > ROWS_LISTED) {
    const more = (rows.length - ROWS_LISTED).toLocaleString('en');
    return `${rows.slice(0, ROWS_LISTED).join(', ')} and ${more} more`;
  }
  return rows.length === 1
    ? String(rows[0])
    : `${rows.slice(0, -1).join(', ')} and ${rows[rows.length - 1]}`;
}

/** The writes that import a preview's changes. */
export function csvWrites(preview: CsvPreview): CsvWrite[] {
  return preview.changes.map(({ grid, id, month, after }) => ({ grid, id, month, value: after }));
}

type Subject = { id: string; name: string };
type SubjectKind = 'family' | 'resource';
type ColumnRole = 'subject' | 'measure' | 'month' | 'value' | 'name';

const COLUMN_ROLES = new Map<string, ColumnRole>([
  ['family', 'subject'],
  ['resource', 'subject'],
  ['measure', 'measure'],
  ['month', 'month'],
  ['value', 'value'],
  ['name', 'name'],
]);
const MEASURE_NAMES = new Map<string, ImportMeasure>([
  ...IMPORT_MEASURES.map((measure) => [measure, measure] as const),
  ['actuals', 'actual'],
]);
const COMPUTED = new Set(COMPUTED_MEASURES.map((name) => name.toLowerCase()));

/**
 * What importing `text` into `measure` (or the measures its measure column names) would
 * change in `plan`, and every problem found. Checks: the header (a family or resource
 * column, months written YYYY-MM), unknown families and resources, months that are not
 * months or fall outside the horizon (actuals: any month up to the plan's last), values
 * that are not numbers or are negative, an empty value in a one-row-per-cell file, and
 * the same cell twice. Empty cells of a wide file change nothing. A row with a problem
 * is left out whole, so importing "only the valid rows" never takes half a row.
 */
export function previewCsvImport(
  text: string,
  options: { measure: ImportMeasure; plan: ImportPlanData },
): CsvPreview {
  const preview: CsvPreview = {
    layout: null,
    measure: options.measure,
    changes: [],
    unchanged: 0,
    errors: [],
    skippedRows: 0,
    computedRows: 0,
    rows: 0,
  };
  let checker: RowChecker | null = null;
  let hasHeader = false;
  readCsv(text, (row, state) => {
    if (hasHeader) {
      preview.rows++;
      checker?.check(row);
      return;
    }
    hasHeader = true;
    checker = RowChecker.fromHeader(row, state.delimiter, options, preview);
    // A header that cannot be read leaves nothing to check below it.
    if (!checker) state.abort();
  });
  (checker as RowChecker | null)?.finish();
  if (!hasHeader) {
    preview.errors.push({
      row: 1,
      rows: [1],
      column: null,
      message:
        'the file is empty: it needs a header row (family, then months) and a row per family',
    });
  }
  return preview;
}

/** The columns of a file as its header names them. */
interface Columns {
  header: string[];
  subject: number;
  subjectKind: SubjectKind;
  /** -1 when the file has none. */
  measure: number;
  /** Long layout: the month and value columns; -1 in a wide file. */
  month: number;
  value: number;
  /** Wide layout: the month columns that passed the header checks. */
  months: { index: number; month: Month; ordinal: number }[];
  /** Columns with no header: fine while empty (a spreadsheet's trailing commas). */
  blank: number[];
  /** The fields a row must have: up to the last column with a header. */
  named: number;
}

/** A cell given on more than one row. */
interface Duplicate {
  grid: ImportMeasure;
  subject: Subject;
  month: Month;
  ordinal: number;
  column: number;
  rows: number[];
}

/**
 * Checks the rows of a file below its header and adds what they change to the preview.
 * Made once per file; the per-row work allocates little, as files run to 200,000 cells.
 */
class RowChecker {
  readonly #columns: Columns;
  readonly #preview: CsvPreview;
  readonly #plan: ImportPlanData;
  readonly #measure: ImportMeasure;
  readonly #findSubject: (text: string) => Subject | string;
  readonly #horizon: Set<Month>;
  readonly #lastOrdinal: number;
  readonly #tooManyHint: string;
  /** Where each cell was first seen: by grid, subject, then month ordinal -> line. */
  readonly #seen = IMPORT_MEASURES.map(() => new Map<Subject, Map<number, number>>());
  /** Cells given on more than one row, by grid, subject and month ordinal. */
  readonly #duplicates = new Map<string, Duplicate>();
  /** The problems of the rows, once each: by column and message. */
  readonly #problems = new Map<string, CsvProblem>();
  /** Rows left out for a problem. */
  readonly #skipped = new Set<number>();
  /** Cells already in the plan, by row: a row left out later no longer counts them. */
  readonly #unchangedByRow = new Map<number, number>();
  /** A long file's month texts, read once each: the month's ordinal, or why it is not one. */
  readonly #monthTexts = new Map<string, number | string>();
  // A row's readable cells, reused from row to row.
  readonly #cellMonths: Month[] = [];
  readonly #cellOrdinals: number[] = [];
  readonly #cellValues: number[] = [];
  readonly #cellColumns: number[] = [];
  #cells = 0;

  private constructor(
    columns: Columns,
    delimiter: string,
    options: { measure: ImportMeasure; plan: ImportPlanData },
    preview: CsvPreview,
  ) {
    this.#columns = columns;
    this.#preview = preview;
    this.#plan = options.plan;
    this.#measure = options.measure;
    this.#findSubject = subjectFinder(
      columns.subjectKind === 'family' ? options.plan.families : options.plan.resources,
      columns.subjectKind,
    );
    this.#horizon = new Set(options.plan.periods);
    const last = options.plan.periods[options.plan.periods.length - 1];
    this.#lastOrdinal = last ? monthOrdinal(last) : -Infinity;
    this.#tooManyHint =
      delimiter === ','
        ? ' (a comma inside a number or a name splits it: write numbers without commas, put names in quotes)'
        : '';
  }

  /**
   * Reads the header: which column is what, the layout, the month columns. Adds its
   * problems to the preview; returns null when the rows below cannot be read at all.
   */
  static fromHeader(
    row: CsvRow,
    delimiter: string,
    options: { measure: ImportMeasure; plan: ImportPlanData },
    preview: CsvPreview,
  ): RowChecker | null {
    const header = row.fields.map((field) => field.trim());
    const problem = (column: number | null, message: string) =>
      preview.errors.push({
        row: row.line,
        rows: [row.line],
        column: columnName(header, column),
        message,
      });
    for (const message of row.problems) problem(null, message);

    const roles: Record<ColumnRole, number> = {
      subject: -1,
      measure: -1,
      month: -1,
      value: -1,
      name: -1,
    };
    const others: number[] = [];
    const blank: number[] = [];
    header.forEach((field, index) => {
      const key = field.toLowerCase();
      const role = COLUMN_ROLES.get(key);
      if (!field) blank.push(index);
      else if (role === undefined) others.push(index);
      else if (roles[role] !== -1) {
        problem(
          index,
          role === 'subject'
            ? `the file already has a "${header[roles.subject]}" column: a file lists families or resources, not both`
            : `the file has two "${key}" columns`,
        );
      } else roles[role] = index;
    });
    if (roles.subject === -1) {
      problem(
        0,
        `the file needs a "family" column (or "resource" for capacity) holding each row's id or name; found ${header[0] ? `"${clip(header[0])}"` : 'no header'}`,
      );
      return null;
    }
    const subjectKind = header[roles.subject].toLowerCase() as SubjectKind;
    const hasMeasureColumn = roles.measure !== -1;
    if (hasMeasureColumn) preview.measure = 'file';
    else if ((options.measure === 'capacity') !== (subjectKind === 'resource')) {
      problem(
        roles.subject,
        options.measure === 'capacity'
          ? 'capacity is per resource: name this column "resource" and list resources'
          : `${IMPORT_MEASURE_LABEL[options.measure]} is per family: name this column "family" and list families`,
      );
      return null;
    }
    const columns: Columns = {
      header,
      subject: roles.subject,
      subjectKind,
      measure: roles.measure,
      month: roles.month,
      value: roles.value,
      months: [],
      blank,
      named: header.length - trailingBlanks(header),
    };
    const checker = new RowChecker(columns, delimiter, options, preview);

    if (roles.month !== -1 || roles.value !== -1) {
      preview.layout = 'long';
      if (roles.month === -1 || roles.value === -1) {
        const has = roles.month === -1 ? 'value' : 'month';
        problem(
          roles[has],
          `a file with a "${has}" column needs a "${has === 'value' ? 'month' : 'value'}" column too`,
        );
        return null;
      }
      for (const index of others) {
        problem(
          index,
          `this column is not one Fulcrum reads: a file with one row per cell has the columns ${subjectKind}, month and value (and optionally measure and name)`,
        );
      }
      return checker;
    }

    preview.layout = 'wide';
    if (others.length === 0) {
      problem(
        null,
        `the file has no month columns: give one column per month (YYYY-MM) after "${header[roles.subject]}", or the columns month and value`,
      );
      return null;
    }
    const byMonth = new Map<Month, number>();
    for (const index of others) {
      const field = header[index];
      const notMonth = monthProblem(field);
      if (notMonth) problem(index, notMonth);
      else if (byMonth.has(field)) {
        problem(
          index,
          `${field} is already column "${columnName(header, byMonth.get(field)!)}": each month once`,
        );
      } else {
        byMonth.set(field, index);
        // With a measure column, each row's measure decides; see check().
        const outside = hasMeasureColumn ? null : checker.#rangeProblem(options.measure, field);
        if (outside) problem(index, outside);
        else columns.months.push({ index, month: field, ordinal: monthOrdinal(field) });
      }
    }
    return checker;
  }

  /** Checks one row below the header; a row without problems adds its changes. */
  check(row: CsvRow): void {
    const { line, fields } = row;
    const columns = this.#columns;
    const preview = this.#preview;
    const skippedBefore = this.#skipped.size;
    for (const message of row.problems) this.#problem(line, null, message);
    if (
      fields.length > columns.header.length &&
      fields.slice(columns.header.length).some((field) => field.trim() !== '')
    ) {
      this.#problem(
        line,
        null,
        `this row has ${fields.length} values but the header has ${columns.header.length} columns${this.#tooManyHint}`,
      );
      return;
    }
    // An unclosed quote takes the rest of the row: its problem says so already.
    if (fields.length < columns.named && row.problems.length === 0) {
      this.#problem(
        line,
        null,
        `this row has ${fields.length} ${fields.length === 1 ? 'value' : 'values'} but the header has ${columns.named} columns: give every column its value, or leave it empty between delimiters`,
      );
      return;
    }

    for (const index of columns.blank) {
      if (fields[index]?.trim()) {
        this.#problem(
          line,
          index,
          `this value is in a column with no header: name the column (${columns.month === -1 ? 'with its month, YYYY-MM' : 'family, month or value'})`,
        );
      }
    }

    let grid: ImportMeasure | null = this.#measure;
    if (columns.measure !== -1) {
      const text = (fields[columns.measure] ?? '').trim();
      const key = text.toLowerCase();
      if (COMPUTED.has(key)) {
        preview.computedRows++;
        return;
      }
      grid = MEASURE_NAMES.get(key) ?? null;
      if (grid === null) {
        this.#problem(
          line,
          columns.measure,
          text
            ? `"${clip(text)}" is not a measure Fulcrum imports (use demand, supply, budget, capacity or actual)`
            : 'the measure is empty',
        );
      } else if ((grid === 'capacity') !== (columns.subjectKind === 'resource')) {
        this.#problem(
          line,
          columns.measure,
          grid === 'capacity'
            ? 'capacity is per resource: put capacity rows in a file with a "resource" column'
            : `${IMPORT_MEASURE_LABEL[grid]} is per family: put these rows in a file with a "family" column`,
        );
        grid = null;
      }
    }

    // An exported id or name starting with = + - @ carries a leading ' (see csv-write.ts).
    const subjectText = unescapeCsvText((fields[columns.subject] ?? '').trim());
    let subject: Subject | null = null;
    if (!subjectText) this.#problem(line, columns.subject, `the ${columns.subjectKind} is empty`);
    else {
      const found = this.#findSubject(subjectText);
      if (typeof found === 'string') this.#problem(line, columns.subject, found);
      else subject = found;
    }

    this.#cells = 0;
    if (columns.month !== -1) this.#readLongCell(line, fields, grid);
    else this.#readWideCells(line, fields, grid);
    if (!subject || !grid) return;

    const cellMonths = this.#cellMonths;
    const cellOrdinals = this.#cellOrdinals;
    const seenOfGrid = this.#seen[IMPORT_MEASURES.indexOf(grid)];
    let seenMonths = seenOfGrid.get(subject);
    if (!seenMonths) seenOfGrid.set(subject, (seenMonths = new Map()));
    for (let i = 0; i < this.#cells; i++) {
      const earlier = seenMonths.get(cellOrdinals[i]);
      if (earlier === undefined) seenMonths.set(cellOrdinals[i], line);
      else this.#duplicate(grid, subject, i, earlier, line);
    }
    if (this.#skipped.size !== skippedBefore) return;

    const planRow = grid === 'actual' ? undefined : this.#plan[grid][subject.id];
    const historyRow = grid === 'actual' ? this.#plan.history[subject.id] : undefined;
    const adjusted = grid === 'demand' ? this.#adjustedChange(subject, planRow) : null;
    if (adjusted) {
      this.#problem(
        line,
        null,
        `demand of ${subject.name}, ${adjusted} is a consensus of adjusted streams: change it in the cell's breakdown, with a stream and a reason`,
      );
      return;
    }
    for (let i = 0; i < this.#cells; i++) {
      const month = cellMonths[i];
      const value = this.#cellValues[i];
      const before = (grid === 'actual' ? historyRow?.[month]?.actual : planRow?.[month]) ?? null;
      // A plan cell that is empty counts as 0; an actual that is empty is no data.
      if (before === value || (before === null && value === 0 && grid !== 'actual')) {
        preview.unchanged++;
        this.#unchangedByRow.set(line, (this.#unchangedByRow.get(line) ?? 0) + 1);
      } else {
        preview.changes.push({
          grid,
          id: subject.id,
          name: subject.name,
          month,
          before,
          after: value,
          row: line,
        });
      }
    }
  }

  /** The first month of the row's cells that changes a demand functions adjusted; null if none. */
  #adjustedChange(subject: Subject, planRow: Record<Month, number> | undefined): Month | null {
    const streams = this.#plan.demandStreams;
    if (!streams) return null;
    for (let i = 0; i < this.#cells; i++) {
      const month = this.#cellMonths[i];
      const byStream = streams.adjustments[subject.id]?.[month];
      const isAdjusted =
        (byStream !== undefined && Object.keys(byStream).length > 0) ||
        streams.overrides[subject.id]?.[month] !== undefined;
      if (isAdjusted && (planRow?.[month] ?? 0) !== this.#cellValues[i]) return month;
    }
    return null;
  }

  #readLongCell(line: number, fields: string[], grid: ImportMeasure | null): void {
    const columns = this.#columns;
    const month = (fields[columns.month] ?? '').trim();
    const valueText = (fields[columns.value] ?? '').trim();
    let ordinal = this.#monthTexts.get(month);
    if (ordinal === undefined) {
      ordinal = month ? (monthProblem(month) ?? monthOrdinal(month)) : 'the month is empty';
      this.#monthTexts.set(month, ordinal);
    }
    const notMonth = typeof ordinal === 'string' ? ordinal : null;
    const outside = notMonth || grid === null ? null : this.#rangeProblem(grid, month);
    if (notMonth || outside) this.#problem(line, columns.month, (notMonth ?? outside)!);
    if (!valueText) {
      this.#problem(line, columns.value, 'the value is empty');
      return;
    }
    const value = readQuantity(valueText);
    if (!value.ok) this.#problem(line, columns.value, value.message);
    else if (typeof ordinal === 'number' && !outside) {
      this.#addCell(month, ordinal, value.value, columns.month);
    }
  }

  #readWideCells(line: number, fields: string[], grid: ImportMeasure | null): void {
    const byRow = this.#columns.measure !== -1 && grid !== null;
    for (const { index, month, ordinal } of this.#columns.months) {
      const text = fields[index];
      if (text === undefined || text === '') continue;
      const trimmed = text.trim();
      if (trimmed === '') continue;
      const outside = byRow ? this.#rangeProblem(grid, month) : null;
      const value = readQuantity(trimmed);
      if (outside) this.#problem(line, index, outside);
      else if (!value.ok) this.#problem(line, index, value.message);
      else this.#addCell(month, ordinal, value.value, index);
    }
  }

  #addCell(month: Month, ordinal: number, value: number, column: number): void {
    const at = this.#cells++;
    this.#cellMonths[at] = month;
    this.#cellOrdinals[at] = ordinal;
    this.#cellValues[at] = value;
    this.#cellColumns[at] = column;
  }

  /** Why a month cannot take a measure's value; null when it can. */
  #rangeProblem(grid: ImportMeasure, month: Month): string | null {
    const periods = this.#plan.periods;
    const first = periods[0];
    const last = periods[periods.length - 1];
    if (grid === 'actual') {
      return monthOrdinal(month) <= this.#lastOrdinal
        ? null
        : `${month} is after the plan's last month (${last}): actuals go up to it`;
    }
    if (this.#horizon.has(month)) return null;
    return first
      ? `${month} is outside the plan's horizon (${first} to ${last})`
      : `${month} is outside the plan's horizon (the plan has no months)`;
  }

  /** Notes that a cell of `line` was first given on row `earlier`. */
  #duplicate(grid: ImportMeasure, subject: Subject, cell: number, earlier: number, line: number) {
    const ordinal = this.#cellOrdinals[cell];
    const key = `${grid}\u0000${subject.id}\u0000${ordinal}`;
    const found = this.#duplicates.get(key);
    if (found) {
      if (found.rows[found.rows.length - 1] !== line) found.rows.push(line);
    } else {
      this.#duplicates.set(key, {
        grid,
        subject,
        month: this.#cellMonths[cell],
        ordinal,
        column: this.#cellColumns[cell],
        rows: [earlier, line],
      });
    }
    this.#skipped.add(line);
  }

  #problem(row: number, column: number | null, message: string): void {
    this.#skipped.add(row);
    const name = columnName(this.#columns.header, column);
    const key = `${name ?? ''}\u0000${message}`;
    const found = this.#problems.get(key);
    if (!found) this.#problems.set(key, { row, rows: [row], column: name, message });
    else if (found.rows[found.rows.length - 1] !== row) found.rows.push(row);
  }

  /**
   * After the last row: each cell given on several rows becomes one problem naming every
   * row (a row's months with the same rows together), and those rows are left out whole,
   * the first one too: the file does not say which value it means.
   */
  finish(): void {
    const preview = this.#preview;
    const byRows = new Map<string, Duplicate[]>();
    for (const duplicate of this.#duplicates.values()) {
      const key = `${duplicate.grid}\u0000${duplicate.subject.id}\u0000${duplicate.rows.join(',')}`;
      const group = byRows.get(key);
      if (group) group.push(duplicate);
      else byRows.set(key, [duplicate]);
    }
    const problems = [...this.#problems.values()];
    const firstRows = new Set<number>();
    for (const group of byRows.values()) {
      const [{ grid, subject, rows, column }] = group;
      const what = this.#columns.measure !== -1 ? `${IMPORT_MEASURE_LABEL[grid]} of ` : '';
      const months = describeMonths(group);
      problems.push({
        row: rows[0],
        rows,
        column: group.length === 1 ? columnName(this.#columns.header, column) : null,
        message: `${what}${subject.name}, ${months} ${group.length === 1 ? 'is' : 'are'} given on more than one row: keep one of these rows`,
      });
      if (!this.#skipped.has(rows[0])) firstRows.add(rows[0]);
    }
    if (firstRows.size > 0) {
      preview.changes = preview.changes.filter((change) => !firstRows.has(change.row));
      for (const row of firstRows) {
        preview.unchanged -= this.#unchangedByRow.get(row) ?? 0;
        this.#skipped.add(row);
      }
    }
    problems.sort((a, b) => a.row - b.row);
    preview.errors.push(...problems);
    preview.skippedRows = this.#skipped.size;
  }
}

/** `2027-03`, `2027-01 to 2027-06`, `2027-01, 2027-03 and 2027-05`: the months of a group. */
function describeMonths(group: readonly Duplicate[]): string {
  const sorted = [...group].sort((a, b) => a.ordinal - b.ordinal);
  const months = sorted.map((duplicate) => duplicate.month);
  if (months.length === 1) return months[0];
  const consecutive = sorted.every(
    (duplicate, i) => i === 0 || duplicate.ordinal === sorted[i - 1].ordinal + 1,
  );
  if (consecutive) return `${months[0]} to ${months[months.length - 1]}`;
  if (months.length <= 4)
    return `${months.slice(0, -1).join(', ')} and ${months[months.length - 1]}`;
  return `${months.slice(0, 3).join(', ')} and ${months.length - 3} more months`;
}

/** How many columns at the end of a header have no name (a spreadsheet's trailing commas). */
function trailingBlanks(header: readonly string[]): number {
  let count = 0;
  while (count < header.length && header[header.length - 1 - count] === '') count++;
  return count;
}

/** A column's header, or its letter when it has none; null stays null (the whole row). */
function columnName(header: readonly string[], index: number | null): string | null {
  return index === null ? null : header[index] || columnLetter(index);
}

/**
 * Finds a family or resource by its id, else by its id or exact name in any case; the
 * answer is kept per text, so a long file names each family once in the work.
 */
function subjectFinder(
  list: readonly Subject[],
  kind: SubjectKind,
): (text: string) => Subject | string {
  const byId = new Map<string, Subject>();
  const byLowerId = new Map<string, Subject[]>();
  const byLowerName = new Map<string, Subject[]>();
  for (const subject of list) {
    byId.set(subject.id, subject);
    push(byLowerId, subject.id.toLowerCase(), subject);
    push(byLowerName, subject.name.trim().toLowerCase(), subject);
  }
  const cache = new Map<string, Subject | string>();
  return (text) => {
    let found = cache.get(text);
    if (found === undefined) {
      found = find(text);
      cache.set(text, found);
    }
    return found;
  };

  function find(text: string): Subject | string {
    const exact = byId.get(text);
    if (exact) return exact;
    const key = text.toLowerCase();
    for (const matches of [byLowerId.get(key), byLowerName.get(key)]) {
      if (matches?.length === 1) return matches[0];
      if (matches && matches.length > 1) {
        const ids = matches.map((s) => s.id).join(', ');
        return `"${clip(text)}" names ${matches.length} ${kind === 'family' ? 'families' : 'resources'} (${clip(ids, 60)}): use the id`;
      }
    }
    return `"${clip(text)}" is not a ${kind} of this plan (use its id or its exact name)`;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
