import { describe, expect, it } from 'vitest';
import { summarize } from '../../../bench/relay/latency.ts';
import { mergeRounds, type LoadResult } from '../../../bench/relay/load-generator.ts';
import { judgeRelayGoals, relayMarkdown } from '../../../bench/relay/report.ts';
import type { RelayBenchResult, RelayRun } from '../../../bench/relay/run-relay-bench.ts';
import type { RelayKind } from '../../../bench/relay/servers.ts';

function load(name: string, p99: number, reach = 1, latencies = [1, 2, p99]): LoadResult {
  const samples = Float64Array.from(latencies);
  return {
    load: name,
    peers: 10,
    rooms: 1,
    targetEditsPerSecond: 20,
    durationS: 1,
    editsSent: 20,
    sendRate: 20,
    expectedDeliveries: 180,
    receivedDeliveries: Math.round(180 * reach),
    reach,
    deliveriesPerSecond: 180 * reach,
    latencyMs: { count: 3, p50: 2, p99, max: p99, mean: 2 },
    relayCpuPercent: 10,
    relayRssBytesAfter: 1e8,
    generatorCpuPercent: 20,
    generatorLoopDelayP99Ms: 1,
    peersDisconnected: 0,
    drainMs: 0,
    relayAlive: true,
    rounds: 1,
    roundP99sMs: [p99],
    machineLoadAverage: 0.5,
    raw: { latencies: samples, relayCpuSeconds: 0.1, generatorCpuSeconds: 0.2, wallSeconds: 1 },
  };
}

function run(relay: RelayKind, loads: LoadResult[], perConnection = 20_000): RelayRun {
  return {
    relay,
    loads,
    peakRssBytes: 1e8,
    durability: relay === 'fulcrum' ? { rooms: 2, matching: 2, detail: 'all match' } : null,
    errors: [],
    idle: {
      connections: 300,
      rssBeforeBytes: 1e8,
      rssAfterBytes: 1e8 + 300 * perConnection,
      bytesPerConnection: perConnection,
      rssBeforeGcBytes: 1e8,
      rssAfterGcBytes: 1e8,
      bytesPerConnectionAfterGc: 0,
      allConnected: true,
    },
  };
}

function result(runs: RelayRun[]): RelayBenchResult {
  return {
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      node: 'v20.20.2',
      platform: 'linux x64',
      loadAverage: 0.5,
      date: '2026-11-25T00:00:00.000Z',
    },
    quick: true,
    loads: [{ name: 'L1', peers: 10, rooms: 1, editsPerSecond: 20, durationMs: 1000, warmupMs: 0 }],
    idleConnections: 300,
    runs,
    probes: [],
    elapsedS: 1,
  };
}

describe('relay benchmark: statistics', () => {
  it('summarizes latencies by nearest rank', () => {
    const samples = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    const summary = summarize(samples);
    expect(summary.p50).toBe(50);
    expect(summary.p99).toBe(99);
    expect(summary.max).toBe(100);
    expect(summarize(new Float64Array(0)).count).toBe(0);
  });

  it('pools rounds: sums counts, pools samples, CPU over the whole time', () => {
    const merged = mergeRounds([load('L1', 3, 1, [1, 2, 3]), load('L1', 9, 1, [4, 5, 9])]);
    expect(merged.rounds).toBe(2);
    expect(merged.editsSent).toBe(40);
    expect(merged.reach).toBe(1);
    expect(merged.latencyMs.max).toBe(9);
    expect(merged.latencyMs.count).toBe(6);
    expect(merged.roundP99sMs).toEqual([3, 9]);
    expect(merged.relayCpuPercent).toBeCloseTo(10);
  });
});

describe('relay benchmark: goals', () => {
  it('compares our p99 with the best peer and checks reach, memory and persistence', () => {
    const goals = judgeRelayGoals(
      result([
        run('fulcrum', [load('L1', 5)]),
        run('reference', [load('L1', 6)]),
        run('hocuspocus', [load('L1', 4)]),
      ]),
    );
    const byName = (prefix: string) => goals.find((goal) => goal.goal.startsWith(prefix))!;
    expect(byName('L1: p99').met).toBe(false); // 5 ms against the best peer's 4 ms
    expect(byName('L1: reach').met).toBe(true);
    expect(byName('<= 30 KiB').met).toBe(true);
    expect(byName('every update persisted').met).toBe(true);
    expect(byName('malformed-frame probe').met).toBe(false); // not run
  });

  it('fails reach below 1 and memory above 30 KiB, and renders the tables', () => {
    const bench = result([
      run('fulcrum', [load('L1', 3, 0.99)], 40 * 1024),
      run('reference', [load('L1', 6)]),
      run('hocuspocus', [load('L1', 4)]),
    ]);
    const goals = judgeRelayGoals(bench);
    expect(goals.find((goal) => goal.goal.startsWith('L1: p99'))!.met).toBe(true);
    expect(goals.find((goal) => goal.goal.startsWith('L1: reach'))!.met).toBe(false);
    expect(goals.find((goal) => goal.goal.startsWith('<= 30 KiB'))!.met).toBe(false);
    const markdown = relayMarkdown(bench);
    expect(markdown).toContain(
      'Machine: Test CPU, 2 cores, linux x64, Node v20.20.2; load average 0.50 at start; run 2026-11-25 (quick: 3 s per load, no load 3);',
    );
    expect(markdown).toContain('| L1: 10 peers × 1 room, 20 edits/s');
    expect(markdown).toContain('40.0 KiB');
  });
});
