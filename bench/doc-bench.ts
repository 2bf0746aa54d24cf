/**
 * The cycle document at the reference size: the layout chosen by measurement (flat
 * per-cell maps) against the alternatives, cold load with the first reconcile, the bytes
 * one edit puts on the wire, and the refresh of plan and results after a remote edit.
 */
import * as Y from 'yjs';
import { generateDemoPlan } from '../shared/demo/demo-plan.ts';
import { importPlan, PlanProjection, setCell } from '../shared/doc/index.ts';
import type { Plan } from '../shared/engine/index.ts';
import { summarize, type Timing } from './stats.ts';
import { GRID_NAMES } from '../shared/schema/grids.ts';

/** One layout's size and edit cost. */
export interface LayoutRow {
  layout: string;
  encodedBytes: number;
  editBytes: number;
  perCellMerge: boolean;
}

/** Results of the document benchmark. */
export interface DocReport {
  size: string;
  layouts: LayoutRow[];
  coldLoad: Timing;
  editRefresh: Timing;
}

/** Runs the document benchmark at the reference size (or a small one when quick). */
export function benchDocument(quick: boolean): DocReport {
  const options = quick
    ? { families: 50, periods: 18, resources: 10, seed: 1 }
    : { families: 500, periods: 36, resources: 100, seed: 1 };
  const plan = JSON.parse(JSON.stringify(generateDemoPlan(options))) as Plan;
  const size = `${options.families} × ${options.periods} × ${options.resources}`;

  const source = new Y.Doc();
  importPlan(source, plan);
  const encoded = Y.encodeStateAsUpdate(source);
  const family = plan.families[1].id;
  const month = plan.periods[5];
  const layouts: LayoutRow[] = [
    {
      layout: 'imported rows (first month, then a value per month) + per-cell edits (chosen)',
      encodedBytes: encoded.byteLength,
      editBytes: editBytes(source, () => setCell(source, 'demand', family, month, 4321)),
      perCellMerge: true,
    },
    flatLayout(plan, family, month),
    nestedLayout(plan, family, month),
    rowJsonLayout(plan, family, month),
  ];

  const coldSamples: number[] = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const started = performance.now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, encoded);
    const projection = new PlanProjection(doc);
    if (!projection.result) throw new Error(projection.problem);
    coldSamples.push(performance.now() - started);
    projection.destroy();
    doc.destroy();
  }

  // A peer edits; this peer applies the update and reads fresh results.
  const local = new Y.Doc();
  Y.applyUpdate(local, encoded);
  const projection = new PlanProjection(local);
  void projection.result;
  const remote = new Y.Doc();
  Y.applyUpdate(remote, encoded);
  const edits = quick ? 200 : 2000;
  const refresh: number[] = [];
  for (let i = 0; i < edits; i++) {
    const f = plan.families[(i * 37) % plan.families.length].id;
    const m = plan.periods[(i * 7) % plan.periods.length];
    let update: Uint8Array | undefined;
    const capture = (u: Uint8Array) => (update = u);
    remote.once('update', capture);
    setCell(remote, i % 2 ? 'demand' : 'supply', f, m, (i * 13) % 900);
    const started = performance.now();
    Y.applyUpdate(local, update!, 'remote');
    const result = projection.result!;
    refresh.push(performance.now() - started);
    if (result.families.length !== plan.families.length) throw new Error('lost families');
  }
  projection.destroy();
  return {
    size,
    layouts,
    coldLoad: summarize(coldSamples),
    editRefresh: summarize(refresh.slice(Math.floor(edits / 10))),
  };
}

function editBytes(doc: Y.Doc, edit: () => void): number {
  let bytes = 0;
  const count = (update: Uint8Array) => (bytes += update.byteLength);
  doc.on('update', count);
  edit();
  doc.off('update', count);
  return bytes;
}

/** The alternative: one map entry per cell `family|month`, history included. */
function flatLayout(plan: Plan, family: string, month: string): LayoutRow {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const name of GRID_NAMES) {
      const cells = doc.getMap<number>(name);
      for (const [id, row] of Object.entries(plan[name])) {
        for (const [m, value] of Object.entries(row)) cells.set(`${id}|${m}`, value);
      }
    }
    for (const [id, months] of Object.entries(plan.history)) {
      for (const [m, point] of Object.entries(months)) {
        if (point.actual !== undefined)
          doc.getMap<number>('actual').set(`${id}|${m}`, point.actual);
        if (point.forecast !== undefined)
          doc.getMap<number>('forecast').set(`${id}|${m}`, point.forecast);
      }
    }
  });
  const encoded = Y.encodeStateAsUpdate(doc);
  const started = performance.now();
  Y.applyUpdate(new Y.Doc(), encoded);
  const loadMs = performance.now() - started;
  return {
    layout: `one map entry per cell (loads in ${loadMs.toFixed(0)} ms without the engine)`,
    encodedBytes: encoded.byteLength,
    editBytes: editBytes(doc, () => doc.getMap<number>('demand').set(`${family}|${month}`, 4321)),
    perCellMerge: true,
  };
}

/** The alternative: a Y.Map per family row. Per-cell merge, but concurrent row creation loses one side. */
function nestedLayout(plan: Plan, family: string, month: string): LayoutRow {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const name of GRID_NAMES) {
      const rows = doc.getMap<Y.Map<number>>(name);
      for (const [id, cells] of Object.entries(plan[name])) {
        const row = new Y.Map<number>();
        for (const [m, value] of Object.entries(cells)) row.set(m, value);
        rows.set(id, row);
      }
    }
  });
  const row = doc.getMap<Y.Map<number>>('demand').get(family)!;
  return {
    layout: 'a Y.Map per family row',
    encodedBytes: Y.encodeStateAsUpdate(doc).byteLength,
    editBytes: editBytes(doc, () => row.set(month, 4321)),
    perCellMerge: true,
  };
}

/** Rejected: a whole row as one JSON value; concurrent edits of one row keep only one. */
function rowJsonLayout(plan: Plan, family: string, month: string): LayoutRow {
  const doc = new Y.Doc();
  const rows = doc.getMap<Record<string, number>>('demand');
  doc.transact(() => {
    for (const name of GRID_NAMES) {
      const map = doc.getMap<Record<string, number>>(name);
      for (const [id, cells] of Object.entries(plan[name])) map.set(id, { ...cells });
    }
  });
  return {
    layout: 'a whole row as one JSON value (last writer wins per row)',
    encodedBytes: Y.encodeStateAsUpdate(doc).byteLength,
    editBytes: editBytes(doc, () => rows.set(family, { ...rows.get(family), [month]: 4321 })),
    perCellMerge: false,
  };
}

/** The report as Markdown. */
export function docMarkdown(report: DocReport): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const ms = (value: number) => `${value.toFixed(value < 1 ? 3 : 1)} ms`;
  return [
    `**The cycle document** (${report.size}, from \`fulcrum demo-plan\`)`,
    '',
    '| Layout | Encoded document | One-cell edit on the wire | Per-cell merge |',
    '| --- | --- | --- | --- |',
    ...report.layouts.map(
      (row) =>
        `| ${row.layout} | ${kb(row.encodedBytes)} | ${row.editBytes} B | ${row.perCellMerge ? 'yes' : 'no'} |`,
    ),
    '',
    '| Measure | Median | p95 | Goal |',
    '| --- | --- | --- | --- |',
    `| cold load into a Y.Doc + first reconcile | ${ms(report.coldLoad.median)} | ${ms(report.coldLoad.p95)} | <= 100 ms: ${report.coldLoad.median <= 100 ? 'met' : 'not met'} |`,
    `| a remote one-cell edit: apply the update, refresh plan and results | ${ms(report.editRefresh.median)} | ${ms(report.editRefresh.p95)} | p95 <= 1 ms: ${report.editRefresh.p95 <= 1 ? 'met' : 'not met'} |`,
    '',
  ].join('\n');
}
