/** How numbers and days read in the details (the page passes its currency's formatters). */
export interface CatchUpFormat {
  money(value: number): string;
  /** Money with its sign: `+€1,200`, `−€300`. */
  signedMoney(value: number): string;
  quantity(value: number): string;
  /** Units with their sign: `+1,200`. */
  signedQuantity(value: number): string;
  /** A ratio with its sign: `0.041` -> `+4.1%`. */
  signedPercent(ratio: number): string;
  /** A day `YYYY-MM-DD` as the person reads dates. */
  day(iso: string): string;
}

const plainNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const plainPercent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});
const withSign = (text: string, value: number) =>
  Math.round(value) > 0 ? `+${text}` : text.replace('-', '−');

/** Plain formatting: whole numbers with thousands separators, days as `YYYY-MM-DD`. */
export const PLAIN_FORMAT: CatchUpFormat = {
  money: (value) => plainNumber.format(value),
  signedMoney: (value) => withSign(plainNumber.format(value), value),
  quantity: (value) => plainNumber.format(value),
  signedQuantity: (value) => withSign(plainNumber.format(value), value),
  signedPercent: (ratio) => plainPercent.format(ratio).replace('-', '−'),
  day: (iso) => iso,
};
