/**
 * The relay benchmark's Markdown: machine, fan-out per load and relay, idle memory, the
 * malformed-frame probe, and the goals of issue 3 (section 4) for our relay.
 */
import { machineText, ms, table } from '../report.ts';
import type { LoadResult } from './load-generator.ts';
import { count, goalAndErrorLines, mib, type BenchGoal } from './report-format.ts';
import type { RelayBenchResult, RelayRun } from './run-relay-bench.ts';
import { RELAY_LABELS, type RelayKind } from './servers.ts';

/** The idle-memory goal: at most 30 KiB of relay RSS per idle connection. */
export const IDLE_GOAL_BYTES = 30 * 1024;

const PEERS: RelayKind[] = ['reference', 'hocuspocus'];

function loadOf(run: RelayRun | undefined, load: string): LoadResult | undefined {
  return run?.loads.find((result) => result.load === load);
}

function runOf(result: RelayBenchResult, kind: RelayKind): RelayRun | undefined {
  return result.runs.find((run) => run.relay === kind);
}

function kib(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : 'n/a';
}

/** The goals of issue 3 for our relay, judged from the run. */
export function judgeRelayGoals(result: RelayBenchResult): BenchGoal[] {
  const goals: BenchGoal[] = [];
  const ours = runOf(result, 'fulcrum');
  for (const spec of result.loads) {
    const mine = loadOf(ours, spec.name);
    const peerP99s = PEERS.map((kind) => loadOf(runOf(result, kind), spec.name)?.latencyMs.p99)
      .filter((value): value is number => value !== undefined && Number.isFinite(value))
      .sort((a, b) => a - b);
    const best = peerP99s[0];
    if (mine && best !== undefined) {
      goals.push({
        goal: `${spec.name}: p99 <= best peer's (${ms(best)})`,
        value: ms(mine.latencyMs.p99),
        met: mine.latencyMs.p99 <= best,
      });
    } else {
      goals.push({ goal: `${spec.name}: p99 <= best peer's`, value: 'not measured', met: false });
    }
    goals.push({
      goal: `${spec.name}: reach 1.0`,
      value: mine ? mine.reach.toFixed(4) : 'not measured',
      met: mine !== undefined && mine.reach === 1,
    });
  }
  const idle = ours?.idle;
  goals.push({
    goal: `<= 30 KiB of RSS per idle connection (${result.idleConnections} connections, plain RSS as the peers' 25-38 KB were read)`,
    value: idle
      ? `${kib(idle.bytesPerConnection)} (after a full GC: ${kib(idle.bytesPerConnectionAfterGc)})`
      : 'not measured',
    met: idle !== null && idle !== undefined && idle.bytesPerConnection <= IDLE_GOAL_BYTES,
  });
  const durability = ours?.durability;
  goals.push({
    goal: 'every update persisted: each load room read back from SQLite equals what the peers converged on',
    value: durability ? `${durability.matching}/${durability.rooms} rooms` : 'not checked',
    met:
      durability !== null && durability !== undefined && durability.matching === durability.rooms,
  });
  const probe = result.probes.find((report) => report.relay === 'fulcrum');
  const survived = probe?.outcomes.filter((o) => o.relayAlive && o.freshClientSyncs).length ?? 0;
  goals.push({
    goal: 'malformed-frame probe: the process survives every case and fresh clients still sync',
    value: probe ? `${survived}/${probe.outcomes.length} cases` : 'not run',
    met: probe !== undefined && survived === probe.outcomes.length,
  });
  return goals;
}

function fanOutTable(result: RelayBenchResult): string {
  const rows: string[][] = [];
  for (const spec of result.loads) {
    for (const run of result.runs) {
      const load = loadOf(run, spec.name);
      const label = RELAY_LABELS[run.relay];
      const name = `${spec.name}: ${spec.peers} peers × ${spec.rooms} room${spec.rooms > 1 ? 's' : ''}, ${count(spec.editsPerSecond)} edits/s`;
      if (!load) {
        rows.push([name, label, 'failed', '', '', '', '', '', '', '', '', '']);
        continue;
      }
      const l = load.latencyMs;
      rows.push([
        name,
        label,
        ms(l.p50),
        ms(l.p99),
        load.roundP99sMs.map((value) => ms(value).replace(' ms', '')).join(' / '),
        ms(l.max),
        count(load.sendRate),
        count(load.deliveriesPerSecond),
        `${load.reach.toFixed(4)} (${count(load.receivedDeliveries)}/${count(load.expectedDeliveries)})`,
        `${load.relayCpuPercent.toFixed(0)}%`,
        `${load.generatorCpuPercent.toFixed(0)}% / ${ms(load.generatorLoopDelayP99Ms)}`,
        load.machineLoadAverage.toFixed(2),
      ]);
    }
  }
  return table(
    [
      'Load',
      'Relay',
      'p50',
      'p99',
      'p99 by round (ms)',
      'max',
      'Edits/s sent',
      'Deliveries/s',
      'Reach (received/expected)',
      'Relay CPU',
      'Generator CPU / loop delay p99',
      'Load avg',
    ],
    rows,
  );
}

function memoryTable(result: RelayBenchResult): string {
  const rows = result.runs.map((run) => {
    const idle = run.idle;
    if (!idle)
      return [RELAY_LABELS[run.relay], 'failed', 'n/a', 'n/a', 'n/a', 'n/a', mib(run.peakRssBytes)];
    return [
      RELAY_LABELS[run.relay],
      `${mib(idle.rssBeforeBytes)} → ${mib(idle.rssAfterBytes)}`,
      kib(idle.bytesPerConnection),
      `${mib(idle.rssBeforeGcBytes)} → ${mib(idle.rssAfterGcBytes)}`,
      kib(idle.bytesPerConnectionAfterGc),
      idle.allConnected ? 'yes' : 'no',
      mib(run.peakRssBytes),
    ];
  });
  return table(
    [
      'Relay',
      `RSS, 1 → ${result.idleConnections + 1} connections`,
      'Per idle connection',
      'Same, after a full GC',
      'Per idle connection, after GC',
      'All stayed connected',
      'Peak RSS over the run',
    ],
    rows,
  );
}

function probeCell(outcome: ProbeRow | undefined): string {
  if (!outcome) return 'not run';
  const answer = /^\d+$/.test(outcome.hostileConnection)
    ? `closed ${outcome.hostileConnection}`
    : outcome.hostileConnection;
  if (!outcome.relayAlive) return `**process died** (${outcome.death ?? 'exited'})`;
  const fresh = outcome.freshClientSyncs ? 'others fine' : '**fresh client cannot sync**';
  return `survives (${answer}); ${fresh}`;
}

type ProbeRow = RelayBenchResult['probes'][number]['outcomes'][number];

function probeTable(result: RelayBenchResult): string {
  const names = result.probes[0]?.outcomes.map((o) => o.probe) ?? [];
  const rows = names.map((name) => [
    name,
    ...result.runs.map((run) =>
      probeCell(
        result.probes.find((p) => p.relay === run.relay)?.outcomes.find((o) => o.probe === name),
      ),
    ),
  ]);
  return table(['Probe', ...result.runs.map((run) => RELAY_LABELS[run.relay])], rows);
}

export function relayMarkdown(result: RelayBenchResult): string {
  const m = result.machine;
  const goals = judgeRelayGoals(result);
  const seconds = (result.loads[0]?.durationMs ?? 0) / 1000;
  const rounds = result.runs.find((run) => run.loads.length > 0)?.loads[0]?.rounds ?? 1;
  const lines: string[] = [];
  lines.push('## Relay fan-out, side by side');
  lines.push('');
  lines.push(
    `${machineText(m)}${result.quick ? ' (quick: 3 s per load, no load 3)' : ''}; ${result.elapsedS.toFixed(0)} s in all.`,
  );
  lines.push('');
  lines.push(
    `Each relay is a child process on 127.0.0.1, driven by one load generator process with real clients (y-websocket 3.1 \`WebsocketProvider\` for ours and the reference server, \`HocuspocusProvider\` 3.4 for Hocuspocus; one websocket per peer). Every edit is one Y.Map set of a plan cell from a random peer, stamped with its send time; latency is from the set to the map event at each other peer of the room. Each load runs ${seconds} s${rounds > 1 ? ` in ${rounds} rounds of ${(seconds / rounds).toFixed(1)} s, the relays taking turns each round,` : ''} after a warm-up, in fresh rooms; latency samples of the rounds are pooled. Relay CPU is % of one core (/proc/<pid>/stat); the generator columns show when the load generator itself (one process, all peers) was short of CPU; load avg is the machine's 1-minute load average at the start of the rounds (this 2-core machine is shared). Our relay stores every update in SQLite (WAL, synchronous=NORMAL) before broadcasting it; both peers keep documents in memory only.`,
  );
  lines.push('');
  lines.push('**Edit-to-peer latency and fan-out**');
  lines.push('');
  lines.push(fanOutTable(result));
  lines.push('');
  lines.push(
    `**Memory per idle connection** (${result.idleConnections} synced peers opened in one room that already holds one, on a fresh relay process; RSS from /proc/<pid>/status, mean of 5 samples after 2 s of quiet; then again after a full GC requested through the relay's inspector)`,
  );
  lines.push('');
  lines.push(memoryTable(result));
  lines.push('');
  lines.push(
    '**Malformed-frame probe** (each case on its own connection into a room with a connected bystander; then: is the process alive, did the bystander keep its connection, does a fresh client sync and reach the bystander. A relay that dies is restarted for the next case.)',
  );
  lines.push('');
  lines.push(probeTable(result));
  lines.push('');
  const errors = result.runs.flatMap((run) => run.errors.map((e) => `${run.relay}: ${e}`));
  lines.push(...goalAndErrorLines('Goals for our relay', goals, errors));
  return lines.join('\n');
}
