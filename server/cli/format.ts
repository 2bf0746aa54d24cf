/**
 * Number and table formatting for the summaries a person reads. Output does not depend
 * on the machine's locale: thousands are separated by commas, decimals by a point.
 */

/** Marker of a value that does not exist (a ratio over zero). */
export const NOT_AVAILABLE = 'n/a';

/** `value` with `decimals` decimals and thousands separators; never prints `-0`. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = value < 0 && /[1-9]/.test(fixed);
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * A quantity (units, hours): whole numbers from 100 up, otherwise up to two decimals
 * without trailing zeros (`12.5`, `0.25`, `3`).
 */
export function formatQuantity(value: number): string {
  if (Math.abs(value) >= 100) return formatNumber(value, 0);
  return formatNumber(value, 2).replace(/\.?0+$/, '') || '0';
}

/** Money with its currency: whole units from 100 up, cents below (`12.50 EUR`). */
export function formatMoney(value: number, currency: string): string {
  return `${formatNumber(value, Math.abs(value) >= 100 || value === 0 ? 0 : 2)} ${currency}`;
}

/** Like the formatter given, with a `+` in front of positive values (deltas). */
export function signed(format: (value: number) => string, value: number): string {
  const text = format(value);
  return value > 0 && /[1-9]/.test(text) ? `+${text}` : text;
}

/** A ratio as a percentage with one decimal (`0.123` -> `12.3%`); `n/a` for null. */
export function formatPercent(ratio: number | null, withSign = false): string {
  if (ratio === null || !Number.isFinite(ratio)) return NOT_AVAILABLE;
  const text = `${formatNumber(ratio * 100, 1)}%`;
  return withSign && ratio > 0 && text !== '0.0%' ? `+${text}` : text;
}

/** `Name (ID)`, shortened to `width` characters with an ellipsis if need be. */
export function label(name: string, id: string, width = 44): string {
  if (name === '' || name === id) return shorten(id, width);
  const room = width - id.length - 3;
  if (name.length <= room) return `${name} (${id})`;
  return room < 4 ? shorten(id, width) : `${name.slice(0, room - 3)}... (${id})`;
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 3)}...`;
}

/** A column of a text table. */
export interface Column {
  header: string;
  /** Numbers align right. */
  align?: 'left' | 'right';
}

/** Lays out rows under headers, columns two spaces apart, each line indented by two. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, c) =>
    Math.max(column.header.length, ...rows.map((row) => row[c].length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((cell, c) =>
        columns[c].align === 'right' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]),
      )
      .join('  ')}`.trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)];
}

/** `count thing` or `count things`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}
