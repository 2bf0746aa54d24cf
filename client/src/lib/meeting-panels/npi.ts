import type { WithId } from '../../../../shared/doc/index.ts';
import { monthOrdinal, type Month } from '../../../../shared/engine/index.ts';
import type { NpiItem } from '../../../../shared/schema/records.ts';

/** An NPI item with how late it runs. */
export interface NpiProgress extends WithId<NpiItem> {
  /** Months the forecast launch is after the planned one (0 when on plan or earlier). */
  lateBy: number;
  /** Planned launch before the cycle's month and not launched yet. */
  isOverdue: boolean;
}

/** NPI items, late or overdue first, then by planned launch. */
export function npiProgress(items: WithId<NpiItem>[], cycle: Month): NpiProgress[] {
  return items
    .map((item) => ({
      ...item,
      lateBy: item.forecastLaunch
        ? Math.max(0, monthOrdinal(item.forecastLaunch) - monthOrdinal(item.plannedLaunch))
        : 0,
      isOverdue:
        item.stage !== 'launched' && monthOrdinal(item.plannedLaunch) < monthOrdinal(cycle),
    }))
    .sort(
      (a, b) =>
        Number(b.lateBy > 0 || b.isOverdue) - Number(a.lateBy > 0 || a.isOverdue) ||
        b.lateBy - a.lateBy ||
        a.plannedLaunch.localeCompare(b.plannedLaunch) ||
        a.name.localeCompare(b.name),
    );
}
