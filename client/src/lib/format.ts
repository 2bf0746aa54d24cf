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
  /**
   * An axis tick of money, rounded to the ticks' `step`: `€9.3M`, `€9.25M` when the ticks
   * are €50K apart, `€500K`; never `€9,257,173`.
   */
  moneyTick(value: number, step: number): string;
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

const made = new Map<string, Formatters>();

/**
 * Formatters for one currency and locale (the browser's locale when omitted). The same
 * object for the same currency and locale: making `Intl` formats is slow, and a view that
 * asks again after every edit then gets what it had, so nothing it drew is redrawn.
 */
export function createFormatters(currency: string, locale?: string): Formatters {
  const key = `${currency}|${locale ?? ''}`;
  let formatters = made.get(key);
  if (!formatters) {
    formatters = makeFormatters(currency, locale);
    made.set(key, formatters);
  }
  return formatters;
}

function makeFormatters(currency: string, locale?: string): Formatters {
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
  const tickFormats = new Map<number, (value: number) => string>();

  return {
    quantity: number({ maximumFractionDigits: 0 }),
    input: number({ maximumFractionDigits: INPUT_DECIMALS }),
    money: number(moneyOptions),
    moneyInput: number({ ...moneyOptions, maximumFractionDigits: INPUT_DECIMALS }),
    moneyCompact: number(compactOptions),
    moneyTick(value, step) {
      const digits = tickDecimals(value, step);
      let format = tickFormats.get(digits);
      if (!format) {
        format = number({
          ...compactOptions,
          maximumFractionDigits: digits,
          minimumFractionDigits: digits,
        });
        tickFormats.set(digits, format);
      }
      return value === 0 ? format(0).replace(/[.,]0+(?=\D*$)/, '') : format(value);
    },
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

/**
 * The decimals a compact tick needs to write ticks `step` apart as they are: the step's
 * decimals in the unit compact notation writes the value in (K, M, B), at most 3 (ticks
 * €5K apart on a zoomed €8.6M bridge read €8.630M and €8.635M, never alike). A step
 * that is not a positive number gives none.
 */
export function tickDecimals(value: number, step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  const size = Math.abs(value);
  const unit = size < 1e3 ? 1 : 1000 ** Math.min(4, Math.floor(Math.log10(size) / 3));
  const inUnits = step / unit;
  for (let digits = 0; digits < 3; digits++) {
    const scaled = inUnits * 10 ** digits;
    // Floating point slack: a step of 0.1 is 0.1000000001 and needs one decimal, not two.
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return digits;
  }
  return 3;
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
