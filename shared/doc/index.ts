/**
 * The cycle document: the only code that imports yjs. Its layout, named commands (the
 * only write path), the plan projection the engine runs on, snapshots and migrations.
 */
// The layout's names and registry; its raw accessors (metaMap, collection, grid, transact...)
// stay inside shared/doc, so the rest of the code reads and writes through the functions below.
export {
  COLLECTIONS,
  DOCUMENT_ROOTS,
  GRIDS,
  GRID_NAMES,
  WORK_COLLECTIONS,
  documentRoot,
  pairKey,
  splitKey,
  type CollectionName,
  type DocGridName,
  type DocumentRoot,
  type GridName,
  type RootArea,
  type WorkCollectionName,
} from './layout.ts';
export * from './origins.ts';
export * from './plan-commands.ts';
export * from './work-commands.ts';
export * from './agenda-commands.ts';
export * from './revision-commands.ts';
export { type RecordVersion, type RevisionEntry } from './revision-reading.ts';
export { readPlan, docToPlan, PlanProjection, type PlanReading } from './plan-projection.ts';
export { answerTabJoin, MESSAGE_TAB_JOIN, tabJoinMessages } from './tab-sync.ts';
export {
  adjustDemand,
  clearAdjustment,
  clearConsensus,
  markHistory,
  setConsensus,
  setDemandStreams,
  useBaseline,
  type AdjustmentInput,
  type AdjustmentPlace,
  type BaselineRow,
  type ConsensusInput,
} from './demand-commands.ts';
export { adjustmentKey, docStreamNames } from './stream-reading.ts';
export { readBaselineRun, type BaselineRun } from './baseline-reading.ts';
export { baselineSourceOf, type BaselineSource } from './baseline-source.ts';
export { docSnapshot, type CollectionSnapshot } from './snapshot.ts';
export * from './updates.ts';
export {
  openDocument,
  upgradeDocument,
  MIGRATIONS,
  OLDEST_READABLE_VERSION,
  type Migration,
  type OpenMode,
} from './migrations.ts';
export { forEachRowValue, packRow, rowValue, writeRow, type StoredRow } from './grid-rows.ts';
export { CHANGE_AREAS, onDocChange, type ChangeArea, type DocChange } from './changes.ts';
export { createUndoTracker, type UndoTracker } from './undo.ts';
export * from './reading.ts';
export * from './meeting-commands.ts';
export * from './meeting-end.ts';
export * from './gap-work.ts';
export * from './decision-commands.ts';
export * from './cell-commands.ts';
export { readEndingActuals } from './ending-actuals.ts';
export * from './closure.ts';
export * from './close-cycle.ts';
export * from './cycle-file.ts';
export * from './rollover.ts';
export * from './change-threshold.ts';
export * from './preparation-commands.ts';
export * from './catch-up-records.ts';
export {
  FOREIGN_CONTENT,
  readUpdateWrites,
  type UpdateWrite,
  type UpdateWrites,
} from './update-writes.ts';
export { hasPendingParts, type DecodedUpdate } from './update-completeness.ts';
export { watchCellClashes, type CellClash, type ClashWatchOptions } from './clash-watch.ts';
// Scenario commands are imported from './scenario-commands.ts' and
// './scenario-adoption.ts', and restore commands from './restore-commands.ts': only the
// lazily loaded Scenarios and History views use them, so the page's first download
// does not carry them.
