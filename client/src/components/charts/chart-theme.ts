import { isMonth, monthStart, type Month } from '../../../../shared/dates.ts';

/**
 * The charts' colours, read from the page's design tokens (app.css) when a chart is
 * created, so a chart and the table beside it use one palette. The fallbacks are the
 * tokens' values, for a chart mounted where app.css is not loaded.
 */
export interface ChartPalette {
  text: string;
  textMuted: string;
  textFaint: string;
  border: string;
  borderStrong: string;
  surface: string;
  brand: string;
  okFg: string;
  okBg: string;
  safetyFg: string;
  safetyBg: string;
  shortageFg: string;
  shortageBg: string;
  tightFg: string;
  tightBg: string;
  budgetFg: string;
  budgetBg: string;
}

const TOKENS: Record<keyof ChartPalette, [variable: string, fallback: string]> = {
  text: ['--text', '#18202c'],
  textMuted: ['--text-muted', '#5a6474'],
  textFaint: ['--text-faint', '#626b7a'],
  border: ['--border', '#e2e5eb'],
  borderStrong: ['--border-strong', '#cfd4dd'],
  surface: ['--surface', '#ffffff'],
  brand: ['--brand', '#3730a3'],
  okFg: ['--ok-fg', '#17663a'],
  okBg: ['--ok-bg', '#e6f5ec'],
  safetyFg: ['--safety-fg', '#8a4b00'],
  safetyBg: ['--safety-bg', '#fff3d6'],
  shortageFg: ['--shortage-fg', '#b42318'],
  shortageBg: ['--shortage-bg', '#fdecea'],
  tightFg: ['--tight-fg', '#8a4b00'],
  tightBg: ['--tight-bg', '#fff3d6'],
  budgetFg: ['--budget-fg', '#1e4fb4'],
  budgetBg: ['--budget-bg', '#e6eefd'],
};

/** The palette as the CSS cascade resolves it at `element`. */
export function readPalette(element: Element): ChartPalette {
  const style = getComputedStyle(element);
  const palette = {} as ChartPalette;
  for (const key of Object.keys(TOKENS) as (keyof ChartPalette)[]) {
    const [variable, fallback] = TOKENS[key];
    palette[key] = style.getPropertyValue(variable).trim() || fallback;
  }
  return palette;
}

/** `#rrggbb` (or `#rgb`) with an alpha, as `rgb(r g b / a)`; other colours pass unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((at) => parseInt(full.slice(at, at + 2), 16));
  return `rgb(${r} ${g} ${b} / ${alpha})`;
}

/** The tooltip box every chart shows: dark, padded, rounded. */
export function tooltipBox(palette: ChartPalette) {
  return { backgroundColor: palette.text, padding: 10, cornerRadius: 6 };
}

/**
 * A tooltip title naming the month under the pointer; `months` is read when the tooltip
 * shows, so it follows the chart's current data.
 */
export function monthTitle(
  months: () => readonly Month[],
  label: (month: Month) => string,
): (items: readonly { dataIndex: number }[]) => string {
  return (items) => {
    const month = months()[items[0]?.dataIndex ?? -1];
    return month ? label(month) : '';
  };
}

const MINUS = '\u2212';

/** Axis labels of months, short enough for 18 to 24 across a tablet: `2027-01` -> `Jan 27`. */
export function monthTickFormat(locale?: string): (month: Month) => string {
  const format = new Intl.DateTimeFormat(locale, {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  });
  return (month) => (isMonth(month) ? format.format(monthStart(month)) : month);
}

/** Axis labels of quantities: `12,400` -> `12.4K`, with a true minus sign. */
export function compactNumberFormat(locale?: string): (value: number) => string {
  const format = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  return (value) => format.format(value).replace('-', MINUS);
}

/** A finite number, or `null` (a gap in the chart) for a missing or broken value. */
export function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** `a`, `a and b`, `a, b and c`: for sentences in aria-labels. */
export function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export { countOf } from '../../lib/count.ts';
