import type { Reconciliation } from '../../../../shared/engine/index.ts';
import { nameGaps, type NamedGap } from './named-gaps.ts';

/** What the critical constraints panel shows. */
export interface Constraints {
  /** Overloaded resource-months and shortages, in the gap list's order (value first). */
  gaps: NamedGap[];
  overloads: number;
  overloadHours: number;
  shortages: number;
  shortageUnits: number;
  /** Money at stake over both. */
  value: number;
}

/** Overloaded resources and shortages from the gap list. */
export function constraints(result: Reconciliation): Constraints {
  const critical = result.gaps.filter((gap) => gap.kind === 'overload' || gap.kind === 'shortage');
  let overloadHours = 0;
  let shortageUnits = 0;
  let value = 0;
  for (const gap of critical) {
    if (gap.kind === 'overload') overloadHours += gap.amount;
    else shortageUnits += gap.amount;
    value += gap.value;
  }
  return {
    gaps: nameGaps(result, critical),
    overloads: critical.filter((gap) => gap.kind === 'overload').length,
    overloadHours,
    shortages: critical.filter((gap) => gap.kind === 'shortage').length,
    shortageUnits,
    value,
  };
}
