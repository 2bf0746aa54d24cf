import type { Month, Plan, Reconciliation } from '../../../../shared/engine/index.ts';
import { nameGaps, type NamedGap } from './named-gaps.ts';

/** One family's backlog: a stock, so read at its peak and at the horizon's end. */
export interface FamilyBacklogRow {
  id: string;
  name: string;
  /** The largest backlog in any month (units). */
  peak: number;
  /** The first month of that peak. */
  peakPeriod: Month;
  /** peak × price: the revenue delayed at the peak. */
  peakValue: number;
  /** The backlog at the horizon's end (units). */
  end: number;
  /** end × price: the revenue still owed at the horizon's end. */
  endValue: number;
  /** Shortage episodes of the family. */
  episodes: number;
}

/**
 * What the critical constraints panel shows (domain.md 4.5 and 4.6). Overloads and
 * shortages are counted and valued apart, never added together; backlog is a stock, so
 * it is read per family at its peak and at the horizon's end, and in total as the
 * largest month's value and what is still owed at the end: never summed over months.
 */
export interface Constraints {
  /** Overloaded resource-months and shortage episodes, in the gap list's order. */
  gaps: NamedGap[];
  overloads: number;
  /** Hours over capacity over every overloaded resource-month. */
  overloadHours: number;
  /** Revenue of the supply over capacity. */
  overloadValue: number;
  /** Shortage episodes. */
  shortages: number;
  /** Families with a backlog, largest peak value first. */
  families: FamilyBacklogRow[];
  /** The largest month's Σ backlog × price, and that month (null without backlog). */
  peakBacklogValue: number;
  peakBacklogPeriod: Month | null;
  /** Σ backlog at the horizon's end × price. */
  unshippedDemand: number;
}

/** Overloaded resources and shortages, with every family's backlog at its peak and end. */
export function constraints(plan: Plan, result: Reconciliation): Constraints {
  const critical = result.gaps.filter((gap) => gap.kind === 'overload' || gap.kind === 'shortage');
  const prices = new Map(plan.families.map((family) => [family.id, family.price]));
  const episodes = new Map<string, number>();
  for (const gap of critical) {
    if (gap.kind === 'shortage') episodes.set(gap.subject, (episodes.get(gap.subject) ?? 0) + 1);
  }
  let overloadHours = 0;
  for (const gap of critical) if (gap.kind === 'overload') overloadHours += gap.amount;
  const families: FamilyBacklogRow[] = [];
  for (const family of result.families) {
    const { peak, peakPeriod, end } = family.backlog;
    if (peak <= 0 || peakPeriod === null) continue;
    const price = prices.get(family.id) ?? 0;
    families.push({
      id: family.id,
      name: family.name,
      peak,
      peakPeriod,
      peakValue: peak * price,
      end,
      endValue: end * price,
      episodes: episodes.get(family.id) ?? 0,
    });
  }
  families.sort(
    (a, b) => b.peakValue - a.peakValue || b.endValue - a.endValue || a.name.localeCompare(b.name),
  );
  return {
    gaps: nameGaps(result, critical),
    overloads: result.gapSummary.overload.count,
    overloadHours,
    overloadValue: result.gapSummary.overload.value,
    shortages: result.gapSummary.shortage.count,
    families,
    peakBacklogValue: result.backlog.peakValue,
    peakBacklogPeriod: result.backlog.peakPeriod,
    unshippedDemand: result.backlog.unshippedDemand,
  };
}
