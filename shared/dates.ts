/**
 * Months and days as the plan, the work lists, the minutes and the command line read
 * them: months `YYYY-MM`, days `YYYY-MM-DD`, times ISO. The arithmetic here is the
 * engine's (pure, no clock), and the English words are the minutes' (fixed, whatever the
 * machine's locale or time zone: days and times are UTC and say so). The page's
 * locale-aware wording (`client/src/lib/format.ts`) starts from the same dates.
 */

/** A calendar month written `YYYY-MM`. */
export type Month = string;

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** True when `value` is a calendar month written `YYYY-MM`. */
export function isMonth(value: unknown): value is Month {
  return typeof value === 'string' && MONTH_PATTERN.test(value);
}

/** Months since year 0 of a `YYYY-MM` month, so consecutive months differ by 1. */
export function monthOrdinal(month: Month): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** A year and a month of it (1 to 12) written `YYYY-MM`: `monthOf(2027, 1)` is `2027-01`. */
export function monthOf(year: number, monthOfYear: number): Month {
  return `${String(year).padStart(4, '0')}-${String(monthOfYear).padStart(2, '0')}`;
}

/** The month `count` months after `month` (before it when negative). */
export function addMonths(month: Month, count: number): Month {
  const ordinal = monthOrdinal(month) + count;
  const year = Math.floor(ordinal / 12);
  return monthOf(year, ordinal - year * 12 + 1);
}

/** `count` consecutive months from `first`: the months of a horizon. */
export function monthRange(first: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, i) => addMonths(first, i));
}

/** Months from `from` to `to`; negative when `to` is earlier. */
export function monthsBetween(from: Month, to: Month): number {
  return monthOrdinal(to) - monthOrdinal(from);
}

/** The first day of a month at midnight UTC, for date formatters. */
export function monthStart(month: Month): Date {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
}

/** True when `value` is written like a day, `YYYY-MM-DD` (the shape, not the calendar). */
export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY_PATTERN.test(value);
}

/** A day `YYYY-MM-DD` at midnight UTC; an invalid date when it is not a day. */
export function dayStart(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date));
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayStart(to).getTime() - dayStart(from).getTime()) / DAY_MS);
}

/**
 * The day `date` falls on in this machine's time zone, `YYYY-MM-DD`: today for the
 * person at the keyboard, which is what a due date is compared with.
 */
export function calendarDay(date: Date): string {
  const month = monthOf(date.getFullYear(), date.getMonth() + 1);
  return `${month}-${String(date.getDate()).padStart(2, '0')}`;
}

/** An ISO time -> its UTC day `YYYY-MM-DD`, or null when it is not a time. */
export function utcDay(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** The months of the year in English, January first. */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

/** `2026-12` -> `December 2026`; anything else as given. */
export function monthText(month: string): string {
  const match = MONTH_PATTERN.exec(month);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  return match && name ? `${name} ${match[1]}` : month;
}

/** `2026-12-15` -> `15 Dec 2026`; anything else as given. */
export function dayText(day: string): string {
  const match = DAY_PATTERN.exec(day);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  return match && name ? `${Number(match[3])} ${name.slice(0, 3)} ${match[1]}` : day;
}

/** An ISO time -> `Thursday 3 December 2026` (its UTC day); anything else as given. */
export function longDateText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${WEEKDAY_NAMES[date.getUTCDay()]} ${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** An ISO time -> `09:15 UTC`; anything else as given. */
export function timeText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(11, 16)} UTC`;
}
