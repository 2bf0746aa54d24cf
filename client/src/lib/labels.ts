import type { FamilyStatus, GapKind } from '../../../shared/engine/index.ts';
import { FAMILY_STATUS_WORDS, GAP_KIND_WORDS, labelsOf } from '../../../shared/vocabulary/index.ts';

/**
 * The plan's words as the page uses them, by key, from the shared vocabulary; and the
 * page's own bands of resource utilization.
 */

/** How a family-period status reads on the page. */
export const STATUS_LABEL: Record<FamilyStatus, string> = labelsOf(FAMILY_STATUS_WORDS);

/** Short status words for dense grids; the full label goes to assistive technology. */
export const STATUS_SHORT = Object.fromEntries(
  Object.entries(FAMILY_STATUS_WORDS).map(([status, word]) => [status, word.short]),
) as Record<FamilyStatus, string>;

/**
 * The chip beside a family's name in the plan's sheet: its worst problem over the horizon
 * (`Below safety`), or `On plan` under the `ok` key.
 */
export const PROBLEM_CHIP: Record<FamilyStatus | 'belowBudget', string> = {
  shortage: FAMILY_STATUS_WORDS.shortage.chip,
  belowSafetyStock: FAMILY_STATUS_WORDS.belowSafetyStock.chip,
  overstock: FAMILY_STATUS_WORDS.overstock.chip,
  ok: FAMILY_STATUS_WORDS.ok.chip,
  // Below budget is a kind of gap, not a family status: its label is short already.
  belowBudget: GAP_KIND_WORDS.belowBudget.label,
};

/** How a gap kind reads on the page. */
export const GAP_KIND_LABEL: Record<GapKind, string> = labelsOf(GAP_KIND_WORDS);

/** The unit of a gap's amount. */
export const GAP_UNIT = Object.fromEntries(
  Object.entries(GAP_KIND_WORDS).map(([kind, word]) => [kind, word.unit]),
) as Record<GapKind, 'units' | 'hours' | 'money'>;

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
