/**
 * The fields of a work item's form, how typed text becomes a command's input, and how a
 * command's refusal becomes a message beside the field it is about. Forms hold text (what
 * the person typed, never lost on an error); numbers and empty fields are read here.
 */

import { issueText, type CommandIssue } from '../../../shared/schema/command-error.ts';

/** How a field is edited. */
export type FieldKind =
  'text' | 'textarea' | 'select' | 'person' | 'money' | 'number' | 'date' | 'month';

/** One field of a form. */
export interface FieldSpec {
  /** The record's field. */
  key: string;
  label: string;
  kind: FieldKind;
  /** For selects: the choices, in order. */
  options?: readonly { value: string; label: string }[];
  /** For selects whose choices are numbers (a 1-5 scale): the input is the number. */
  numeric?: boolean;
  /** When set, the field must not be empty, and this is what the person is told. */
  required?: string;
  /** A short help text under the field. */
  hint?: string;
  /** Half-width fields sit two to a row. */
  half?: boolean;
}

/** A form's text, by field. */
export type FormValues = Record<string, string>;

/** Messages by field; `''` keys messages that belong to no field. */
export type FieldErrors = Record<string, string>;

/** A record's values as form text (numbers as typed digits, absent fields empty). */
export function formValues(fields: readonly FieldSpec[], record: object | null): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = record ? (record as Record<string, unknown>)[field.key] : undefined;
    values[field.key] = value === undefined || value === null ? '' : String(value);
  }
  return values;
}

/** Reads a number as people type it: `25,000`, `25 000`, `1.5`. */
export function readNumber(text: string): number | null {
  const cleaned = text.replace(/[\s,\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return null;
  return Number(cleaned);
}

/**
 * Reads a form into a command's input. Empty optional fields are left out (`undefined`,
 * which clears them on an edit); a required field left empty and a number that does not
 * read as one are errors by field. Range and format rules are the command's: its error
 * comes back through {@link fieldErrors}.
 */
export function readForm(
  fields: readonly FieldSpec[],
  values: FormValues,
): { input: Record<string, unknown>; errors: FieldErrors } {
  const input: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const text = (values[field.key] ?? '').trim();
    if (text === '') {
      if (field.required) errors[field.key] = field.required;
      else input[field.key] = undefined;
      continue;
    }
    if (field.kind === 'money' || field.kind === 'number' || field.numeric) {
      const number = readNumber(text);
      if (number === null) errors[field.key] = `Enter a number, e.g. ${example(field.kind)}`;
      else input[field.key] = number;
      continue;
    }
    input[field.key] = text;
  }
  return { input, errors };
}

function example(kind: FieldKind): string {
  return kind === 'money' ? '25000' : '3';
}

/**
 * A command's refusal as messages by field: each issue whose path starts with a field
 * of the form goes beside that field (its first issue there); the rest are kept, as
 * sentences, under `''`.
 */
export function fieldErrors(
  issues: readonly CommandIssue[],
  fields: readonly FieldSpec[],
): FieldErrors {
  const keys = new Set(fields.map((field) => field.key));
  const errors: FieldErrors = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const key = issue.path.split('.')[0];
    if (issue.path && keys.has(key)) errors[key] = errors[key] ?? sentence(issue.message);
    else rest.push(sentence(issueText(issue)));
  }
  if (rest.length > 0) errors[''] = rest.join(' ');
  return errors;
}

/** A command's refusal as the person reads it: its issues as sentences, without the command's name. */
export function refusalText(issues: readonly CommandIssue[]): string {
  return sentence(issues.map(issueText).join('; '));
}

/** A message as a sentence: capitalised. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The fields whose text differs from the record's: what an edit sends. */
export function changedFields(
  fields: readonly FieldSpec[],
  before: FormValues,
  after: FormValues,
): string[] {
  return fields
    .map((field) => field.key)
    .filter((key) => (before[key] ?? '').trim() !== (after[key] ?? '').trim());
}
