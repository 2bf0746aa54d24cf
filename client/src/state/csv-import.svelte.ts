import { importCells } from '../../../shared/doc/index.ts';
import {
  csvWrites,
  IMPORT_MEASURE_LABEL,
  previewCsvImport,
  type CsvPreview,
  type ImportMeasure,
} from '../../../shared/import/csv-plan.ts';
import type { CycleSession } from './cycle-session.svelte.ts';

/** Files larger than this are refused before reading: no plan's numbers need so much. */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;

/** Where the CSV text came from: a chosen or dropped file, or text pasted in. */
export type CsvSource = { kind: 'file'; name: string } | { kind: 'paste' };

/**
 * One CSV import in the making: the measure, the text (a file's or pasted), the preview
 * of what it would change in the plan as it is now, and the choice to skip problems.
 * Nothing is written until {@link confirm}, which writes every change as one command
 * (one undo step).
 */
export class CsvImport {
  readonly #session: () => CycleSession;
  #measure = $state<ImportMeasure>('demand');
  #text = $state('');
  #source = $state.raw<CsvSource | null>(null);
  #readProblem = $state<string | null>(null);
  #skipProblems = $state(false);

  /** The preview follows the plan: an edit by someone else while the dialog is open shows. */
  #preview = $derived.by((): CsvPreview | null => {
    const { plan } = this.#session().live;
    if (!plan || !this.#text.trim()) return null;
    return previewCsvImport(this.#text, { measure: this.#measure, plan });
  });

  /** `session` is read anew each time, as a component's prop is. */
  constructor(session: () => CycleSession) {
    this.#session = session;
  }

  get measure(): ImportMeasure {
    return this.#measure;
  }

  set measure(measure: ImportMeasure) {
    this.#measure = measure;
  }

  /** The CSV text being previewed (a file's content or pasted text). */
  get text(): string {
    return this.#text;
  }

  get source(): CsvSource | null {
    return this.#source;
  }

  /** Why the chosen file could not be read; null when it was. */
  get readProblem(): string | null {
    return this.#readProblem;
  }

  get preview(): CsvPreview | null {
    return this.#preview;
  }

  /** True when the person chose to import the valid rows and leave the problems out. */
  get skipProblems(): boolean {
    return this.#skipProblems;
  }

  set skipProblems(skip: boolean) {
    this.#skipProblems = skip;
  }

  /** The number of cells an import would change now. */
  get changeCount(): number {
    return this.#preview?.changes.length ?? 0;
  }

  get problemCount(): number {
    return this.#preview?.errors.length ?? 0;
  }

  /**
   * What importing only the valid rows leaves out: `skip 3 rows`, or `skip 1 problem`
   * when the problems are in the header (a month column that is not a month).
   */
  get skipText(): string {
    const preview = this.#preview;
    if (!preview) return '';
    const rows = preview.skippedRows;
    if (rows > 0) return `skip ${rows === 1 ? '1 row' : `${rows.toLocaleString()} rows`}`;
    const problems = preview.errors.length;
    return `skip ${problems === 1 ? '1 problem' : `${problems.toLocaleString()} problems`}`;
  }

  /** True when confirming would write: changes, and no problems unless they are skipped. */
  get canImport(): boolean {
    return this.changeCount > 0 && (this.problemCount === 0 || this.#skipProblems);
  }

  /** Reads a chosen or dropped file; a file that cannot be read says why. */
  async readFile(file: File): Promise<void> {
    this.#readProblem = null;
    if (file.size > MAX_CSV_BYTES) {
      this.#readProblem = `${file.name} is ${Math.round(file.size / 1024 / 1024)} MB: a CSV file to import can be at most ${MAX_CSV_BYTES / 1024 / 1024} MB.`;
      return;
    }
    try {
      const text = await file.text();
      this.#source = { kind: 'file', name: file.name };
      this.#text = text;
      this.#skipProblems = false;
    } catch (error) {
      this.#readProblem = `${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Uses pasted text as the file. */
  paste(text: string): void {
    this.#readProblem = null;
    this.#source = text ? { kind: 'paste' } : null;
    this.#text = text;
    this.#skipProblems = false;
  }

  /**
   * Writes the previewed changes as one command, `importCells`: one transaction, one undo
   * step. Refused while the file has problems, unless the person chose to skip them.
   * Returns what to tell the person, or the error.
   */
  confirm(): { ok: true; message: string } | { ok: false; error: string } {
    const preview = this.#preview;
    if (!preview || preview.changes.length === 0) {
      return {
        ok: false,
        error: 'There is nothing to import: no value in the file changes the plan.',
      };
    }
    if (preview.errors.length > 0 && !this.#skipProblems) {
      return {
        ok: false,
        error: 'The file has problems: fix them, or choose to import only the valid rows.',
      };
    }
    const writes = csvWrites(preview);
    const result = this.#session().act((doc) => importCells(doc, writes));
    if (!result.ok) return result;
    const what =
      preview.measure === 'file'
        ? 'the plan'
        : IMPORT_MEASURE_LABEL[preview.measure].toLocaleLowerCase();
    const cells = writes.length === 1 ? '1 value' : `${writes.length.toLocaleString()} values`;
    const skipped =
      preview.skippedRows > 0
        ? `, ${preview.skippedRows === 1 ? '1 row' : `${preview.skippedRows.toLocaleString()} rows`} with problems skipped`
        : preview.errors.length > 0
          ? `, ${preview.errors.length === 1 ? '1 problem' : `${preview.errors.length} problems`} skipped`
          : '';
    return {
      ok: true,
      message: `Imported ${cells} of ${what}${skipped}. Undo takes the whole import back.`,
    };
  }
}
