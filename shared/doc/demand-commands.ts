import * as v from 'valibot';
import * as Y from 'yjs';
import { commandError } from '../schema/command-error.ts';
import {
  adjustmentSchema,
  checked,
  consensusOverrideSchema,
  forecastFieldsSchema,
  FUNCTIONS,
  historyMarkSchema,
  idSchema,
  monthSchema,
  streamNameSchema,
} from '../schema/records.ts';
import { monthRange } from '../dates.ts';
import type { HistoryMark } from '../engine/types.ts';
import {
  baseRows,
  collection,
  forecastMap,
  grid,
  metaMap,
  pairKey,
  transact,
  writeFields,
} from './layout.ts';
import { record } from './plan-commands.ts';
import { adjustmentKey, docStreamNames } from './stream-reading.ts';
import { rowNumbers, writeRow } from './grid-rows.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * The demand review's commands (domain.md 4.12): a function adjusts the baseline in its
 * own stream, the facilitator may set a consensus by hand, and a planner puts the
 * statistical baseline into the plan. Each is one transaction and checks its input.
 */

const placeSchema = v.strictObject({ family: idSchema, month: monthSchema });

/** Which family-month of which stream an adjustment is for. */
export interface AdjustmentPlace {
  family: string;
  month: string;
  stream: string;
}

/** What a function changes a family-month's baseline by, and why. */
export interface AdjustmentInput extends AdjustmentPlace {
  /** Units added to the baseline; negative takes some off. */
  amount: number;
  reason: string;
  note?: string;
}

/** Checks that the family and month are the plan's and the stream one of its streams. */
function checkPlace(doc: CycleDoc, command: string, place: AdjustmentPlace): void {
  checked(command, placeSchema, { family: place.family, month: place.month });
  checked(command, streamNameSchema, place.stream);
  if (!collection(doc, 'families').has(place.family)) {
    throw commandError(command, `unknown family "${place.family}"`, 'family');
  }
  const meta = metaMap(doc);
  const first = meta.get('firstPeriod');
  const months =
    typeof first === 'string' ? monthRange(first, Number(meta.get('periodCount') ?? 0)) : [];
  if (!months.includes(place.month)) {
    throw commandError(command, `${place.month} is not a month of the horizon`, 'month');
  }
  const streams = docStreamNames(doc);
  if (!streams.includes(place.stream)) {
    throw commandError(
      command,
      `"${place.stream}" is not one of the demand streams (${streams.join(', ')})`,
      'stream',
    );
  }
}

/**
 * Sets a function's adjustment of a family-month, in their name, now (or `at`). An
 * amount of 0 clears it. When the stream is a function whose input status has not
 * started, it moves to "in progress": the function's input follows its stream.
 */
export function adjustDemand(
  doc: CycleDoc,
  input: AdjustmentInput,
  author: string,
  at = new Date().toISOString(),
): void {
  const command = 'adjustDemand';
  checkPlace(doc, command, input);
  if (input.amount === 0) return clearAdjustment(doc, input);
  const fields = checked(command, adjustmentSchema, {
    amount: input.amount,
    author,
    reason: input.reason,
    note: input.note?.trim() || undefined,
    at,
  });
  transact(doc, command, () => {
    const key = adjustmentKey(input.family, input.month, input.stream);
    const records = collection(doc, 'adjustments');
    const current = records.get(key);
    if (current instanceof Y.Map) writeFields(current, { note: undefined, ...fields });
    else records.set(key, record(fields));
    startInput(doc, input.stream, author, at);
  });
}

/** Moves a function's input status from not started to in progress, when the stream is a function's. */
function startInput(doc: CycleDoc, stream: string, by: string, at: string): void {
  if (!(FUNCTIONS as readonly string[]).includes(stream)) return;
  const inputs = collection(doc, 'inputs');
  const current = inputs.get(stream);
  const status = current instanceof Y.Map ? current.get('status') : undefined;
  if (status !== undefined && status !== 'notStarted') return;
  if (current instanceof Y.Map) writeFields(current, { status: 'inProgress', by, at });
  else inputs.set(stream, record({ status: 'inProgress', by, at }));
}

/** Removes a function's adjustment of a family-month (nothing when it has none). */
export function clearAdjustment(doc: CycleDoc, place: AdjustmentPlace): void {
  const command = 'clearAdjustment';
  checkPlace(doc, command, place);
  const key = adjustmentKey(place.family, place.month, place.stream);
  const records = collection(doc, 'adjustments');
  if (!records.has(key)) return;
  transact(doc, command, () => records.delete(key));
}

/** A consensus set by hand for a family-month, and why. */
export interface ConsensusInput {
  family: string;
  month: string;
  value: number;
  reason: string;
  note?: string;
}

/** Sets a family-month's consensus by hand (it then wins over the streams' sum). */
export function setConsensus(
  doc: CycleDoc,
  input: ConsensusInput,
  author: string,
  at = new Date().toISOString(),
): void {
  const command = 'setConsensus';
  checkPlace(doc, command, { ...input, stream: docStreamNames(doc)[0] ?? 'sales' });
  const fields = checked(command, consensusOverrideSchema, {
    value: input.value,
    author,
    reason: input.reason,
    note: input.note?.trim() || undefined,
    at,
  });
  transact(doc, command, () => {
    collection(doc, 'overrides').set(pairKey(input.family, input.month), record(fields));
  });
}

/** Removes a consensus set by hand: the family-month is the streams' sum again. */
export function clearConsensus(doc: CycleDoc, place: { family: string; month: string }): void {
  const command = 'clearConsensus';
  checked(command, placeSchema, place);
  const key = pairKey(place.family, place.month);
  const records = collection(doc, 'overrides');
  if (!records.has(key)) return;
  transact(doc, command, () => records.delete(key));
}

/**
 * Marks a month of a family's demand history for the baseline: `keep` a flagged
 * outlier as a real event, `oneOff` to replace a promotion as an outlier is; null
 * removes the mark.
 */
export function markHistory(
  doc: CycleDoc,
  place: { family: string; month: string },
  mark: HistoryMark | null,
  by: string,
  at = new Date().toISOString(),
): void {
  const command = 'markHistory';
  checked(command, placeSchema, place);
  if (!collection(doc, 'families').has(place.family)) {
    throw commandError(command, `unknown family "${place.family}"`, 'family');
  }
  const key = pairKey(place.family, place.month);
  const records = collection(doc, 'historyMarks');
  if (mark === null) {
    if (records.has(key)) transact(doc, command, () => records.delete(key));
    return;
  }
  const fields = checked(command, historyMarkSchema, { mark, by, at });
  transact(doc, command, () => records.set(key, record(fields)));
}

/** Names the demand streams, in the order they apply (each usually a function's). */
export function setDemandStreams(doc: CycleDoc, streams: readonly string[]): void {
  const command = 'setDemandStreams';
  const names = checked(command, forecastFieldsSchema.entries.streams, [...streams]);
  transact(doc, command, () => forecastMap(doc).set('streams', names));
}

/** One family's statistical baseline, as `planBaselines` makes it. */
export interface BaselineRow {
  family: string;
  method: string;
  forecast: readonly { month: string; value: number }[];
}

/**
 * Puts the statistical baseline into the plan: each family's baseline becomes its demand
 * (the baseline stream) for the horizon's months, replacing what was imported or typed
 * there; adjustments stay on top of it. Records who did it, when, and each family's
 * method. One transaction, so one undo takes it back.
 */
export function useBaseline(
  doc: CycleDoc,
  rows: readonly BaselineRow[],
  by: string,
  at = new Date().toISOString(),
): void {
  const command = 'useBaseline';
  const meta = metaMap(doc);
  const first = meta.get('firstPeriod');
  if (typeof first !== 'string') throw commandError(command, 'this cycle has no plan yet');
  const horizon = new Set(monthRange(first, Number(meta.get('periodCount') ?? 0)));
  const families = collection(doc, 'families');
  for (const row of rows) {
    if (!families.has(row.family)) {
      throw commandError(command, `unknown family "${row.family}"`, 'family');
    }
    for (const { month, value } of row.forecast) {
      if (!Number.isFinite(value) || value < 0) {
        throw commandError(command, `${row.family} ${month}: the baseline must be a number ≥ 0`);
      }
    }
  }
  const run = checked(command, forecastFieldsSchema.entries.baseline, {
    at,
    by,
    methods: Object.fromEntries(rows.map((row) => [row.family, row.method])),
  });
  transact(doc, command, () => {
    const base = baseRows(doc, 'demand');
    const edits = grid(doc, 'demand');
    for (const row of rows) {
      const next = rowNumbers(base.get(row.family));
      for (const { month, value } of row.forecast) {
        if (!horizon.has(month)) continue;
        next[month] = Math.round(value);
        if (edits.has(pairKey(row.family, month))) edits.delete(pairKey(row.family, month));
      }
      writeRow(base, row.family, next);
    }
    forecastMap(doc).set('baseline', run);
  });
}
