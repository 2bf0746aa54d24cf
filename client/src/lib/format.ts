import { dayStart, monthStart, type Month } from '../../../shared/dates.ts';

/**
 * Number and date formatting for the page. Values are rounded for display only; the
 * engine's results stay exact. Negative numbers use a true minus sign so they read
 * clearly in tabular figures.
 */
export interface Formatters {
  /** Units and hours: `1,234`. */
  quantity(value: number): string;
  /** A number a person typed into the plan, with its decimals (up to 4): `1,234`, `12.5`. */
  input(value: number): string;
  /** Money in the plan's currency, whole: `€12,345`. */
  money(value: number): string;
  /** Money, short: `€1.2M`. */
  moneyCompact(value: number): string;
  /** Money a person typed into the plan, with its decimals (up to 4): `€1,200`, `€12.5`. */
  moneyInput(value: number): string;
  /** Money with an explicit sign for gaps: `+€120`, `−€1,234`. */
  signedMoney(value: number): string;
  /** Money, short, with an explicit sign: `−€1.2M`. */
  signedMoneyCompact(value: number): string;
  /** A ratio as a percentage: `0.1234` -> `12.3%`. */
  percent(ratio: number, fractionDigits?: number): string;
  /** Periods of cover: `1.4`. */
  cover(value: number): string;
  /** `2027-01` -> `Jan 2027`. */
  month(month: Month): string;
  /** `2027-01` -> `January 2027`. */
  monthLong(month: Month): string;
}

const MINUS = '\u2212';

/** The most decimals an input cell shows: what was typed, never rounded to a whole number. */
export const INPUT_DECIMALS = 4;

/** No sign on values that round to zero (no `-0`); ES2023, typed here for the ES2022 lib. */
const SIGN_NEGATIVE = 'negative' as Intl.NumberFormatOptions['signDisplay'];

/** Formatters for one currency and locale (the browser's locale when omitted). */
export function createFormatters(currency: string, locale?: string): Formatters {
  const number = (options: Intl.NumberFormatOptions) => {
    const format = new Intl.NumberFormat(locale, { signDisplay: SIGN_NEGATIVE, ...options });
    return (value: number) => format.format(value).replace('-', MINUS);
  };
  const moneyOptions: Intl.NumberFormatOptions = {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  };
  const compactOptions: Intl.NumberFormatOptions = {
    ...moneyOptions,
    notation: 'compact',
    maximumFractionDigits: 1,
  };
  const monthShort = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const monthLong = new Intl.DateTimeFormat(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const percentFormats = new Map<number, (value: number) => string>();

  return {
    quantity: number({ maximumFractionDigits: 0 }),
    input: number({ maximumFractionDigits: INPUT_DECIMALS }),
    money: number(moneyOptions),
    moneyInput: number({ ...moneyOptions, maximumFractionDigits: INPUT_DECIMALS }),
    moneyCompact: number(compactOptions),
    signedMoney: number({ ...moneyOptions, signDisplay: 'exceptZero' }),
    signedMoneyCompact: number({ ...compactOptions, signDisplay: 'exceptZero' }),
    percent(ratio, fractionDigits = 1) {
      let format = percentFormats.get(fractionDigits);
      if (!format) {
        format = number({
          style: 'percent',
          maximumFractionDigits: fractionDigits,
          minimumFractionDigits: fractionDigits,
        });
        percentFormats.set(fractionDigits, format);
      }
      return format(ratio);
    },
    cover: number({ maximumFractionDigits: 1, minimumFractionDigits: 1 }),
    month: (month) => monthShort.format(monthStart(month)),
    monthLong: (month) => monthLong.format(monthStart(month)),
  };
}

/** One `Intl.DateTimeFormat` per set of options and locale, made on first use. */
function dateFormat(options: Intl.DateTimeFormatOptions) {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (locale?: string): Intl.DateTimeFormat => {
    const key = locale ?? '';
    let format = formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, options);
      formats.set(key, format);
    }
    return format;
  };
}

const dayFormat = dateFormat({ dateStyle: 'medium', timeZone: 'UTC' });
const whenFormat = dateFormat({
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const momentFormat = dateFormat({ dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = dateFormat({ hour: '2-digit', minute: '2-digit' });

/** The date through `format`, or the text as given when it is not a date. */
function formatted(text: string, date: Date, format: Intl.DateTimeFormat): string {
  return Number.isNaN(date.getTime()) ? text : format.format(date);
}

/** A day `YYYY-MM-DD` as people read it, in the browser's locale: `Jan 15, 2027`; else as given. */
export function formatDay(day: string, locale?: string): string {
  return formatted(day, dayStart(day), dayFormat(locale));
}

/** A moment beside a name, in the person's zone: `Dec 3, 02:05 PM`; else as given. */
export function formatWhen(iso: string, locale?: string): string {
  return formatted(iso, new Date(iso), whenFormat(locale));
}

/** A moment with its year, for what is kept: `Dec 3, 2026, 2:05 PM`; else as given. */
export function formatMoment(iso: string, locale?: string): string {
  return formatted(iso, new Date(iso), momentFormat(locale));
}

/** The time of a moment in the person's zone: `09:15`; else as given. */
export function formatTime(iso: string, locale?: string): string {
  return formatted(iso, new Date(iso), timeFormat(locale));
}
