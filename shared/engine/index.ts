/**
 * The reconciliation engine: pure, deterministic functions of plain data.
 * Every browser and the server run the same code and, on the same plan, compute
 * byte-identical results.
 */
export * from './types.ts';
export { isMonth, addMonths, monthOrdinal } from '../dates.ts';
export {
  parsePlan,
  formatPlanIssue,
  PLAN_FORMAT,
  PLAN_VERSION,
  MAX_PERIODS,
} from './plan-schema.ts';
export { reconcile } from './reconcile.ts';
export * from './demand-streams.ts';
export type { ReconciliationView } from './result-view.ts';
export { compareGaps } from './gaps.ts';
export { comparePlans } from './compare.ts';
export { IncrementalReconciler, type CellChange } from './incremental.ts';
// Scenarios and suggestions are imported from './scenario.ts' and './suggestions.ts'
// where needed (the lazily loaded Scenarios view, the command line): re-exported here,
// they would land in the page's first download. Their types are free to share.
export type {
  GapKindTotal,
  ScenarioOutcome,
  Override,
  OverrideMeasure,
  OverrideOperation,
  Scenario,
  ScenarioParseResult,
} from './scenario.ts';
export type { Suggestion } from './suggestions.ts';
