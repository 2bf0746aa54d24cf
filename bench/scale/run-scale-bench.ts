/**
 * The scale-out benchmark: one embedded relay process (SQLite, no Redis) beside two and
 * three processes sharing one PostgreSQL and one Redis, all started here (PostgreSQL and
 * Redis from Debian's packages, as the tests start them), under the same load. The
 * setups take turns within each round, so drift of this shared machine's background load
 * spreads over all three.
 */
import { concatSamples, summarize, type LatencySummary } from '../relay/latency.ts';
import {
  cpuSeconds,
  guardBenchProcess,
  killAllRelays,
  startRelay,
  type RelayProcess,
} from '../relay/servers.ts';
import { currentMachine, type Machine } from '../report.ts';
import {
  createDatabase,
  startPostgresServer,
  type PostgresServer,
} from '../../tests/helpers/postgres-server.ts';
import { startRedisServer, type TestRedis } from '../../tests/helpers/redis-server.ts';
import { treeCpuSeconds } from './process-tree.ts';
import { appendsBetween, readAppendTotals, type AppendTotals } from './relay-appends.ts';
import {
  poolRounds,
  runScaleLoad,
  type ScaleLoadResult,
  type ScaleLoadSpec,
} from './scale-load.ts';
import { openStoreProbe, type StoreProbe } from './store-probe.ts';

/** A way of running the relay. */
export interface Setup {
  name: string;
  label: string;
  processes: number;
  store: 'sqlite' | 'postgres';
}

export const SETUPS: readonly Setup[] = [
  { name: 'one', label: '1 process, SQLite', processes: 1, store: 'sqlite' },
  { name: 'two', label: '2 processes, PostgreSQL + Redis', processes: 2, store: 'postgres' },
  { name: 'three', label: '3 processes, PostgreSQL + Redis', processes: 3, store: 'postgres' },
];

/** The load: 100 peers in 10 rooms of 10, 200 edits/s in all. */
export function scaleSpec(quick: boolean): ScaleLoadSpec {
  return {
    peers: 100,
    rooms: 10,
    editsPerSecond: 200,
    durationMs: quick ? 4000 : 20_000,
    warmupMs: quick ? 1000 : 2000,
  };
}

/** A full run splits the measured time into this many rounds, setup after setup. */
export const FULL_ROUNDS = 2;

/** One setup's pooled result. */
export interface SetupRun {
  setup: Setup;
  load: ScaleLoadResult | null;
  /** `PostgresStorage.append` from a side connection during the load (PostgreSQL setups). */
  appendLatencyMs: LatencySummary | null;
  /** The relays' own appends during the load, as their `/metrics` timed them. */
  relayAppends: { count: number; meanMs: number } | null;
  /** % of one core used by PostgreSQL (postmaster and backends) during the load. */
  postgresCpuPercent: number | null;
  /** % of one core used by Redis during the load. */
  redisCpuPercent: number | null;
  errors: string[];
}

export interface ScaleBenchResult {
  machine: Machine;
  quick: boolean;
  spec: ScaleLoadSpec;
  rounds: number;
  setups: SetupRun[];
  elapsedS: number;
}

function log(message: string): void {
  console.log(`[scale-bench] ${message}`);
}

interface Started {
  relays: RelayProcess[];
  databaseUrl: string | null;
  probe: StoreProbe | null;
}

/** Starts the relay processes of each setup (PostgreSQL setups get a database each). */
async function startSetup(
  setup: Setup,
  postgres: PostgresServer | null,
  redis: TestRedis | null,
): Promise<Started> {
  if (setup.store === 'sqlite')
    return { relays: [await startRelay('fulcrum')], databaseUrl: null, probe: null };
  if (!postgres || !redis) throw new Error('PostgreSQL or Redis did not start');
  const databaseUrl = await createDatabase(postgres, `fulcrum_scale_${setup.name}`);
  const relays: RelayProcess[] = [];
  // One after another: each start compiles the server (tsx) and would compete for the cores.
  for (let i = 0; i < setup.processes; i++) {
    relays.push(await startRelay('fulcrum', { DATABASE_URL: databaseUrl, REDIS_URL: redis.url }));
  }
  return { relays, databaseUrl, probe: await openStoreProbe(databaseUrl) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runScaleBenchmark(quick: boolean): Promise<ScaleBenchResult> {
  const started = performance.now();
  const machine = currentMachine();
  const spec = scaleSpec(quick);
  const rounds = quick ? 1 : FULL_ROUNDS;
  const roundSpec = { ...spec, durationMs: spec.durationMs / rounds };
  const runs = SETUPS.map((setup): SetupRun => ({
    setup,
    load: null,
    appendLatencyMs: null,
    relayAppends: null,
    postgresCpuPercent: null,
    redisCpuPercent: null,
    errors: [],
  }));
  const release = guardBenchProcess();
  let postgres: PostgresServer | null = null;
  let redis: TestRedis | null = null;
  const setups = new Map<Setup, Started>();
  try {
    try {
      log('starting PostgreSQL and Redis');
      [postgres, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
    } catch (error) {
      for (const run of runs) {
        if (run.setup.store === 'postgres') run.errors.push(`servers: ${errorText(error)}`);
      }
    }
    for (const run of runs) {
      if (run.errors.length) continue;
      log(`starting ${run.setup.label}`);
      try {
        setups.set(run.setup, await startSetup(run.setup, postgres, redis));
      } catch (error) {
        run.errors.push(`start: ${errorText(error)}`);
      }
    }
    const results = new Map<Setup, ScaleLoadResult[]>();
    const appends = new Map<Setup, Float64Array[]>();
    const relayAppends = new Map<Setup, { count: number; seconds: number }>();
    const serviceCpu = new Map<Setup, { postgres: number; redis: number; wall: number }>();
    for (let round = 1; round <= rounds; round++) {
      for (const run of runs) {
        const setup = setups.get(run.setup);
        if (!setup) continue;
        if (setup.relays.some((relay) => !relay.isAlive())) {
          run.errors.push(`round ${round}: a relay process is no longer running`);
          continue;
        }
        log(
          `${run.setup.label}: round ${round}/${rounds}: ${spec.peers} peers in ${spec.rooms} rooms, ${spec.editsPerSecond} edits/s for ${roundSpec.durationMs / 1000} s`,
        );
        /** Filled in when the measured window starts. */
        const window: {
          probed: Promise<Float64Array> | null;
          start: { postgres: number; redis: number; at: number } | null;
          appendsBefore: Promise<Array<AppendTotals | null>> | null;
        } = { probed: null, start: null, appendsBefore: null };
        const pgPid = run.setup.store === 'postgres' ? (postgres?.pid ?? null) : null;
        const redisPid = run.setup.store === 'postgres' ? (redis?.pid() ?? null) : null;
        try {
          const result = await runScaleLoad(setup.relays, roundSpec, round, (measured) => {
            window.start = {
              postgres: pgPid ? treeCpuSeconds(pgPid) : 0,
              redis: redisPid ? cpuSeconds(redisPid) : 0,
              at: performance.now(),
            };
            window.appendsBefore = Promise.all(
              setup.relays.map((relay) => readAppendTotals(relay.port)),
            );
            if (setup.probe) {
              const room = `bench/store-probe-${run.setup.name}-${round}`;
              window.probed = setup.probe.measure(room, measured).catch((error: unknown) => {
                run.errors.push(`round ${round}: PostgreSQL append probe: ${errorText(error)}`);
                return new Float64Array();
              });
            }
          });
          if (window.start && pgPid && redisPid) {
            const begin = window.start;
            const total = serviceCpu.get(run.setup) ?? { postgres: 0, redis: 0, wall: 0 };
            total.postgres += treeCpuSeconds(pgPid) - begin.postgres;
            total.redis += cpuSeconds(redisPid) - begin.redis;
            total.wall += (performance.now() - begin.at) / 1000;
            serviceCpu.set(run.setup, total);
          }
          if (window.appendsBefore) {
            const before = await window.appendsBefore;
            const after = await Promise.all(
              setup.relays.map((relay) => readAppendTotals(relay.port)),
            );
            const between = appendsBetween(before, after);
            if (between) {
              const total = relayAppends.get(run.setup) ?? { count: 0, seconds: 0 };
              total.count += between.count;
              total.seconds += (between.meanMs * between.count) / 1000;
              relayAppends.set(run.setup, total);
            }
          }
          if (window.probed) {
            const list = appends.get(run.setup) ?? [];
            list.push(await window.probed);
            appends.set(run.setup, list);
          }
          const list = results.get(run.setup) ?? [];
          list.push(result);
          results.set(run.setup, list);
          log(
            `  same process p50 ${result.same.latencyMs.p50.toFixed(2)} / p99 ${result.same.latencyMs.p99.toFixed(2)} ms, across p50 ${result.across.latencyMs.p50.toFixed(2)} / p99 ${result.across.latencyMs.p99.toFixed(2)} ms, reach ${result.reach.toFixed(4)}`,
          );
        } catch (error) {
          run.errors.push(`round ${round}: ${errorText(error)}`);
          log(`  failed: ${errorText(error)}`);
        }
      }
    }
    for (const run of runs) {
      const list = results.get(run.setup);
      if (list?.length) {
        const pooled = poolRounds(list);
        delete pooled.raw;
        run.load = pooled;
      }
      const samples = appends.get(run.setup);
      if (samples?.length) {
        run.appendLatencyMs = summarize(concatSamples(samples));
      }
      const own = relayAppends.get(run.setup);
      if (own && own.count > 0) {
        run.relayAppends = { count: own.count, meanMs: (own.seconds / own.count) * 1000 };
      }
      const usage = serviceCpu.get(run.setup);
      if (usage && usage.wall > 0) {
        run.postgresCpuPercent = (usage.postgres / usage.wall) * 100;
        run.redisCpuPercent = (usage.redis / usage.wall) * 100;
      }
    }
  } finally {
    for (const setup of setups.values()) {
      await setup.probe?.close().catch(() => {});
      for (const relay of setup.relays) await relay.stop();
    }
    killAllRelays();
    await redis?.stop();
    await postgres?.stop();
    release();
  }
  return {
    machine,
    quick,
    spec,
    rounds,
    setups: runs,
    elapsedS: (performance.now() - started) / 1000,
  };
}
