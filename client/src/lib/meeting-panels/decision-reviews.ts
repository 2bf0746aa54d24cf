import type { WithId } from '../../../../shared/doc/index.ts';
import { addMonths, type Month, type Plan } from '../../../../shared/engine/index.ts';
import { actualMarginBridge } from '../../../../shared/engine/margin-bridge.ts';
import { performance, type Performance } from '../../../../shared/engine/performance.ts';
import type { Decision, ExpectedImpact } from '../../../../shared/schema/records.ts';

/**
 * The review, on agenda item 1 of a later cycle, of the decisions an earlier cycle
 * agreed with a review date: which are due, and for each expected measure what the
 * actuals of the month just ended say beside it, or plainly why that cannot be known yet.
 * Plain functions of the records and the plan (the engine's measures, unchanged).
 */

/**
 * The agreed decisions of earlier cycles whose review date is on or before `day` (the
 * meeting's day): reviewed ones too, so the verdict shows. Soonest review date first.
 */
export function decisionsDueForReview(
  decisions: readonly WithId<Decision>[],
  cycle: Month,
  day: string,
): WithId<Decision>[] {
  return decisions
    .filter(
      (decision) =>
        decision.status === 'agreed' &&
        decision.reviewDate !== undefined &&
        decision.reviewDate <= day &&
        decision.madeIn < cycle &&
        !decision.archived,
    )
    .sort(
      (a, b) =>
        (a.reviewDate ?? '').localeCompare(b.reviewDate ?? '') ||
        a.question.localeCompare(b.question),
    );
}

/** What the ended month says of one expected measure. */
export interface ImpactReading {
  impact: ExpectedImpact;
  /** The month the actual is read from. */
  month: Month;
  /** Actual beside what the plan had for that month, in the plan's currency; null when not known. */
  actual: { actual: number; plan: number; difference: number } | null;
  /** What the actual is (`Revenue in December 2026`); null when not known. */
  reads: string | null;
  /** Why the actual cannot be known yet; null when it is known. */
  unknown: string | null;
}

/**
 * What the ended month's actuals say of each expected measure: revenue reads shipped ×
 * price against the planned shipments (domain.md 4.8); margin (and margin after costs,
 * read as margin: the actuals hold no holding or overtime costs) reads the actual vs plan
 * margin bridge (4.10). A measure over the whole horizon (what is still owed at its end,
 * inventory at its end, backlog at its peak, overload, gaps) cannot be known from one
 * month (the closed plan's horizon, when known, is the one it was expected over), and a
 * month with no shipments recorded knows none: each says so in words.
 * `closed` is the closed cycle's plan when known (its prices for the plan side).
 */
export function readImpacts(
  impacts: readonly ExpectedImpact[],
  plan: Plan,
  closed: Plan | null,
  monthName: (month: Month) => string,
  measured: Performance = performance(plan),
): ImpactReading[] {
  const month = addMonths(plan.periods[0], -1);
  const recorded = plan.families.some(
    (family) => plan.actuals?.[family.id]?.[month]?.shipped !== undefined,
  );
  const horizon = (closed ?? plan).periods;
  const noActuals = `No shipments are recorded for ${monthName(month)} yet: the actual cannot be known yet.`;
  return impacts.map((impact): ImpactReading => {
    const reading = { impact, month, actual: null, reads: null };
    switch (impact.key) {
      case 'revenue': {
        const revenue = measured.total.actualVsPlan.revenue;
        if (!recorded || revenue === null) return { ...reading, unknown: noActuals };
        return {
          ...reading,
          actual: { actual: revenue.actual, plan: revenue.plan, difference: revenue.difference },
          reads: `Revenue in ${monthName(month)}, actual against plan`,
          unknown: null,
        };
      }
      case 'margin':
      case 'marginAfterCosts': {
        if (!recorded) return { ...reading, unknown: noActuals };
        const bridge = actualMarginBridge(plan, closed ?? undefined);
        return {
          ...reading,
          actual: { actual: bridge.current, plan: bridge.previous, difference: bridge.total },
          reads: `Margin in ${monthName(month)}, actual against plan${impact.key === 'marginAfterCosts' ? ' (before holding and overtime costs)' : ''}`,
          unknown: null,
        };
      }
      case undefined:
        return {
          ...reading,
          unknown: `No actual is kept for "${impact.measure}": the meeting judges it.`,
        };
      default:
        return {
          ...reading,
          unknown: `"${impact.measure}" is measured over the whole horizon, to ${monthName(horizon[horizon.length - 1])}: one ended month cannot tell it yet.`,
        };
    }
  });
}
