import type { Month, Plan } from '../../../shared/engine/types.ts';

/**
 * A family's new baseline beside the demand it would replace, like with like: the same
 * months (those of the plan's horizon the baseline covers, which are the months using it
 * writes), each baseline value rounded as it would be written, against the baseline
 * stream as it stands (the demand before any function's adjustment or a consensus set by
 * hand, which stay on top of whichever baseline is used).
 */
export interface BaselineComparison {
  /** The months compared, in order. */
  months: Month[];
  baseline: number;
  current: number;
  /** `baseline - current`. */
  difference: number;
}

/** Compares a family's baseline forecast with its current baseline stream over the same months. */
export function compareWithDemand(
  plan: Plan,
  family: string,
  forecast: readonly { month: Month; value: number }[],
): BaselineComparison {
  const horizon = new Set(plan.periods);
  const months: Month[] = [];
  let baseline = 0;
  let current = 0;
  for (const { month, value } of forecast) {
    if (!horizon.has(month)) continue;
    months.push(month);
    baseline += Math.round(value);
    current += currentBaseline(plan, family, month);
  }
  return { months, baseline, current, difference: baseline - current };
}

/** The baseline stream of a family-month now: under an adjustment it is kept apart. */
function currentBaseline(plan: Plan, family: string, month: Month): number {
  return plan.demandStreams?.baseline[family]?.[month] ?? plan.demand[family]?.[month] ?? 0;
}

/** The method as the page words it: "median of exponential smoothing (A,Ad,M), Theta and seasonal naive". */
export function methodWords(method: string): string {
  return method.replace(/\bETS\(([^)]*)\)/g, 'exponential smoothing ($1)');
}
