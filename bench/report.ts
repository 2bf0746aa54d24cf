/**
 * The benchmark's report: goals judged (met / not met, never asserted), the Markdown
 * tables printed to stdout and written for the README, and the JSON of every figure.
 */
import os from 'node:os';
import { HyperFormula } from 'hyperformula';
import type { Agreement } from './agreement.ts';
import type { HeldMemory } from './memory-bench.ts';
import type { PeerReport, SizeReport } from './size-bench.ts';
import { PEER_GOALS } from './sizes.ts';
import type { Timing } from './stats.ts';
import { utcDay } from '../shared/dates.ts';

/** The machine and run a report was made on. */
export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the machine skews timings. */
  loadAverage: number;
  date: string;
}

/**
 * The opening of every report's machine line: `Machine: <cpu>, <n> cores, <platform>,
 * Node <version>; load average <x> at start; run <UTC day>`; each report adds its own end.
 */
export function machineText(machine: Machine): string {
  return (
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.platform}, Node ${machine.node}; ` +
    `load average ${machine.loadAverage.toFixed(2)} at start; run ${utcDay(machine.date) ?? machine.date}`
  );
}

/** The machine this process runs on, now. */
export function currentMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    loadAverage: os.loadavg()[0],
    date: new Date().toISOString(),
  };
}

/** One goal and whether it was met. */
export interface GoalResult {
  size: string;
  goal: string;
  value: string;
  met: boolean;
}

/** Every goal of the sizes that have one. */
export function judgeGoals(reports: readonly SizeReport[]): GoalResult[] {
  const goals: GoalResult[] = [];
  for (const { size, reconcile, oursMemory, peer } of reports) {
    const at = size.name;
    if (size.reconcileGoalP95Ms !== null) {
      goals.push({
        size: at,
        goal: `full reconcile p95 <= ${size.reconcileGoalP95Ms} ms`,
        value: ms(reconcile.p95),
        met: reconcile.p95 <= size.reconcileGoalP95Ms,
      });
    }
    if ('skipped' in peer) continue;
    const { build, memory } = peerRatios(reconcile, oursMemory, peer);
    goals.push({
      size: at,
      goal: `HyperFormula build / our full reconcile >= ${PEER_GOALS.build}x`,
      value: times(build),
      met: build >= PEER_GOALS.build,
    });
    for (const edit of peer.edits) {
      goals.push({
        size: at,
        goal: `${edit.kind} edit: HyperFormula / ours >= ${PEER_GOALS.edit}x at p50 and p95`,
        value: `p50 ${times(edit.ratioP50)}, p95 ${times(edit.ratioP95)}`,
        met: edit.ratioP50 >= PEER_GOALS.edit && edit.ratioP95 >= PEER_GOALS.edit,
      });
    }
    goals.push({
      size: at,
      goal: `memory: HyperFormula / ours >= ${PEER_GOALS.memory}x`,
      value: times(memory),
      met: memory >= PEER_GOALS.memory,
    });
  }
  return goals;
}

/** Sums the agreement checks of every size. */
export function totalAgreement(reports: readonly SizeReport[]): Agreement {
  const all = reports.flatMap((r) =>
    'skipped' in r.peer
      ? []
      : [r.peer.agreement.before, r.peer.agreement.after, r.peer.agreement.afterIncremental],
  );
  return {
    compared: all.reduce((sum, a) => sum + a.compared, 0),
    matched: all.reduce((sum, a) => sum + a.matched, 0),
    mismatches: all.flatMap((a) => a.mismatches),
  };
}

/** The report as Markdown: machine, both tables, goals and agreement. */
export function toMarkdown(
  reports: readonly SizeReport[],
  machine: Machine,
  quick: boolean,
): string {
  const agreement = totalAgreement(reports);
  const goals = judgeGoals(reports);
  const lines = [
    `### Benchmark: Fulcrum engine side by side with HyperFormula${quick ? ' (quick run)' : ''}`,
    '',
    `${machineText(machine)} with \`npm run bench${quick ? ' -- --quick' : ''}\`. ` +
      'Plans as `fulcrum demo-plan` prints them (fixed seed), parsed from JSON. Ratios are HyperFormula / Fulcrum: ' +
      'above 1 means Fulcrum is faster or smaller.',
    '',
    '**Full reconcile** (whole plan, from the plan JSON; every number computed. The last ' +
      'column adds reading every row, total, gap and the accuracy, which the engine may make ' +
      'only when read.)',
    '',
    table(
      [
        'Plan',
        'Families × months × resources',
        'Runs',
        'Median',
        'p95',
        'Goal (p95)',
        'Median / p95 with every row read',
      ],
      reports.map(({ size, reconcile, reconcileReadAll }) => [
        size.name,
        `${size.families} × ${size.periods} × ${size.resources}`,
        String(reconcile.runs),
        ms(reconcile.median),
        ms(reconcile.p95),
        size.reconcileGoalP95Ms === null
          ? '-'
          : `<= ${size.reconcileGoalP95Ms} ms: ${metText(reconcile.p95 <= size.reconcileGoalP95Ms)}`,
        `${ms(reconcileReadAll.median)} / ${ms(reconcileReadAll.p95)}`,
      ]),
    ),
    '',
    `**Side by side with HyperFormula ${HyperFormula.version}** (the same plan as formulas; ` +
      'edits are seeded random cells; an edit is timed until its results can be read)',
    '',
    table(
      ['Plan', 'Measure', 'Fulcrum', 'HyperFormula', 'Ratio', 'Goal'],
      reports.flatMap(peerRows),
    ),
    '',
    `Goals met: ${goals.filter((g) => g.met).length} of ${goals.length}.`,
    ...goals.filter((g) => !g.met).map((g) => `- not met (${g.size}): ${g.goal}, got ${g.value}`),
    '',
    `Agreement: ${agreement.matched}/${agreement.compared} cells match (HyperFormula vs ` +
      'reconcile before and after the edits, and vs the incremental result; 1e-9 relative).',
  ];
  return lines.join('\n') + '\n';
}

function peerRows(report: SizeReport): string[][] {
  const { size, reconcile, oursMemory, peer } = report;
  if ('skipped' in peer)
    return [[size.name, 'HyperFormula not built', '-', peer.skipped, '-', '-']];
  const build = peer.build.median / reconcile.median;
  const memory = peer.memory.totalBytes / oursMemory.totalBytes;
  const rows = [
    [
      size.name,
      `build (${peer.formulaCells.toLocaleString('en-US')} formulas) vs full reconcile, median`,
      ms(reconcile.median),
      ms(peer.build.median),
      times(build),
      `>= ${PEER_GOALS.build}x: ${metText(build >= PEER_GOALS.build)}`,
    ],
  ];
  for (const edit of peer.edits) {
    for (const [label, ours, theirs, ratio] of [
      ['p50', edit.ours.median, edit.peer.median, edit.ratioP50],
      ['p95', edit.ours.p95, edit.peer.p95, edit.ratioP95],
    ] as const) {
      rows.push([
        size.name,
        `one ${edit.kind} cell edit, ${label} (${edit.ours.runs} edits)`,
        ms(ours),
        ms(theirs),
        times(ratio),
        `>= ${PEER_GOALS.edit}x: ${metText(ratio >= PEER_GOALS.edit)}`,
      ]);
    }
  }
  rows.push([
    size.name,
    'memory held (heap + array buffers)',
    mb(oursMemory.totalBytes),
    mb(peer.memory.totalBytes),
    times(memory),
    `>= ${PEER_GOALS.memory}x: ${metText(memory >= PEER_GOALS.memory)}`,
  ]);
  return rows;
}

/**
 * Build: HyperFormula's build against our full reconcile, both medians. Memory: what each
 * holds; NaN when our reading is not positive (a collection landed mid-measurement).
 */
function peerRatios(
  reconcile: Timing,
  oursMemory: HeldMemory,
  peer: PeerReport,
): { build: number; memory: number } {
  return {
    build: peer.build.median / reconcile.median,
    memory: oursMemory.totalBytes > 0 ? peer.memory.totalBytes / oursMemory.totalBytes : NaN,
  };
}

/** A Markdown table with its columns padded, readable as plain text too. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Milliseconds with about three significant digits. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = value < 0.1 ? 4 : value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

function times(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  return `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(0)}x`;
}

function metText(met: boolean): string {
  return met ? 'met' : 'not met';
}
