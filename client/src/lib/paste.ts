/**
 * Reading numbers people type or paste into the plan: plain numbers, numbers with
 * thousands separators as spreadsheets copy them (`1,250`, `1 250`, `1'250`), an
 * optional currency sign. Anything else is refused with what was typed, never guessed:
 * `1,5` could be one and a half or fifteen, so it is not a number here.
 */

/** A cell's text read as a number: a value, empty (clear the cell), or the problem. */
export type NumberReading =
  | { kind: 'number'; value: number }
  | { kind: 'empty' }
  | { kind: 'invalid'; problem: 'notANumber' | 'negative'; text: string };

/** Spaces spreadsheets and locales use between groups of thousands. */
const SPACES = /[\s\u00a0\u202f\u2009]/g;
/** A leading currency sign, as a cell formatted as money copies. */
const CURRENCY = /^[$€£¥]|^[A-Z]{3}(?=\s)/;
const PLAIN = /^\d+(\.\d+)?$|^\.\d+$/;
const GROUPED = /^\d{1,3}([,'’ ]\d{3})+(\.\d+)?$/;

/** Reads one typed or pasted value. */
export function readNumber(input: string): NumberReading {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };
  let body = text.replace(CURRENCY, '').trim();
  let negative = false;
  if (/^[-\u2212]/.test(body)) {
    negative = true;
    body = body.slice(1).trim();
  } else if (/^\(.*\)$/.test(body)) {
    // Accounting format: (120) is minus 120.
    negative = true;
    body = body.slice(1, -1).trim();
  }
  body = body.replace(CURRENCY, '').trim();
  const grouped = body.replace(SPACES, ' ');
  let digits: string | null = null;
  if (PLAIN.test(grouped)) digits = grouped;
  else if (GROUPED.test(grouped)) digits = grouped.replace(/[,'’ ]/g, '');
  if (digits === null) return { kind: 'invalid', problem: 'notANumber', text };
  const value = Number(digits);
  if (!Number.isFinite(value)) return { kind: 'invalid', problem: 'notANumber', text };
  if (negative && value !== 0) return { kind: 'invalid', problem: 'negative', text };
  return { kind: 'number', value };
}

/** What is wrong with a value, in the words of the plan: `Demand cannot be negative: "-3"`. */
export function numberProblem(
  reading: Extract<NumberReading, { kind: 'invalid' }>,
  measure: string,
): string {
  return reading.problem === 'negative'
    ? `${measure} cannot be negative: “${reading.text}”.`
    : `“${reading.text}” is not a number. Type a number such as 1250 or 1,250.`;
}

/** A block read from the clipboard: numbers, or null for an empty cell (it clears the target). */
export type Block = (number | null)[][];

/** One cell of a pasted block that is not a number, by its row and column (from 1). */
export interface BlockProblem {
  row: number;
  column: number;
  text: string;
  problem: 'notANumber' | 'negative';
}

/** A pasted block, or every cell that is not a number. */
export type BlockReading =
  | { ok: true; block: Block; rows: number; columns: number }
  | { ok: false; problems: BlockProblem[] };

/**
 * Reads text copied from a spreadsheet: rows on lines (LF or CRLF), cells separated by
 * tabs. A final line break is not a row. Rows shorter than the widest are padded with
 * empty cells, as a spreadsheet's rectangle would be. Empty text is an empty block.
 */
export function readBlock(text: string): BlockReading {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const cells = lines.map((line) => line.split('\t'));
  const columns = cells.reduce((widest, row) => Math.max(widest, row.length), 0);
  const problems: BlockProblem[] = [];
  const block: Block = cells.map((row, i) =>
    Array.from({ length: columns }, (_, j) => {
      const reading = readNumber(row[j] ?? '');
      if (reading.kind === 'number') return reading.value;
      if (reading.kind === 'invalid') {
        problems.push({ row: i + 1, column: j + 1, text: reading.text, problem: reading.problem });
      }
      return null;
    }),
  );
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, block, rows: block.length, columns };
}

/** The problems of a pasted block in words, the first few named by row and column. */
export function blockProblemText(problems: BlockProblem[], limit = 3): string {
  const named = problems
    .slice(0, limit)
    .map(
      (p) =>
        `row ${p.row}, column ${p.column}: “${p.text}” ${p.problem === 'negative' ? 'is negative' : 'is not a number'}`,
    );
  const more = problems.length > limit ? `, and ${problems.length - limit} more` : '';
  return `Nothing was pasted: ${named.join('; ')}${more}.`;
}

/** True when clipboard text holds more than one cell (a tab or a line break inside it). */
export function isBlockText(text: string): boolean {
  return /\t|\n./.test(text.replace(/\r\n?/g, '\n').replace(/\n$/, ''));
}
