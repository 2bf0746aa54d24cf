import type { ComparedMeasure } from '../../../../shared/scenarios/compare-scenarios.ts';
import type { Formatters } from '../../lib/format.ts';

/** The measures an override can change, in the user's words. */
export const MEASURE_LABEL = {
  demand: 'Demand',
  supply: 'Supply',
  capacity: 'Capacity',
  price: 'Price',
} as const;

/** The operations of an override. */
export const OPERATION_LABEL = {
  scale: 'scale ×',
  add: 'add +',
  set: 'set =',
} as const;

/** The compared totals, as the comparison table names them. */
export const COMPARED_LABEL: Record<ComparedMeasure, string> = {
  revenue: 'Revenue',
  margin: 'Margin',
  holdingCost: 'Holding cost',
  extraHoursCost: 'Extra hours cost',
  marginAfterCosts: 'Margin after holding and extra hours',
  budgetGap: 'Revenue vs budget (budgeted months)',
  peakBacklogValue: 'Backlog at its peak month (value)',
  unshippedDemand: 'Still owed at horizon end (value)',
  overloadHours: 'Overload (hours)',
  endInventory: 'Inventory at end of horizon (at cost)',
  gapCount: 'Gaps',
};

/** The compared totals that are money; the others are units, hours and counts. */
const MONEY_MEASURES: ReadonlySet<ComparedMeasure> = new Set([
  'revenue',
  'margin',
  'holdingCost',
  'extraHoursCost',
  'marginAfterCosts',
  'budgetGap',
  'peakBacklogValue',
  'unshippedDemand',
  'endInventory',
]);

/** How a compared total reads: money, or units, hours and counts. */
export function formatMeasure(format: Formatters, measure: ComparedMeasure, value: number): string {
  return MONEY_MEASURES.has(measure) ? format.moneyCompact(value) : format.quantity(value);
}

/** A difference with its sign: `+€1.2M`, `−340`. */
export function formatDelta(format: Formatters, measure: ComparedMeasure, delta: number): string {
  const text = formatMeasure(format, measure, Math.abs(delta));
  return delta > 0 ? `+${text}` : delta < 0 ? `\u2212${text}` : '±0';
}
