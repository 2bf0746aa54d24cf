import type { Family, Plan, PlanSettings } from './types.ts';

/** Every setting with its default (domain.md section 3). */
export type ResolvedSettings = Required<PlanSettings>;

/** The defaults a plan without `settings` (or a version 1 file) is read with. */
export const DEFAULT_SETTINGS: Readonly<ResolvedSettings> = Object.freeze({
  budgetTolerance: 0.02,
  trackingWindow: 6,
  trackingLimit: 4,
  fiscalYearStart: 1,
  holdingRate: 0.02,
  backlogPenaltyRate: 0.05,
  safetyShortfallPenalty: 0.1,
  overtimeShare: 0.2,
  planChangePenalty: 0.01,
});

/** The plan's settings with every absent one at its default. */
export function planSettings(plan: Pick<Plan, 'settings'>): ResolvedSettings {
  return { ...DEFAULT_SETTINGS, ...definedOnly(plan.settings ?? {}) };
}

/** A family's monthly holding rate: its own, else the plan's setting. */
export function holdingRateOf(family: Family, settings: ResolvedSettings): number {
  return family.holdingRate ?? settings.holdingRate;
}

function definedOnly(settings: PlanSettings): PlanSettings {
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  ) as PlanSettings;
}
