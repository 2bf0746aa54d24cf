import Papa from 'papaparse';

/**
 * Writing CSV for a spreadsheet, safely: every CSV file Fulcrum exports is written by
 * {@link csvText}, so no exported cell can run as a formula when someone opens the file.
 */

/**
 * One cell of an exported file. A number is a value and is written as one (see
 * {@link plainNumber}); a string is text, escaped by {@link csvTextCell}; null or
 * undefined is an empty cell.
 */
export type CsvCell = string | number | null | undefined;

/** A number as the CSV writes it: plain digits, never an exponent; empty for no value. */
export function plainNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** The first characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made safe for a spreadsheet: text starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading `'`, so Excel, LibreOffice and Google Sheets show
 * it as text instead of running it as a formula (`=HYPERLINK(…)` stays a name). This is
 * for text only: a number cell is never escaped, since a negative number such as -12 is
 * a value, not a formula; pass numbers as numbers to {@link csvText}.
 */
export function csvTextCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The text of a cell as it was before {@link csvTextCell}: a leading `'` before a
 * formula's first character is dropped, so a file Fulcrum exported imports back as it was.
 */
export function unescapeCsvText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/**
 * CSV text for a spreadsheet: a byte-order mark first, so Excel reads accents in names
 * right (the importer skips it), CRLF line ends, quotes only where a value needs them.
 * Text cells are escaped against formulas ({@link csvTextCell}); number cells are written
 * as plain numbers and never escaped.
 */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  const cells = rows.map((row) =>
    row.map((cell) =>
      typeof cell === 'number'
        ? plainNumber(cell)
        : cell === null || cell === undefined
          ? ''
          : csvTextCell(cell),
    ),
  );
  return `\uFEFF${Papa.unparse(cells, { newline: '\r\n' })}\r\n`;
}
