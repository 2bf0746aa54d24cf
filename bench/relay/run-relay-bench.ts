/**
 * The relay fan-out benchmark: our relay (with its SQLite store) beside the reference
 * server and Hocuspocus, driven by one load generator (this process). All three relays run
 * at once as child processes; the loads run relay after relay within each load, so drift
 * of this shared machine's background load spreads over all three. Then the malformed-frame
 * probe runs against a fresh process of each.
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { SqliteStorage, databaseFile } from '../../server/storage/sqlite-storage.ts';
import { currentMachine, type Machine } from '../report.ts';
import { measureIdleMemory, type IdleMemoryResult } from './idle-memory.ts';
import {
  mergeRounds,
  runLoad,
  sortedJson,
  type LoadResult,
  type LoadSpec,
} from './load-generator.ts';
import { MAP_NAME } from './cell-edits.ts';
import { probeRelay, type ProbeReport } from './probe.ts';
import {
  BENCH_WORKSPACE,
  RELAY_KINDS,
  guardBenchProcess,
  IDLE_ROOM,
  killAllRelays,
  peakRssBytes,
  startRelay,
  type RelayKind,
  type RelayProcess,
} from './servers.ts';

export const IDLE_CONNECTIONS = 300;

/** A full run splits each load's time into this many rounds, relay after relay. */
export const ROUNDS = 3;

/** The loads of issue 3, section 4. */
export function loadSpecs(quick: boolean): LoadSpec[] {
  const durationMs = quick ? 3000 : 10_000;
  const warmupMs = quick ? 500 : 1000;
  const specs: LoadSpec[] = [
    { name: 'L1', peers: 30, rooms: 1, editsPerSecond: 20, durationMs, warmupMs },
    { name: 'L2', peers: 100, rooms: 10, editsPerSecond: 200, durationMs, warmupMs },
    { name: 'L3', peers: 100, rooms: 10, editsPerSecond: 2000, durationMs, warmupMs },
  ];
  return quick ? specs.slice(0, 2) : specs;
}

/** Every room the load's edits reached is in the store, with the content peers converged on. */
export interface DurabilityCheck {
  rooms: number;
  matching: number;
  detail: string;
}

export interface RelayRun {
  relay: RelayKind;
  idle: IdleMemoryResult | null;
  loads: LoadResult[];
  peakRssBytes: number;
  durability: DurabilityCheck | null;
  errors: string[];
}

export interface RelayBenchResult {
  machine: Machine;
  quick: boolean;
  loads: LoadSpec[];
  idleConnections: number;
  runs: RelayRun[];
  probes: ProbeReport[];
  elapsedS: number;
}

/** Why a relay process is gone: its exit and the last error lines it wrote. */
async function describeDeath(relay: RelayProcess): Promise<string> {
  const { code, signal } = await relay.exited;
  const lines = relay
    .outputTail()
    .filter((line) => !/Debugger|inspector|Facilitator link/.test(line))
    .slice(-6)
    .map((line) => line.trim());
  return `process exited (${code ?? signal}); last output: ${lines.join(' | ')}`;
}

function log(message: string): void {
  console.log(`[relay-bench] ${message}`);
}

/** Reads our relay's store after it stopped and compares each room with the peers' state. */
async function checkDurability(
  relay: RelayProcess,
  states: Map<string, string>,
): Promise<DurabilityCheck> {
  if (!relay.dataDir) return { rooms: 0, matching: 0, detail: 'no data folder' };
  const storage = new SqliteStorage(databaseFile(join(relay.dataDir, 'data')));
  let matching = 0;
  const mismatched: string[] = [];
  try {
    for (const [room, expected] of states) {
      const stored = await storage.load(`${BENCH_WORKSPACE}/${room}`);
      const doc = new Y.Doc();
      for (const update of stored.updates) Y.applyUpdate(doc, update);
      if (sortedJson(doc.getMap(MAP_NAME)) === expected) matching++;
      else mismatched.push(room);
      doc.destroy();
    }
  } finally {
    await storage.close();
  }
  return {
    rooms: states.size,
    matching,
    detail: mismatched.length ? `differs: ${mismatched.slice(0, 5).join(', ')}` : 'all match',
  };
}

export async function runRelayBenchmark(quick: boolean): Promise<RelayBenchResult> {
  const started = performance.now();
  const machine = currentMachine();
  const specs = loadSpecs(quick);
  const relays = new Map<RelayKind, RelayProcess>();
  const runs = new Map<RelayKind, RelayRun>();
  /** The rooms each process of our relay served, with the state its peers converged on. */
  const finalStates = new Map<RelayProcess, Map<string, string>>();
  for (const kind of RELAY_KINDS) {
    runs.set(kind, {
      relay: kind,
      idle: null,
      loads: [],
      peakRssBytes: Number.NaN,
      durability: null,
      errors: [],
    });
  }
  const release = guardBenchProcess();
  const probes: ProbeReport[] = [];
  /** Relay processes that died and were replaced (their data is checked, then removed). */
  const retired: RelayProcess[] = [];
  try {
    for (const kind of RELAY_KINDS) {
      log(`starting ${kind}`);
      const relay = await startRelay(kind);
      relays.set(kind, relay);
      const run = runs.get(kind)!;
      try {
        log(`${kind}: ${IDLE_CONNECTIONS} idle connections`);
        run.idle = await measureIdleMemory(relay, IDLE_ROOM, IDLE_CONNECTIONS);
      } catch (error) {
        run.errors.push(`idle: ${(error as Error).message}`);
        if (!relay.isAlive()) run.errors.push(`idle: ${await describeDeath(relay)}`);
      }
    }
    const rounds = quick ? 1 : ROUNDS;
    for (const spec of specs) {
      const byKind = new Map<RelayKind, LoadResult[]>();
      const roundSpec = { ...spec, durationMs: spec.durationMs / rounds };
      for (let round = 1; round <= rounds; round++) {
        for (const kind of RELAY_KINDS) {
          let relay = relays.get(kind)!;
          const run = runs.get(kind)!;
          if (!relay.isAlive()) {
            // Found dead (a crash under load): say why, start a new one, go on.
            run.errors.push(`before ${spec.name} round ${round}: ${await describeDeath(relay)}`);
            await relay.stop({ keepData: true });
            retired.push(relay);
            relay = await startRelay(kind);
            relays.set(kind, relay);
          }
          log(
            `${kind}: ${spec.name} round ${round}/${rounds}: ${spec.peers} peers, ${spec.rooms} room(s), ${spec.editsPerSecond} edits/s for ${roundSpec.durationMs / 1000} s`,
          );
          try {
            const result = await runLoad(relay, roundSpec, round);
            if (kind === 'fulcrum' && result.finalStates) {
              if (!finalStates.has(relay)) finalStates.set(relay, new Map());
              for (const [room, state] of result.finalStates) {
                finalStates.get(relay)!.set(room, state);
              }
            }
            if (!byKind.has(kind)) byKind.set(kind, []);
            byKind.get(kind)!.push(result);
            const l = result.latencyMs;
            log(
              `  p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, reach ${result.reach.toFixed(4)}, relay CPU ${result.relayCpuPercent.toFixed(0)}%, load average ${result.machineLoadAverage.toFixed(2)}`,
            );
          } catch (error) {
            run.errors.push(`${spec.name} round ${round}: ${(error as Error).message}`);
            log(`  failed: ${(error as Error).message}`);
          }
        }
      }
      for (const [kind, results] of byKind) {
        const merged = mergeRounds(results);
        delete merged.finalStates;
        delete merged.raw;
        runs.get(kind)!.loads.push(merged);
      }
    }
    for (const [kind, relay] of relays) {
      const run = runs.get(kind)!;
      if (relay.isAlive()) run.peakRssBytes = peakRssBytes(relay.pid);
      await relay.stop({ keepData: kind === 'fulcrum' });
    }
    const oursRun = runs.get('fulcrum')!;
    for (const [relayProcess, states] of finalStates) {
      try {
        const check = await checkDurability(relayProcess, states);
        const previous = oursRun.durability;
        oursRun.durability = previous
          ? {
              rooms: previous.rooms + check.rooms,
              matching: previous.matching + check.matching,
              detail: check.matching === check.rooms ? previous.detail : check.detail,
            }
          : check;
      } catch (error) {
        oursRun.errors.push(`durability check: ${(error as Error).message}`);
      } finally {
        relayProcess.removeData();
      }
    }
    for (const kind of RELAY_KINDS) {
      log(`${kind}: malformed-frame probe`);
      try {
        probes.push(await probeRelay(kind));
      } catch (error) {
        runs.get(kind)!.errors.push(`probe: ${(error as Error).message}`);
      }
    }
  } finally {
    for (const relay of relays.values()) await relay.stop();
    for (const relay of retired) relay.removeData();
    killAllRelays();
    release();
  }
  return {
    machine,
    quick,
    loads: specs,
    idleConnections: IDLE_CONNECTIONS,
    runs: [...runs.values()],
    probes,
    elapsedS: (performance.now() - started) / 1000,
  };
}
