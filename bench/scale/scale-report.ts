/**
 * The scale-out benchmark's Markdown: latency within and across processes, reach, the
 * PostgreSQL append latency, CPU and RSS per process, and the goals judged (met / not met).
 */
import { machineText, ms, table } from '../report.ts';
import { count, goalAndErrorLines, mib, type BenchGoal } from '../relay/report-format.ts';
import type { ScaleBenchResult, SetupRun } from './run-scale-bench.ts';

/** Across-process p99 may be at most this many times the same-process p99. */
export const HOP_GOAL_RATIO = 2;

function percent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(0)}%`;
}

/** Reach 1.0 for every setup; across-process p99 <= 2x same-process p99 for several processes. */
export function judgeScaleGoals(result: ScaleBenchResult): BenchGoal[] {
  const goals: BenchGoal[] = [];
  for (const run of result.setups) {
    const load = run.load;
    goals.push({
      goal: `${run.setup.label}: reach 1.0 (every edit at every other peer of its room)`,
      value: load
        ? `${load.reach.toFixed(4)} (${count(load.same.received + load.across.received)} of ${count(load.same.expected + load.across.expected)})`
        : 'not measured',
      met: load !== null && load.reach === 1,
    });
    if (run.setup.processes < 2) continue;
    const same = load?.same.latencyMs.p99 ?? Number.NaN;
    const across = load?.across.latencyMs.p99 ?? Number.NaN;
    const ratio = across / same;
    goals.push({
      goal: `${run.setup.label}: across-process p99 <= ${HOP_GOAL_RATIO}x same-process p99`,
      value: Number.isFinite(ratio)
        ? `${ms(across)} vs ${ms(same)}: ${ratio.toFixed(2)}x`
        : 'not measured',
      met: Number.isFinite(ratio) && ratio <= HOP_GOAL_RATIO,
    });
  }
  return goals;
}

function latencyTable(result: ScaleBenchResult): string {
  const rows = result.setups.map((run: SetupRun) => {
    const load = run.load;
    if (!load) return [run.setup.label, 'failed', '', '', '', '', '', '', '', ''];
    const s = load.same.latencyMs;
    const a = load.across.latencyMs;
    const append = run.appendLatencyMs;
    return [
      run.setup.label,
      `${ms(s.p50)} / ${ms(s.p99)} (${count(s.count)})`,
      a.count > 0 ? `${ms(a.p50)} / ${ms(a.p99)} (${count(a.count)})` : '-',
      a.count > 0 && s.count > 0 ? `${(a.p99 / s.p99).toFixed(2)}x` : '-',
      load.roundP99sMs
        .map((round) =>
          a.count > 0
            ? `${round.same.toFixed(0)}, ${round.across.toFixed(0)}`
            : round.same.toFixed(0),
        )
        .join(' / '),
      `${count(load.sendRate)} / ${count(load.deliveriesPerSecond)}`,
      `${(load.reach * 100).toFixed(2)}% (${count(load.same.received + load.across.received)}/${count(load.same.expected + load.across.expected)})`,
      append ? `${ms(append.p50)} / ${ms(append.p99)} (${count(append.count)})` : '- (SQLite)',
      run.relayAppends
        ? `${ms(run.relayAppends.meanMs)} (${count(run.relayAppends.count)})`
        : 'n/a',
      load.machineLoadAverage.toFixed(2),
    ];
  });
  return table(
    [
      'Setup',
      'Same process p50 / p99 (deliveries)',
      'Across processes p50 / p99 (deliveries)',
      'Across / same p99',
      'p99 by round (same, across; ms)',
      'Edits/s / deliveries/s',
      'Reach (received/expected)',
      'PostgreSQL append p50 / p99 (side connection)',
      "Relays' own appends, mean (count)",
      'Load avg',
    ],
    rows,
  );
}

function resourceTable(result: ScaleBenchResult): string {
  const rows = result.setups.map((run) => {
    const load = run.load;
    if (!load) return [run.setup.label, 'failed', '', '', '', ''];
    const total = load.perProcess.reduce((sum, usage) => sum + usage.cpuPercent, 0);
    return [
      run.setup.label,
      load.perProcess.map((usage) => String(usage.peers)).join(' / '),
      `${load.perProcess.map((usage) => percent(usage.cpuPercent)).join(' / ')} (${percent(total)} in all)`,
      load.perProcess.map((usage) => mib(usage.rssBytes, 0)).join(' / '),
      run.setup.store === 'postgres'
        ? `${percent(run.postgresCpuPercent)} / ${percent(run.redisCpuPercent)}`
        : '-',
      `${percent(load.generatorCpuPercent)} / ${ms(load.generatorLoopDelayP99Ms)}`,
    ];
  });
  return table(
    [
      'Setup',
      'Peers per process',
      'Relay CPU per process',
      'Relay RSS per process (after)',
      'PostgreSQL / Redis CPU',
      'Generator CPU / loop delay p99',
    ],
    rows,
  );
}

export function scaleMarkdown(result: ScaleBenchResult): string {
  const m = result.machine;
  const spec = result.spec;
  const goals = judgeScaleGoals(result);
  const seconds = spec.durationMs / 1000;
  const lines: string[] = [];
  lines.push('## Scale-out: one process beside two and three on PostgreSQL + Redis');
  lines.push('');
  lines.push(
    `${machineText(m)}${result.quick ? ' (quick)' : ''}; ${result.elapsedS.toFixed(0)} s in all.`,
  );
  lines.push('');
  lines.push(
    `${spec.peers} peers in ${spec.rooms} rooms of ${spec.peers / spec.rooms}, ${spec.editsPerSecond} edits/s in all, ${seconds} s measured per setup${result.rounds > 1 ? ` in ${result.rounds} rounds of ${(seconds / result.rounds).toFixed(0)} s, the setups taking turns each round` : ''}, after a ${spec.warmupMs / 1000} s warm-up in fresh rooms. Each room's peers are spread round robin over the processes (y-websocket 3.1 \`WebsocketProvider\`, one websocket each, all in one load-generator process, so one clock times every delivery). A delivery is "same process" when the writer and the receiver are connected to the same relay process (stored, then sent) and "across processes" otherwise (stored in PostgreSQL, published on Redis, applied by the receiver's process, then sent). PostgreSQL and Redis are private servers started by the bench from Debian's packages, on this machine, PostgreSQL with \`fsync\` and \`synchronous_commit\` on; the PostgreSQL append latency is \`PostgresStorage.append\` of a one-cell update from a side connection every 50 ms during the load, and the relays' own appends are the sum and count of \`fulcrum_storage_append_duration_seconds\` on their \`/metrics\` over the window (a mean: the histogram's buckets are too coarse for a p99). CPU is % of one core (/proc/<pid>/stat; PostgreSQL counts the postmaster and its backends) over the measured window and its drain. The machine has 2 cores and is shared with other work: every process here (relays, PostgreSQL, Redis, the load generator) competes for them, so latencies are upper bounds of what separate machines would show.`,
  );
  lines.push('');
  lines.push('**Edit-to-peer latency, within and across processes**');
  lines.push('');
  lines.push(latencyTable(result));
  lines.push('');
  lines.push('**Where the CPU and memory go**');
  lines.push('');
  lines.push(resourceTable(result));
  lines.push('');
  const errors = result.setups.flatMap((run) => run.errors.map((e) => `${run.setup.label}: ${e}`));
  lines.push(...goalAndErrorLines('Goals', goals, errors));
  return lines.join('\n');
}
