import { fiscalYearOutlook, type FiscalYearOutlook } from './fiscal-year.ts';
import { actualMarginBridge, type MarginBridge } from './margin-bridge.ts';
import { performance, type Performance } from './performance.ts';
import { stockMeasures, type StockMeasures } from './stock-measures.ts';
import type { Plan, Reconciliation } from './types.ts';

/**
 * What the plan's actuals and stock say beside its reconciliation (domain.md 4.4 and 4.8
 * to 4.10): performance in the month just ended, the stock's worth and cost month by
 * month, the fiscal-year outlook and the margin bridge of the month just ended.
 */
export interface PlanMeasures {
  performance: Performance;
  stock: StockMeasures;
  fiscalYear: FiscalYearOutlook;
  /** Actual vs plan of the month just ended (plan at this cycle's prices: no closed plan here). */
  marginBridge: MarginBridge;
}

/** Every measure of {@link PlanMeasures} for a plan and its reconciliation. */
export function planMeasures(plan: Plan, result: Reconciliation): PlanMeasures {
  return {
    performance: performance(plan),
    stock: stockMeasures(plan, result),
    fiscalYear: fiscalYearOutlook(plan, result),
    marginBridge: actualMarginBridge(plan),
  };
}
