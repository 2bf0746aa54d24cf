import type { FamilyStatus, GapKind } from '../../../shared/engine/index.ts';

/** How a family-period status reads on the page. */
export const STATUS_LABEL: Record<FamilyStatus, string> = {
  shortage: 'Shortage',
  belowSafetyStock: 'Below safety',
  overstock: 'Overstock',
  ok: 'OK',
};

/** Short status words for dense grids; the full label goes to assistive technology. */
export const STATUS_SHORT: Record<FamilyStatus, string> = {
  shortage: 'Short',
  belowSafetyStock: 'Low',
  overstock: 'Over',
  ok: 'OK',
};

/** How a gap kind reads on the page. */
export const GAP_KIND_LABEL: Record<GapKind, string> = {
  shortage: 'Shortage',
  belowSafetyStock: 'Below safety stock',
  overload: 'Overload',
  belowBudget: 'Below budget',
};

/** The unit of a gap's amount. */
export const GAP_UNIT: Record<GapKind, 'units' | 'hours' | 'money'> = {
  shortage: 'units',
  belowSafetyStock: 'units',
  overload: 'hours',
  belowBudget: 'money',
};

/** Utilization at or above this ratio is tight; above 1 it is overloaded. */
export const TIGHT_UTILIZATION = 0.9;

/** The band of a resource-month's utilization, for colour and its text. */
export type UtilizationBand = 'over' | 'tight' | 'ok' | 'none';

/** The band of a utilization ratio; `null` capacity is `none` unless there is load. */
export function utilizationBand(utilization: number | null, load: number): UtilizationBand {
  if (utilization === null) return load > 0 ? 'over' : 'none';
  if (utilization > 1) return 'over';
  if (utilization >= TIGHT_UTILIZATION) return 'tight';
  return 'ok';
}
