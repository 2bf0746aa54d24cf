import type * as Y from 'yjs';
import { addMonths, isMonth, monthOrdinal, type Month } from '../dates.ts';

/**
 * A grid's imported row as the document keeps it since layout version 2: its first
 * month, then the value of that month and of each month after it in turn, null for a
 * month without one (`['2026-01', 120, null, 95]`).
 *
 * Version 1 kept a row as `{ month: value }`. A row carries no month names now: Yjs
 * decodes every string on its own, and a 500-family cycle's rows held 135,000 of them.
 * Its document is half the size and loads in half the time. Readers here take both
 * forms, so a document the server has not brought up to date yet reads the same.
 */
export type StoredRow = readonly [Month, ...(number | null)[]];

/** The stored form of a row of `{ month: value }`; undefined when it holds no month. */
export function packRow(months: Readonly<Record<string, number>>): StoredRow | undefined {
  const ordinals = Object.keys(months)
    .filter(isMonth)
    .map((month) => [monthOrdinal(month), months[month]] as const)
    .sort(([a], [b]) => a - b);
  if (ordinals.length === 0) return undefined;
  const first = ordinals[0][0];
  const values: (number | null)[] = Array.from(
    { length: ordinals.at(-1)![0] - first + 1 },
    () => null,
  );
  for (const [at, value] of ordinals) values[at - first] = value;
  return [monthAt(first), ...values];
}

/** Writes `months` as the row `id` of `rows`, or removes the row when it holds no month. */
export function writeRow(
  rows: Y.Map<unknown>,
  id: string,
  months: Readonly<Record<string, number>>,
): void {
  const packed = packRow(months);
  if (packed) rows.set(id, packed);
  else rows.delete(id);
}

/**
 * The value a stored row (either form) holds for `month`; undefined when it holds none.
 * Values are as stored: readers check them before use.
 */
export function rowValue(row: unknown, month: Month): unknown {
  return rowValuesFrom(row, month, 1)[0];
}

/**
 * The values a stored row (either layout) holds for `count` months from `first`, in
 * order, undefined where it holds none: a row's cells over the plan's horizon at once.
 */
export function rowValuesFrom(row: unknown, first: Month, count: number): unknown[] {
  const values: unknown[] = new Array<unknown>(count).fill(undefined);
  const from = ordinalOf(first);
  if (Array.isArray(row)) {
    const start = rowStart(row);
    if (start === undefined) return values;
    for (let i = 0; i < count; i++) {
      const at = from + i - start + 1;
      const value: unknown = at >= 1 ? row[at] : undefined;
      if (value !== null) values[i] = value;
    }
  } else if (row && typeof row === 'object') {
    for (let i = 0; i < count; i++) values[i] = (row as Record<string, unknown>)[monthAt(from + i)];
  }
  return values;
}

/**
 * Calls `visit` with each month a stored row (either form) holds a value for, in the
 * row's order. Values are as stored: readers check them before use.
 */
export function forEachRowValue(row: unknown, visit: (month: Month, value: unknown) => void): void {
  if (Array.isArray(row)) {
    const start = rowStart(row);
    if (start === undefined) return;
    for (let i = 1; i < row.length; i++) {
      const value: unknown = row[i];
      if (value !== null && value !== undefined) visit(monthAt(start + i - 1), value);
    }
  } else if (row && typeof row === 'object') {
    for (const [month, value] of Object.entries(row)) visit(month, value);
  }
}

/** The months a stored row holds, as numbers, for the rows that are written by months. */
export function rowNumbers(row: unknown): Record<Month, number> {
  const months: Record<Month, number> = {};
  forEachRowValue(row, (month, value) => {
    if (typeof value === 'number') months[month] = value;
  });
  return months;
}

/** The ordinal of a packed row's first month; undefined when it does not start with one. */
function rowStart(row: readonly unknown[]): number | undefined {
  const first = row[0];
  return isMonth(first) ? ordinalOf(first) : undefined;
}

// The same few hundred months are named over and over: each is worked out once.
const ordinals = new Map<Month, number>();
const names = new Map<number, Month>();

function ordinalOf(month: Month): number {
  let ordinal = ordinals.get(month);
  if (ordinal === undefined) ordinals.set(month, (ordinal = monthOrdinal(month)));
  return ordinal;
}

function monthAt(ordinal: number): Month {
  let name = names.get(ordinal);
  if (name === undefined) names.set(ordinal, (name = addMonths('0000-01', ordinal)));
  return name;
}
