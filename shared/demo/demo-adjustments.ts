import type { Month } from '../dates.ts';
import type { ADJUSTMENT_REASONS } from '../engine/demand-streams.ts';
import type { ConsensusOverride, StreamAdjustment } from '../engine/types.ts';

/**
 * The current cycle's demand review in a demo plan: who adjusted which family's first
 * months and why, the one consensus the facilitator set by hand, the families judged at
 * a longer lead time, and the promotion marked in the history. Written out rather than
 * drawn, so the demo always tells the same story with the demo workspace's people.
 */

/** The demo workspace's people who take part in the demand review, by what they do. */
export const DEMO_REVIEWERS = Object.freeze({
  facilitator: 'Fran Facilitator',
  sales: 'Sam Sales',
  marketing: 'Mia Marketing',
});

type Reason = (typeof ADJUSTMENT_REASONS)[number];

/** One scripted adjustment: a share of the family's baseline in one of the first months. */
interface ScriptedAdjustment {
  /** The family's index (0 = F01). */
  f: number;
  /** Months after the cycle. */
  lag: number;
  stream: 'sales' | 'marketing';
  /** The amount as a share of the month's baseline. */
  share: number;
  reason: Reason;
  note: string;
}

const SCRIPT: readonly ScriptedAdjustment[] = [
  {
    f: 0,
    lag: 0,
    stream: 'sales',
    share: 0.12,
    reason: 'customer order',
    note: 'A DIY chain confirmed a restocking order for all its stores.',
  },
  {
    f: 0,
    lag: 1,
    stream: 'sales',
    share: 0.07,
    reason: 'customer order',
    note: 'The second half of the DIY chain order, already in the order book.',
  },
  {
    f: 0,
    lag: 1,
    stream: 'marketing',
    share: 0.15,
    reason: 'promotion',
    note: 'Cordless drills on the front page of the retail flyer.',
  },
  {
    f: 1,
    lag: 0,
    stream: 'sales',
    share: -0.06,
    reason: 'lost listing',
    note: 'A garden centre chain delisted the 15 m hose.',
  },
  {
    f: 1,
    lag: 2,
    stream: 'marketing',
    share: 0.2,
    reason: 'promotion',
    note: 'Early-season garden campaign in social media and in store.',
  },
  {
    f: 2,
    lag: 0,
    stream: 'sales',
    share: 0.1,
    reason: 'new listing',
    note: 'Listed with a large online retailer from this month.',
  },
  {
    f: 2,
    lag: 0,
    stream: 'marketing',
    share: 0.08,
    reason: 'price change',
    note: 'Recommended price down 10% with the new model year.',
  },
  {
    f: 4,
    lag: 1,
    stream: 'marketing',
    share: -0.08,
    reason: 'competitor',
    note: 'A competitor launches a cheaper battery mower.',
  },
  {
    f: 4,
    lag: 2,
    stream: 'sales',
    share: 0.06,
    reason: 'market trend',
    note: 'Dealers report an early start of the season.',
  },
];

/** The consensus set by hand: a round figure for one month the meeting agreed on. */
const OVERRIDE = {
  f: 2,
  lag: 1,
  /** The consensus as a multiple of the month's baseline, rounded to tens. */
  factor: 1.05,
  reason: 'new listing' as Reason,
  note: 'Agreed in the pre-meeting: plan the new listing cautiously until its first month is in.',
};

/** Families judged at a longer lead time than the default month (index to lag). */
const FORECAST_LAGS: Readonly<Record<number, number>> = { 3: 2, 6: 3 };

/** The family whose history holds a one-off promotion, how far back, and its uplift. */
const ONE_OFF = { f: 1, back: 20, uplift: 1.7 };

/** The lead time family `f` is judged at, when not the default. */
export function demoForecastLag(f: number): number | undefined {
  return FORECAST_LAGS[f];
}

/**
 * The one-off promotion in family `f`'s history, if it has one: the month (`back`
 * months before the cycle) and the factor its orders were multiplied by.
 */
export function demoOneOff(f: number): { back: number; uplift: number } | null {
  return f === ONE_OFF.f ? { back: ONE_OFF.back, uplift: ONE_OFF.uplift } : null;
}

/** A family's streams in the current cycle, as a plan's `demandStreams` keeps them. */
export interface FamilyStreams {
  /** The baseline of the adjusted months only. */
  baseline: Record<Month, number>;
  adjustments: Record<Month, Record<string, StreamAdjustment>>;
  overrides: Record<Month, ConsensusOverride>;
}

/**
 * The current cycle's streams of family `f` over `baseline` (its statistical baseline
 * per period): its scripted adjustments, each by the demo person of its stream with a
 * reason and a note, and the facilitator's override when it is the family that has one.
 * Most families have none: empty records.
 */
export function demoFamilyStreams(
  f: number,
  periods: readonly Month[],
  baseline: Readonly<Record<Month, number>>,
): FamilyStreams {
  const streams: FamilyStreams = { baseline: {}, adjustments: {}, overrides: {} };
  SCRIPT.forEach((step, index) => {
    const month = periods[step.lag];
    if (step.f !== f || month === undefined) return;
    const amount = Math.round(baseline[month] * step.share) || Math.sign(step.share);
    streams.baseline[month] = baseline[month];
    (streams.adjustments[month] ??= {})[step.stream] = {
      amount,
      author: DEMO_REVIEWERS[step.stream],
      reason: step.reason,
      note: step.note,
      at: stampOf(periods[0], index),
    };
  });
  const month = periods[OVERRIDE.lag];
  if (OVERRIDE.f === f && month !== undefined) {
    streams.baseline[month] = baseline[month];
    streams.overrides[month] = {
      value: Math.round((baseline[month] * OVERRIDE.factor) / 10) * 10,
      author: DEMO_REVIEWERS.facilitator,
      reason: OVERRIDE.reason,
      note: OVERRIDE.note,
      at: stampOf(periods[0], SCRIPT.length),
    };
  }
  return streams;
}

/** When the `index`th change was made: mornings in the cycle's first week, in turn. */
function stampOf(cycle: Month, index: number): string {
  const day = String(2 + Math.floor(index / 4)).padStart(2, '0');
  const hour = String(9 + (index % 4) * 2).padStart(2, '0');
  return `${cycle}-${day}T${hour}:00:00.000Z`;
}
