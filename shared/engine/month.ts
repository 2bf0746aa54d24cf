import type { Month } from './types.ts';

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True when `value` is a calendar month written `YYYY-MM`. */
export function isMonth(value: unknown): value is Month {
  return typeof value === 'string' && MONTH_PATTERN.test(value);
}

/** Months since year 0 of a `YYYY-MM` month, so consecutive months differ by 1. */
export function monthOrdinal(month: Month): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The month `count` months after `month` (before it when negative). */
export function addMonths(month: Month, count: number): Month {
  const ordinal = monthOrdinal(month) + count;
  const year = Math.floor(ordinal / 12);
  const monthOfYear = ordinal - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(monthOfYear).padStart(2, '0')}`;
}
