import { addMonths } from '../dates.ts';
import type {
  ConsensusOverride,
  DemandStreams,
  ForecastSnapshot,
  Grid,
  Month,
  Plan,
  SnapshotCell,
  StreamAdjustment,
} from './types.ts';

/**
 * Demand as a stack of streams per family and month (domain.md 4.12): the statistical
 * baseline, each function's adjustment (sales, marketing, and any stream a plan adds)
 * and the consensus the plan uses.
 */

/** The adjustment streams of a plan that names none: sales, then marketing. */
export const DEFAULT_STREAMS: readonly string[] = ['sales', 'marketing'];

/** The longest lead time a family's forecast is judged at, in months. */
export const MAX_FORECAST_LAG = 6;

/** The lead time a family's forecast is judged at when it sets none. */
export const DEFAULT_FORECAST_LAG = 1;

/** How many closed cycles' snapshots a plan keeps (enough for a year judged at lag 6). */
export const SNAPSHOTS_KEPT = 18;

/** The reason codes an adjustment or an override takes. */
export const ADJUSTMENT_REASONS = [
  'promotion',
  'customer order',
  'price change',
  'new listing',
  'lost listing',
  'competitor',
  'market trend',
  'one-off event',
  'other',
] as const;

/** The streams of one family-month. */
export interface CellStreams {
  /** The baseline; null when the family-month has none. */
  baseline: number | null;
  /** Adjustments by stream name. */
  adjustments: Readonly<Record<string, StreamAdjustment>>;
  /** A consensus set by hand, which wins over the sum. */
  override?: ConsensusOverride;
}

/**
 * The consensus of a family-month: the override when one is set, else the baseline (0
 * without one) plus every adjustment, in stream-name order so every peer adds alike,
 * never below 0 (demand cannot be negative).
 */
export function consensusOf(cell: CellStreams): number {
  if (cell.override) return cell.override.value;
  let sum = cell.baseline ?? 0;
  for (const name of Object.keys(cell.adjustments).sort()) sum += cell.adjustments[name].amount;
  return Math.max(0, sum);
}

/** The plan's adjustment streams, in order. */
export function streamNames(plan: Pick<Plan, 'demandStreams'>): string[] {
  return [...(plan.demandStreams?.streams ?? DEFAULT_STREAMS)];
}

/** The streams of one family-month of a plan (its baseline is its demand when nothing adjusts it). */
export function cellStreamsOf(plan: Plan, family: string, month: Month): CellStreams {
  const streams = plan.demandStreams;
  const adjustments = streams?.adjustments[family]?.[month] ?? {};
  const override = streams?.overrides[family]?.[month];
  // Under streams the baseline is the streams' own; elsewhere the demand is the baseline.
  const baseline =
    (adjustments !== undefined && Object.keys(adjustments).length > 0) || override
      ? (streams?.baseline[family]?.[month] ?? null)
      : (plan.demand[family]?.[month] ?? null);
  return override ? { baseline, adjustments, override } : { baseline, adjustments };
}

/** True when someone adjusted the family-month or set its consensus by hand. */
export function isAdjusted(plan: Plan, family: string, month: Month): boolean {
  const streams = plan.demandStreams;
  if (!streams) return false;
  const adjustments = streams.adjustments[family]?.[month];
  return (
    (adjustments !== undefined && Object.keys(adjustments).length > 0) ||
    streams.overrides[family]?.[month] !== undefined
  );
}

/**
 * The plan's demand as the consensus of its streams: each family-month with an
 * adjustment or an override takes `consensusOf` its streams; the others keep their
 * demand, which is their baseline. Returns the same grid object when nothing adjusts.
 */
export function consensusDemand(plan: Plan): Grid {
  const streams = plan.demandStreams;
  if (!streams) return plan.demand;
  const demand: Grid = structuredClone(plan.demand);
  const cells = new Set<string>();
  for (const source of [streams.adjustments, streams.overrides]) {
    for (const [family, months] of Object.entries(source)) {
      for (const month of Object.keys(months)) cells.add(`${family}|${month}`);
    }
  }
  for (const key of cells) {
    const at = key.indexOf('|');
    const family = key.slice(0, at);
    const month = key.slice(at + 1);
    if (!isAdjusted(plan, family, month)) continue;
    (demand[family] ??= {})[month] = consensusOf(cellStreamsOf(plan, family, month));
  }
  return demand;
}

/**
 * A plan as read from a file: where functions adjusted demand, the demand is the
 * consensus of the streams (a family-month whose streams hold no baseline has a baseline
 * of 0). A plan without streams is returned as it is.
 */
export function withConsensus(plan: Plan): Plan {
  return plan.demandStreams ? { ...plan, demand: consensusDemand(plan) } : plan;
}

/**
 * The forecast as it stands, frozen for the snapshot of the plan's cycle: per family,
 * the months from the first period to `MAX_FORECAST_LAG` months on (the furthest a lag
 * reaches), each with its baseline, every stream's amount and the consensus.
 */
export function snapshotOf(plan: Plan): ForecastSnapshot {
  const streams = streamNames(plan);
  const first = plan.periods[0];
  const months = plan.periods.filter((month) => month <= addMonths(first, MAX_FORECAST_LAG));
  const families: Record<string, Record<Month, SnapshotCell>> = {};
  for (const family of plan.families) {
    const cells: Record<Month, SnapshotCell> = {};
    for (const month of months) {
      const cell = cellStreamsOf(plan, family.id, month);
      if (cell.baseline === null && !isAdjusted(plan, family.id, month)) continue;
      const adjustments: Record<string, number> = {};
      for (const stream of streams) adjustments[stream] = cell.adjustments[stream]?.amount ?? 0;
      cells[month] = {
        baseline: cell.baseline ?? 0,
        adjustments,
        consensus: plan.demand[family.id]?.[month] ?? consensusOf(cell),
      };
    }
    families[family.id] = cells;
  }
  return { cycle: plan.cycle, families };
}

/** The streams kept for the months of `periods` only (as a roll-over carries demand). */
export function streamsWithin(streams: DemandStreams, periods: ReadonlySet<Month>): DemandStreams {
  const within = <T>(rows: Record<string, Record<Month, T>>) => {
    const kept: Record<string, Record<Month, T>> = {};
    for (const [family, months] of Object.entries(rows)) {
      for (const [month, value] of Object.entries(months)) {
        if (periods.has(month)) (kept[family] ??= {})[month] = structuredClone(value);
      }
    }
    return kept;
  };
  return {
    streams: [...streams.streams],
    baseline: within(streams.baseline),
    adjustments: within(streams.adjustments),
    overrides: within(streams.overrides),
  };
}
