/**
 * The reconciliation engine: pure, deterministic functions of plain data.
 * Every browser and the server run the same code and, on the same plan, compute
 * byte-identical results.
 */
export * from './types.ts';
export { isMonth, addMonths, monthOrdinal } from './month.ts';
export {
  parsePlan,
  formatPlanIssue,
  PLAN_FORMAT,
  PLAN_VERSION,
  MAX_PERIODS,
} from './plan-schema.ts';
export { reconcile } from './reconcile.ts';
export type { ReconciliationView } from './result-view.ts';
export { compareGaps } from './gaps.ts';
export { comparePlans } from './compare.ts';
export { IncrementalReconciler, type CellChange } from './incremental.ts';
export {
  applyScenario,
  parseScenario,
  reconcileScenarios,
  summarizeScenarios,
  ScenarioBuffers,
  type GapKindTotal,
  type ScenarioOutcome,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type Override,
  type OverrideMeasure,
  type OverrideOperation,
  type Scenario,
  type ScenarioParseResult,
} from './scenario.ts';
export { suggestScenarios, type Suggestion } from './suggestions.ts';
