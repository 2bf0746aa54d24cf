import type { Decision } from '../schema/records.ts';
import { dayText, utcDay } from '../dates.ts';
import { moneyText, sentence } from './minutes-format.ts';

/**
 * What the minutes say of a decision beyond its question and choice: what it is expected
 * to move, when it is to be reviewed, and, once reviewed, whether it delivered.
 */

/** A review's outcome as the minutes write it. */
export const REVIEW_OUTCOME_WORDS: Readonly<
  Record<NonNullable<Decision['review']>['outcome'], string>
> = {
  delivered: 'Delivered',
  partly: 'Partly delivered',
  notDelivered: 'Not delivered',
};

/**
 * A decision is in a cycle's minutes when it was made in the cycle, or when an earlier
 * cycle's decision was reviewed in it (it carried over for its review).
 */
export function isInMinutes(decision: Decision, cycle: string): boolean {
  return decision.madeIn === cycle || (decision.madeIn < cycle && decision.review !== undefined);
}

/**
 * The expected impact in words, one line per measure: `Margin after costs: +120,000 EUR`
 * (money in a currency code's unit, other units after the number).
 */
export function impactWords(decision: Decision): string[] {
  return (decision.expectedImpact ?? []).map((impact) => {
    const sign = impact.value > 0 ? '+' : '';
    const amount = /^[A-Z]{3}$/.test(impact.unit)
      ? moneyText(impact.value, impact.unit)
      : `${moneyText(impact.value, '')} ${impact.unit}`;
    return `${impact.measure}: ${sign}${amount}`;
  });
}

/**
 * The review in one sentence: `Partly delivered (reviewed by Fran on 14 Jan 2027): half
 * the backlog cleared.`; `To be reviewed by 15 Jan 2027.` before it; null without a
 * review date or review.
 */
export function reviewWords(decision: Decision): string | null {
  const review = decision.review;
  if (review) {
    const day = utcDay(review.at);
    const head = `${REVIEW_OUTCOME_WORDS[review.outcome]} (reviewed by ${review.by}${day ? ` on ${dayText(day)}` : ''})`;
    return review.note ? sentence(`${head}: ${review.note}`) : `${head}.`;
  }
  return decision.reviewDate ? `To be reviewed by ${dayText(decision.reviewDate)}.` : null;
}
