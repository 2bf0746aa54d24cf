/**
 * How the minutes write money and sentences. The same words in the browser, the
 * downloaded Markdown, the printable page and the command line, whatever the machine's
 * locale; their dates and times come from `shared/dates.ts`, in UTC.
 */

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
