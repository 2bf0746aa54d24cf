/**
 * The rules the work lists apply: when an action is overdue, how old it is, how late a
 * product launch runs, how a risk scores. Plain functions of plain data, so they are
 * tested alone and read the same in every list.
 */

import { calendarDay, daysBetween, monthsBetween } from '../../../shared/dates.ts';

export { formatDay } from './format.ts';

/** Today on this device's calendar, `YYYY-MM-DD`. */
export function localDay(now: Date = new Date()): string {
  return calendarDay(now);
}

/** A due date (`YYYY-MM-DD`) is past once it is before today; no due date never is. */
export function isPastDue(due: string | undefined, today: string): boolean {
  return due !== undefined && due < today;
}

/** An open action is overdue once its due date is before today. */
export function isOverdue(item: { status: string; due?: string }, today: string): boolean {
  return item.status === 'open' && isPastDue(item.due, today);
}

/**
 * How many days an item has been open, counted from the first day of the month it was
 * raised in (the document keeps the month, not the day); null for a month still ahead.
 */
export function ageInDays(raisedIn: string, today: string): number | null {
  const days = daysBetween(`${raisedIn}-01`, today);
  return days < 0 ? null : days;
}

/**
 * How many months a launch runs late: the forecast launch after the planned one; 0 when
 * it is on time or early, or when there is no forecast yet.
 */
export function monthsLate(plannedLaunch: string, forecastLaunch: string | undefined): number {
  if (!forecastLaunch) return 0;
  return Math.max(0, monthsBetween(plannedLaunch, forecastLaunch));
}

export { countOf as plural } from './count.ts';
