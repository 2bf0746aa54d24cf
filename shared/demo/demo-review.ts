import { addMonths, monthOrdinal, monthRange, type Month } from '../dates.ts';
import { consensusOf, MAX_FORECAST_LAG, SNAPSHOTS_KEPT } from '../engine/demand-streams.ts';
import type {
  ConsensusOverride,
  Family,
  HistoryMark,
  HistoryPoint,
  Plan,
  SnapshotCell,
  StreamAdjustment,
} from '../engine/types.ts';
import { planBaselines } from '../forecast/plan-baseline.ts';
import { mulberry32 } from '../random.ts';
import { between, CHANNEL, key } from './demo-streams.ts';

/**
 * The demand review's past in a demo plan: for each of the last closed cycles, the
 * forecast as it was frozen at its close, made the way a real cycle makes it. The
 * statistical baseline is run on the history known then; sales, who see the customers'
 * orders, adjust it towards what then happened (they mostly add value); marketing
 * expects more from its promotions than they bring (it often takes value away); now
 * and then the meeting sets a consensus by hand.
 */

/** Months of history before the cycle in a demo plan with the demand review's past. */
export const DEMO_REVIEW_HISTORY_MONTHS = 36;

/** Months a snapshot holds: the cycle's own and the next `MAX_FORECAST_LAG`. */
export const DEMO_SNAPSHOT_MONTHS = MAX_FORECAST_LAG + 1;

/** A month's streams in a closed cycle: the numbers its snapshot keeps. */
interface PastCell {
  baseline: number;
  sales: number;
  marketing: number;
  override: number | null;
}

/** What the demand review of one demo family made, past and present. */
export interface FamilyReview {
  /** Per closed cycle, oldest first, the frozen forecast of its months. */
  snapshots: { cycle: Month; cells: Record<Month, SnapshotCell> }[];
  /** The statistical baseline of the current cycle, per period. */
  baseline: number[];
}

/**
 * The demand review of one family: the snapshots of the `SNAPSHOTS_KEPT` cycles before
 * `cycle` and the current baseline for `periods`.
 *
 * @param known the family's history: the actual of every month before `cycle`.
 * @param marks the months of that history a person marked (applied as the baseline does).
 * @param truth what customers ordered (or will order) in any month: the past months'
 *   actual, and for months from `cycle` on what will happen, which the plan never shows.
 */
export function familyReview(
  seed: number,
  f: number,
  family: Family,
  cycle: Month,
  periods: readonly Month[],
  known: Readonly<Record<Month, HistoryPoint>>,
  marks: Readonly<Record<Month, HistoryMark>>,
  truth: (month: Month) => number,
): FamilyReview {
  const snapshots: FamilyReview['snapshots'] = [];
  for (let back = SNAPSHOTS_KEPT; back >= 1; back--) {
    const closed = addMonths(cycle, -back);
    const baseline = baselineAt(family, closed, DEMO_SNAPSHOT_MONTHS, known, marks);
    const cells: Record<Month, SnapshotCell> = {};
    baseline.forEach((value, lag) => {
      const month = addMonths(closed, lag);
      cells[month] = snapshotCell(pastCell(seed, f, closed, lag, value, truth(month)));
    });
    snapshots.push({ cycle: closed, cells });
  }
  const baseline = baselineAt(family, cycle, periods.length, known, marks);
  return { snapshots, baseline };
}

/**
 * The statistical baseline (`planBaselines`) of one family as it was at `cycle`: run on
 * the months of history before it, with the marks made on them, for `horizon` months
 * from `cycle` on, rounded to units.
 */
function baselineAt(
  family: Family,
  cycle: Month,
  horizon: number,
  known: Readonly<Record<Month, HistoryPoint>>,
  marks: Readonly<Record<Month, HistoryMark>>,
): number[] {
  const before = <T>(rows: Readonly<Record<Month, T>>) =>
    Object.fromEntries(Object.entries(rows).filter(([month]) => month < cycle));
  const history: Record<Month, HistoryPoint> = {};
  for (const [month, point] of Object.entries(before(known))) {
    if (point.actual !== undefined) history[month] = { actual: point.actual };
  }
  const view: Plan = {
    format: 'fulcrum.plan',
    version: 2,
    cycle,
    currency: 'EUR',
    periods: monthRange(cycle, horizon),
    families: [family],
    resources: [],
    loads: [],
    demand: {},
    supply: {},
    capacity: {},
    budget: {},
    history: { [family.id]: history },
    historyMarks: { [family.id]: before(marks) },
  };
  const [result] = planBaselines(view, horizon);
  return result.forecast.map((point) => Math.max(0, Math.round(point.value)));
}

/**
 * The streams of month `closed + lag` as cycle `closed` left them. Sales adjust most of
 * the near months that stray from the baseline by a share of what the month then did
 * (more the nearer it is: the orders are in the book) with a little noise of their own,
 * and a few far months by less. Marketing adds an expected promotion uplift to about a
 * third of the months one to four ahead, which the orders mostly never show, and
 * sometimes takes a little off. About one near month in thirty gets a consensus set by
 * hand, a round number near the sum.
 */
function pastCell(
  seed: number,
  f: number,
  closed: Month,
  lag: number,
  baseline: number,
  actual: number,
): PastCell {
  const index = monthOrdinal(closed) * (DEMO_SNAPSHOT_MONTHS + 1) + lag;
  const near = lag <= 2;

  const salesDraw = mulberry32(key(seed, CHANNEL.salesView, f, index));
  const deviation = actual - baseline;
  let sales = 0;
  if (salesDraw() < (near ? 0.7 : 0.25) && Math.abs(deviation) >= 0.04 * baseline) {
    const share = near ? between(salesDraw, 0.35, 0.8) - 0.1 * lag : between(salesDraw, 0, 0.35);
    sales = Math.round(deviation * share + 0.03 * baseline * (salesDraw() * 2 - 1));
  }

  const marketingDraw = mulberry32(key(seed, CHANNEL.marketingView, f, index));
  let marketing = 0;
  if (marketingDraw() < (lag >= 1 && lag <= 4 ? 0.35 : 0.08)) {
    const uplift =
      marketingDraw() < 0.8
        ? between(marketingDraw, 0.05, 0.2)
        : -between(marketingDraw, 0.02, 0.08);
    marketing = Math.round(baseline * uplift);
  }

  const overrideDraw = mulberry32(key(seed, CHANNEL.override, f, index));
  let override: number | null = null;
  if (near && overrideDraw() < 0.035) {
    const sum = Math.max(0, baseline + sales + marketing);
    override = Math.round((sum * between(overrideDraw, 0.94, 1.06)) / 10) * 10;
  }
  return { baseline, sales, marketing, override };
}

/** A past month's streams as a snapshot keeps them, with the consensus they made. */
function snapshotCell(cell: PastCell): SnapshotCell {
  const adjustments: Record<string, StreamAdjustment> = {};
  const stamp = (amount: number): StreamAdjustment => ({ amount, author: '', reason: 'other' });
  if (cell.sales !== 0) adjustments.sales = stamp(cell.sales);
  if (cell.marketing !== 0) adjustments.marketing = stamp(cell.marketing);
  const override: ConsensusOverride | undefined =
    cell.override === null ? undefined : { value: cell.override, author: '', reason: 'other' };
  const consensus = consensusOf({
    baseline: cell.baseline,
    adjustments,
    ...(override && { override }),
  });
  return {
    baseline: cell.baseline,
    adjustments: { sales: cell.sales, marketing: cell.marketing },
    consensus,
  };
}
