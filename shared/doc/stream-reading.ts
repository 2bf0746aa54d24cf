import * as v from 'valibot';
import * as Y from 'yjs';
import { DEFAULT_STREAMS } from '../engine/demand-streams.ts';
import type {
  ConsensusOverride,
  DemandStreams,
  ForecastSnapshot,
  Grid,
  Month,
  Plan,
  StreamAdjustment,
} from '../engine/types.ts';
import {
  adjustmentSchema,
  consensusOverrideSchema,
  forecastFieldsSchema,
  historyMarkSchema,
  monthSchema,
} from '../schema/records.ts';
import { collection, forecastMap, pairKey, snapshotsMap, splitKey } from './layout.ts';
import type { CycleDoc } from './cycle-doc.ts';

/**
 * Reading the demand streams of a cycle document (domain.md 4.12): the `demand` grid is
 * the baseline, `adjustments` each function's change to it, `overrides` a consensus set
 * by hand, `forecast` the streams' names, `snapshots` the forecasts frozen at earlier
 * closes. What fails its schema is left out and listed, as for every other input.
 */

/** The document's adjustment streams, in order (sales, marketing unless set). */
export function docStreamNames(doc: CycleDoc): string[] {
  const parsed = v.safeParse(forecastFieldsSchema.entries.streams, forecastMap(doc).get('streams'));
  return parsed.success && parsed.output ? [...parsed.output] : [...DEFAULT_STREAMS];
}

/** The key of an adjustment: `family|month|stream`. */
export function adjustmentKey(family: string, month: Month, stream: string): string {
  return pairKey(family, pairKey(month, stream));
}

function plain(record: unknown): unknown {
  return record instanceof Y.Map ? record.toJSON() : record;
}

/** One family-month's adjustments by stream and its override, checked; invalid ones left out. */
export function readCell(
  doc: CycleDoc,
  family: string,
  month: Month,
  streams: readonly string[],
): { adjustments: Record<string, StreamAdjustment>; override?: ConsensusOverride } {
  const adjustments: Record<string, StreamAdjustment> = {};
  const records = collection(doc, 'adjustments');
  for (const stream of streams) {
    const parsed = v.safeParse(
      adjustmentSchema,
      plain(records.get(adjustmentKey(family, month, stream))),
    );
    if (parsed.success) adjustments[stream] = parsed.output;
  }
  const override = v.safeParse(
    consensusOverrideSchema,
    plain(collection(doc, 'overrides').get(pairKey(family, month))),
  );
  return override.success ? { adjustments, override: override.output } : { adjustments };
}

/**
 * The plan's demand streams, or undefined when the document names no streams and holds
 * no adjustment or override. `baselineGrid` is the `demand` grid as read; the baseline of
 * each adjusted family-month is copied from it.
 */
export function readDemandStreams(
  doc: CycleDoc,
  families: ReadonlySet<string>,
  periods: ReadonlySet<Month>,
  baselineGrid: Grid,
  dropped: string[],
): DemandStreams | undefined {
  const named = forecastMap(doc).has('streams');
  const streams = docStreamNames(doc);
  const known = new Set(streams);
  const result: DemandStreams = { streams, baseline: {}, adjustments: {}, overrides: {} };
  let any = false;
  const place = (family: string, month: string, what: string): boolean => {
    if (!families.has(family)) dropped.push(`${what}: belongs to no family`);
    else if (!periods.has(month)) dropped.push(`${what}: not a month of the horizon`);
    else return true;
    return false;
  };
  const keepBaseline = (family: string, month: string) => {
    const value = baselineGrid[family]?.[month];
    if (value !== undefined) (result.baseline[family] ??= {})[month] = value;
  };
  for (const [key, record] of collection(doc, 'adjustments').entries()) {
    const [family, rest] = splitKey(key);
    const [month, stream] = splitKey(rest);
    const what = `adjustments.${key}`;
    const parsed = v.safeParse(adjustmentSchema, plain(record));
    if (!parsed.success) {
      dropped.push(`${what}: ${parsed.issues[0].message}`);
      continue;
    }
    if (!known.has(stream)) {
      dropped.push(`${what}: "${stream}" is not one of the streams (${streams.join(', ')})`);
      continue;
    }
    if (!v.is(monthSchema, month) || !place(family, month, what)) continue;
    ((result.adjustments[family] ??= {})[month] ??= {})[stream] = parsed.output;
    keepBaseline(family, month);
    any = true;
  }
  for (const [key, record] of collection(doc, 'overrides').entries()) {
    const [family, month] = splitKey(key);
    const what = `overrides.${key}`;
    const parsed = v.safeParse(consensusOverrideSchema, plain(record));
    if (!parsed.success) {
      dropped.push(`${what}: ${parsed.issues[0].message}`);
      continue;
    }
    if (!place(family, month, what)) continue;
    (result.overrides[family] ??= {})[month] = parsed.output;
    keepBaseline(family, month);
    any = true;
  }
  return any || named ? sortStreams(result) : undefined;
}

/**
 * The same streams with families and months in code-unit order and each month's
 * adjustments in stream order, as every peer writes them.
 */
function sortStreams(streams: DemandStreams): DemandStreams {
  const sorted = <T>(rows: Record<string, Record<string, T>>) =>
    Object.fromEntries(
      Object.keys(rows)
        .sort()
        .map((family) => [
          family,
          Object.fromEntries(
            Object.keys(rows[family])
              .sort()
              .map((month) => [month, rows[family][month]]),
          ),
        ]),
    );
  const adjustments = sorted(streams.adjustments);
  for (const months of Object.values(adjustments)) {
    for (const [month, byStream] of Object.entries(months)) {
      months[month] = Object.fromEntries(
        streams.streams.flatMap((name) => (byStream[name] ? [[name, byStream[name]]] : [])),
      );
    }
  }
  return {
    streams: streams.streams,
    baseline: sorted(streams.baseline),
    adjustments,
    overrides: sorted(streams.overrides),
  };
}

const snapshotCellSchema = v.strictObject({
  baseline: v.pipe(v.number(), v.finite(), v.minValue(0)),
  adjustments: v.record(v.string(), v.pipe(v.number(), v.finite())),
  consensus: v.pipe(v.number(), v.finite(), v.minValue(0)),
});
const snapshotFamiliesSchema = v.record(v.string(), v.record(monthSchema, snapshotCellSchema));

/** The months of demand history people marked, by family; invalid ones left out and listed. */
export function readHistoryMarks(
  doc: CycleDoc,
  families: ReadonlySet<string>,
  dropped: string[],
): NonNullable<Plan['historyMarks']> {
  const marks: NonNullable<Plan['historyMarks']> = {};
  for (const key of [...collection(doc, 'historyMarks').keys()].sort()) {
    const [family, month] = splitKey(key);
    const parsed = v.safeParse(historyMarkSchema, plain(collection(doc, 'historyMarks').get(key)));
    if (!parsed.success || !v.is(monthSchema, month)) {
      dropped.push(
        `historyMarks.${key}: ${parsed.success ? 'not a month' : parsed.issues[0].message}`,
      );
    } else if (!families.has(family)) {
      dropped.push(`historyMarks.${key}: belongs to no family`);
    } else (marks[family] ??= {})[month] = parsed.output.mark;
  }
  return marks;
}

/** The forecasts frozen at earlier closes, oldest first; unreadable ones left out and listed. */
export function readSnapshots(doc: CycleDoc, dropped: string[]): ForecastSnapshot[] {
  const snapshots: ForecastSnapshot[] = [];
  for (const [cycle, value] of snapshotsMap(doc).entries()) {
    const families = (value as { families?: unknown } | null)?.families;
    const parsed = v.safeParse(snapshotFamiliesSchema, families);
    if (!v.is(monthSchema, cycle) || !parsed.success) {
      dropped.push(`snapshots.${cycle}: not a forecast snapshot`);
      continue;
    }
    snapshots.push({ cycle, families: parsed.output });
  }
  return snapshots.sort((a, b) => (a.cycle < b.cycle ? -1 : 1));
}
