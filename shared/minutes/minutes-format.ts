/**
 * How the minutes write dates, times, money and labels. The same words in the browser,
 * the downloaded Markdown, the printable page and the command line, whatever the
 * machine's locale or time zone: times are given in UTC and say so.
 */

const MONTH_NAMES = [
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
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  return match && name ? `${name} ${match[1]}` : month;
}

/** `2026-12-15` -> `15 Dec 2026`; anything else as given. */
export function dayText(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
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

/** An ISO time -> its UTC day `YYYY-MM-DD`, or null when it is not a time. */
export function utcDay(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** Money in whole units with thousands separated by commas: `120,000 EUR`. */
export function moneyText(value: number, currency: string): string {
  const whole = Math.round(Math.abs(value)).toString();
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && whole !== '0' ? '-' : '';
  return `${sign}${grouped}${currency ? ` ${currency}` : ''}`;
}

/** The text with a full stop added unless it already ends a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.?!:;…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
