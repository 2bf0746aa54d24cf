/**
 * Demand as a stack of streams per family and month (domain.md, the demand review): the
 * statistical baseline, each function's adjustment (sales, marketing, and any stream a
 * workspace adds), and the consensus the plan uses.
 */

/** One function's adjustment of a family-month: how much, who, and why. */
export interface StreamAdjustment {
  amount: number;
  author: string;
  /** A reason code, e.g. "promotion", "customer order", "price change". */
  reason: string;
  note?: string;
}

/** The streams of one family-month. */
export interface DemandStreams {
  /** The statistical baseline; null before one was made. */
  baseline: number | null;
  /** Adjustments by stream name ("sales", "marketing", ...). */
  adjustments: Readonly<Record<string, StreamAdjustment>>;
  /** A consensus set by hand, which wins over the sum; with who set it and why. */
  override?: { value: number; author: string; reason: string };
}

/** The reason codes an adjustment takes. */
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

/**
 * The consensus of a family-month: the override when one is set, else the baseline (0
 * without one) plus every adjustment, never below 0 (demand cannot be negative).
 */
export function consensusOf(streams: DemandStreams): number {
  if (streams.override) return streams.override.value;
  let sum = streams.baseline ?? 0;
  for (const name of Object.keys(streams.adjustments).sort()) {
    sum += streams.adjustments[name].amount;
  }
  return Math.max(0, sum);
}
