import type { Formatters } from '../../lib/format.ts';
import type { ExpectedImpact } from '../../../../shared/schema/records.ts';
import { REVIEW_OUTCOMES } from '../../../../shared/schema/records.ts';

/** A review's outcome in words and the tone of its chip (colour and text together). */
export const REVIEW_OUTCOME_LABEL: Record<
  (typeof REVIEW_OUTCOMES)[number],
  { text: string; tone: string }
> = {
  delivered: { text: 'Delivered', tone: 'tone-ok' },
  partly: { text: 'Partly delivered', tone: 'tone-warn' },
  notDelivered: { text: 'Not delivered', tone: 'tone-bad' },
};

/** The review outcomes in the order they are offered. */
export const REVIEW_CHOICES = REVIEW_OUTCOMES;

/** True when a unit is a currency code (`EUR`): the value then reads as money. */
export function isCurrency(unit: string): boolean {
  return /^[A-Z]{3}$/.test(unit);
}

/**
 * A number of an expected impact with its sign and unit: `+€120,000` in the plan's
 * currency, `−40 units` otherwise (another currency keeps its code: `+1,000 USD`).
 */
export function impactText(
  format: Formatters,
  value: number,
  unit: string,
  currency: string,
): string {
  if (unit === currency) return format.signedMoney(value);
  const sign = value > 0 ? '+' : value < 0 ? '\u2212' : '';
  return `${sign}${format.quantity(Math.abs(value))} ${unit}`;
}

/** An expected impact in one line: `Margin after costs +€120,000`. */
export function impactLine(format: Formatters, impact: ExpectedImpact, currency: string): string {
  return `${impact.measure} ${impactText(format, impact.value, impact.unit, currency)}`;
}

/** One row of the expected impact as typed: the value is text until it is read. */
export interface ImpactDraft {
  measure: string;
  value: string;
  unit: string;
  key?: string;
}

/** Drafts from recorded impacts (or the comparison's), for editing. */
export function impactDrafts(impacts: readonly ExpectedImpact[]): ImpactDraft[] {
  return impacts.map((impact) => ({
    measure: impact.measure,
    value: String(impact.value),
    unit: impact.unit,
    ...(impact.key !== undefined && { key: impact.key }),
  }));
}

/**
 * The typed rows as expected impacts: blank rows are dropped; a row with a name but no
 * number (or a number that does not read) is a problem named by its measure.
 */
export function readImpactDrafts(drafts: readonly ImpactDraft[]): {
  impacts: ExpectedImpact[];
  problem: string | null;
} {
  const impacts: ExpectedImpact[] = [];
  for (const draft of drafts) {
    const measure = draft.measure.trim();
    const text = draft.value.trim().replace(/[\s,]/g, '').replace('\u2212', '-');
    if (!measure && !text) continue;
    const value = Number(text);
    if (!measure) return { impacts, problem: 'Name the measure of each expected impact.' };
    if (!text || !Number.isFinite(value)) {
      return { impacts, problem: `Give "${measure}" a number (e.g. 120000 or -4000).` };
    }
    impacts.push({
      measure,
      value,
      unit: draft.unit.trim() || 'units',
      ...(draft.key !== undefined && { key: draft.key }),
    });
  }
  return { impacts, problem: null };
}
