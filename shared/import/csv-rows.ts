import Papa from 'papaparse';

/** One row of a CSV file with the line it starts on, as a text editor numbers lines. */
export interface CsvRow {
  /** 1-based line of the file where the row starts (the header is usually line 1). */
  line: number;
  fields: string[];
  /** What could not be read cleanly in this row (an unclosed quote); usually empty. */
  problems: readonly string[];
}

/** What the reader found of the whole file, and a way to stop reading it. */
export interface CsvReadState {
  /** The delimiter found: `,`, `;` or a tab. */
  delimiter: string;
  /** Stops reading: no more rows are passed on. */
  abort(): void;
}

/** Delimiters a planner's spreadsheet writes: comma, semicolon (European locales), tab. */
const DELIMITERS = [',', ';', '\t'];
const NO_PROBLEMS: readonly string[] = [];

/**
 * Reads CSV text with papaparse, passing each row on as it is read (a large file is
 * never held twice): quoted fields (with delimiters, quotes and line breaks inside), a
 * byte-order mark, CRLF, LF or CR line ends, and the delimiter detected among comma,
 * semicolon and tab. Lines holding only blanks are skipped, and every row keeps the line
 * it starts on, so a problem can be named by the line the person sees.
 */
export function readCsv(text: string, onRow: (row: CsvRow, state: CsvReadState) => void): void {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineCounter(input);
  let previousEnd = 0;
  let state: CsvReadState | null = null;
  Papa.parse<string[]>(input, {
    skipEmptyLines: 'greedy',
    newline: firstLineBreak(input),
    delimitersToGuess: DELIMITERS,
    step(result, parser) {
      // A row starts at the first character after the previous row that is not blank:
      // rows of blanks between them are skipped, as papaparse skips them.
      const line = lines.nextContentLine(previousEnd, result.meta.delimiter);
      previousEnd = result.meta.cursor;
      let problems = NO_PROBLEMS;
      for (const error of result.errors) {
        // A file of one column has no delimiter to find; the header check names its problem.
        if (error.code === 'UndetectableDelimiter') continue;
        problems = [...problems, readProblemText(error.code)];
      }
      // One state for the whole file: the delimiter is found before the first row.
      state ??= { delimiter: result.meta.delimiter, abort: () => parser.abort() };
      onRow({ line, fields: result.data, problems }, state);
    },
  });
}

/** Every row of a CSV text (see {@link readCsv}) and the delimiter found. */
export function readCsvRows(text: string): { rows: CsvRow[]; delimiter: string } {
  const rows: CsvRow[] = [];
  let delimiter = ',';
  readCsv(text, (row, state) => {
    rows.push(row);
    delimiter = state.delimiter;
  });
  return { rows, delimiter };
}

/**
 * Counts lines while moving forward through the text, so the whole file is scanned once.
 * CRLF, LF and a lone CR each end a line, as a text editor shows them.
 */
class LineCounter {
  #position = 0;
  #line = 1;

  constructor(private readonly text: string) {}

  /**
   * The 1-based line of the first character at or after `from` that is not blank: rows
   * papaparse skips hold only blanks, delimiters and empty quotes (`""`).
   */
  nextContentLine(from: number, delimiter: string): number {
    const text = this.text;
    const separator = delimiter.charCodeAt(0);
    let at = this.#position;
    for (; at < from; at++) this.#count(at);
    for (; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 34 && text.charCodeAt(at + 1) === 34) at++;
      else if (code !== 32 && code !== 9 && code !== 10 && code !== 13 && code !== separator) {
        break;
      }
      this.#count(at);
    }
    this.#position = at;
    return this.#line;
  }

  #count(at: number): void {
    const code = this.text.charCodeAt(at);
    if (code === 10 || (code === 13 && this.text.charCodeAt(at + 1) !== 10)) this.#line++;
  }
}

/**
 * The line break of the first line that ends outside quotes: what papaparse would guess,
 * found without its guess's copy and scan of the first megabyte.
 */
function firstLineBreak(text: string): '\n' | '\r\n' | '\r' {
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 34) quoted = !quoted;
    else if (!quoted && code === 10) return '\n';
    else if (!quoted && code === 13) return text.charCodeAt(at + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
}

function readProblemText(code: string): string {
  switch (code) {
    case 'MissingQuotes':
      return 'a quoted value is never closed: every opening " needs a closing "';
    case 'InvalidQuotes':
      return 'a quoted value has text after its closing quote';
    default:
      return `the row could not be read (${code})`;
  }
}
