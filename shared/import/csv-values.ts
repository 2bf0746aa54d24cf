import { isMonth, monthOf } from '../dates.ts';

/** A value read from a cell: the number, or why the text is not one. */
export type ValueReading = { ok: true; value: number } | { ok: false; message: string };

/**
 * A plain decimal: digits, optionally grouped in threes by spaces (also the no-break
 * spaces spreadsheets write) or underscores, and a `.` before the decimals.
 */
const PLAIN_NUMBER = /^(?:\d+|\d{1,3}(?:[ _\u00a0\u202f]\d{3})+)(?:\.\d+)?$/;
const SEPARATORS = /[ _\u00a0\u202f]/g;
/** The common case, read without removing separators: at most 15 digits, always finite. */
const DIGITS = /^\d{1,15}(?:\.\d+)?$/;

/**
 * Reads a cell as a quantity >= 0. Only one way of writing numbers is accepted, so a
 * file means the same in every locale: `1234`, `1234.5`, `1 234.5`, `1_234`. A comma is
 * refused (is `1,234` a thousand or one and a bit?), and so is anything else, with a
 * message that quotes the text.
 */
export function readQuantity(text: string): ValueReading {
  const trimmed = text.trim();
  if (DIGITS.test(trimmed)) return { ok: true, value: Number(trimmed) };
  if (PLAIN_NUMBER.test(trimmed)) {
    const value = Number(trimmed.replace(SEPARATORS, ''));
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, message: `"${clip(trimmed)}" is too large a number` };
  }
  if (trimmed.startsWith('-') && PLAIN_NUMBER.test(trimmed.slice(1).trim())) {
    return { ok: false, message: `${trimmed} is negative: values must be 0 or more` };
  }
  if (/^[\d\s.,_\u00a0\u202f]+$/.test(trimmed) && trimmed.includes(',')) {
    return {
      ok: false,
      message: `"${clip(trimmed)}" is not a number: write it without commas, with a "." before decimals (e.g. 1234.5)`,
    };
  }
  return { ok: false, message: `"${clip(trimmed)}" is not a number` };
}

/** Why a text is not a month `YYYY-MM`, or null when it is one. */
export function monthProblem(text: string): string | null {
  if (isMonth(text)) return null;
  const loose = /^(\d{4})-(\d{1,2})$/.exec(text);
  if (loose && Number(loose[2]) >= 1 && Number(loose[2]) <= 12) {
    return `"${clip(text)}" is not a month (use YYYY-MM, e.g. ${monthOf(Number(loose[1]), Number(loose[2]))})`;
  }
  return `"${clip(text)}" is not a month (use YYYY-MM)`;
}

/** A text quoted in a message, cut short when long. */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The spreadsheet letter of a 0-based column: 0 -> A, 26 -> AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
