import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresForFile } from '../helpers/postgres.ts';
import { redisForFile } from '../helpers/redis.ts';
import { spawnRelay, type RelayProcess } from '../helpers/relay-process.ts';
import {
  connectClient,
  destroyAllClients,
  makeTempDir,
  sortedJson,
  waitFor,
  type TestClient,
} from '../helpers/relay.ts';
import { roomEvents, rssGrowth, sampleRss } from './process-watch.ts';

/**
 * The soak: three relay processes on one PostgreSQL and one Redis under a steady load for
 * most of SOAK_MINUTES (default 10): memory stays flat after the warm-up, every client
 * converges, every process unloads its rooms once the last client leaves; then a
 * reconnect storm after a restart of all three. `npm run test:soak`; never part of
 * `npm test`.
 */
const SOAK_MINUTES = Number(process.env.SOAK_MINUTES ?? '10');
if (!Number.isFinite(SOAK_MINUTES) || SOAK_MINUTES < 1) {
  throw new Error(`SOAK_MINUTES must be a number of at least 1, got "${process.env.SOAK_MINUTES}"`);
}
/** The steady load: nine tenths of the run (9 minutes of 10); the rest is the checks. */
const LOAD_MS = SOAK_MINUTES * 60_000 * 0.9;
/** RSS is compared from the end of the warm-up: the first two minutes of nine. */
const WARMUP_MS = (LOAD_MS * 2) / 9;
const RSS_EVERY_MS = Math.max(1000, LOAD_MS / 270);
const MAX_RSS_GROWTH = 0.1;

const PROCESSES = 3;
const ROOMS = 5;
const CLIENTS = 30;
const EDIT_EVERY_MS = 1000;
/** Each client rewrites its own 20 demand cells (Jan 2027) in turn. */
const CELLS_PER_CLIENT = 20;
const UNLOAD_MS = 2000;
const STORM_CLIENTS = 100;
const STORM_LIMIT_MS = 5000;

// Every provider adds a process 'exit' listener: 130 of them are expected here.
process.setMaxListeners(CLIENTS + STORM_CLIENTS + 20);

const freshDatabase = postgresForFile();
const theRedis = redisForFile();
const running: RelayProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  destroyAllClients();
  for (const relay of running) relay.child.kill('SIGKILL');
  await Promise.all(running.map((relay) => relay.exited));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** What the soak leaves for the storm: the database, the rooms and what they must hold. */
interface SoakState {
  env: Record<string, string>;
  relays: RelayProcess[];
  rooms: string[];
  /** Each room's demand cells as every client must end with them (sorted-key JSON). */
  expected: Map<string, string>;
}
let soaked: SoakState | null = null;

function roomName(r: number): string {
  return `acme/soak-${process.pid}-${r}`;
}

/** Round robin over the processes, shifted per room so each process serves every room. */
function processOf(room: number, slot: number): number {
  return (slot + room) % PROCESSES;
}

function mib(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

async function startProcesses(env: Record<string, string>): Promise<RelayProcess[]> {
  const relays: RelayProcess[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const dir = await makeTempDir('soak');
    dirs.push(dir);
    const relay = await spawnRelay(
      dir,
      env,
      Array.from({ length: ROOMS }, (_, r) => roomName(r)),
    );
    running.push(relay);
    relays.push(relay);
  }
  return relays;
}

/** Plain-object cells as `sortedJson` prints a map with the same content. */
function sortedObject(cells: Record<string, number>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(cells).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

describe(`three relay processes for ${SOAK_MINUTES} minutes`, () => {
  it(
    'keep memory flat, converge every client and unload their rooms',
    async () => {
      const env = {
        DATABASE_URL: await freshDatabase(),
        REDIS_URL: (await theRedis()).url,
        LOG_LEVEL: 'info',
        ROOM_UNLOAD_MS: String(UNLOAD_MS),
      };
      const relays = await startProcesses(env);
      const rooms = Array.from({ length: ROOMS }, (_, r) => roomName(r));
      const perRoom = CLIENTS / ROOMS;
      const clients: Array<{ client: TestClient; room: number; id: number }> = [];
      for (let r = 0; r < ROOMS; r++) {
        for (let slot = 0; slot < perRoom; slot++) {
          const relay = relays[processOf(r, slot)];
          clients.push({
            client: connectClient(relay.syncUrl, rooms[r]),
            room: r,
            id: clients.length,
          });
        }
      }
      await waitFor(
        'every client to sync',
        () => clients.every(({ client }) => client.provider.synced),
        20_000,
      );

      // The load: each client sets one of its cells every second, staggered over the second.
      const expected = rooms.map(() => ({}) as Record<string, number>);
      let edits = 0;
      const rss = sampleRss(
        relays.map((relay) => relay.child.pid!),
        RSS_EVERY_MS,
      );
      const timers: NodeJS.Timeout[] = [];
      for (const { client, room, id } of clients) {
        let n = 0;
        const edit = () => {
          const key = `c${id}-k${n % CELLS_PER_CLIENT}|2027-01`;
          const value = id * 1_000_000 + n++;
          client.doc.getMap<number>('demand').set(key, value);
          expected[room][key] = value;
          edits++;
        };
        const stagger = setTimeout(
          () => {
            edit();
            timers.push(setInterval(edit, EDIT_EVERY_MS));
          },
          (id * EDIT_EVERY_MS) / CLIENTS,
        );
        timers.push(stagger);
      }
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
      for (const timer of timers) clearInterval(timer);
      rss.stop();
      // No process died under the load (their clients would have moved to the others).
      expect(relays.map((relay) => relay.child.exitCode ?? relay.child.signalCode)).toEqual(
        relays.map(() => null),
      );

      // Every client converges on exactly what was written.
      const convergeStart = performance.now();
      const wanted = expected.map(sortedObject);
      await waitFor(
        'every client to hold every edit of its room',
        () =>
          clients.every(
            ({ client, room }) => sortedJson(client.doc.getMap('demand')) === wanted[room],
          ),
        30_000,
      );
      const convergeMs = performance.now() - convergeStart;
      const reconnects = clients.reduce((total, { client }) => total + client.closeCodes.length, 0);

      // Memory after the warm-up grows by at most a tenth.
      const growth = rssGrowth(rss.samples, WARMUP_MS);

      // Once the last client leaves, each process unloads every room it loaded.
      const leftAt = performance.now();
      destroyAllClients();
      const unloaded = await waitFor(
        'every process to unload its rooms',
        () => {
          const events = relays.map((relay) => roomEvents(relay.output()));
          const done = events.every(
            (e) =>
              rooms.every((room) => e.loaded.includes(room)) &&
              e.loaded.every((room) => e.unloaded.includes(room)),
          );
          return done ? events : undefined;
        },
        UNLOAD_MS + 20_000,
      );
      const unloadMs = performance.now() - leftAt;

      console.log(
        [
          `soak: ${SOAK_MINUTES} min (${(LOAD_MS / 60_000).toFixed(1)} min of load, ${(WARMUP_MS / 60_000).toFixed(1)} min warm-up), ${CLIENTS} clients in ${ROOMS} rooms over ${PROCESSES} processes, ${edits.toLocaleString('en-US')} edits (${(edits / (LOAD_MS / 1000)).toFixed(1)}/s), ${rss.samples.length} RSS readings`,
          ...growth.map(
            (g, i) =>
              `  process ${i + 1}: RSS ${mib(g.afterWarmupBytes)} after warm-up, ${mib(g.endBytes)} at the end: ${(g.growth * 100).toFixed(1)}%; rooms loaded ${unloaded[i].loaded.length}, unloaded ${unloaded[i].unloaded.length}`,
          ),
          `  every client converged ${convergeMs.toFixed(0)} ms after the last edit; ${reconnects} reconnects during the load; rooms unloaded ${unloadMs.toFixed(0)} ms after the last client left (ROOM_UNLOAD_MS=${UNLOAD_MS})`,
        ].join('\n'),
      );
      for (const g of growth) expect(g.growth).toBeLessThanOrEqual(MAX_RSS_GROWTH);
      soaked = { env, relays, rooms, expected: new Map(rooms.map((room, r) => [room, wanted[r]])) };
    },
    LOAD_MS + 180_000,
  );

  it('after a restart, 100 clients connecting at once are all synced within 5 s', async () => {
    if (!soaked) throw new Error('the soak above did not finish: nothing to restart');
    const { env, relays, rooms, expected } = soaked;
    for (const relay of relays) relay.child.kill('SIGTERM');
    const exits = await Promise.all(relays.map((relay) => relay.exited));
    expect(exits.map((exit) => exit.code)).toEqual(relays.map(() => 0));
    const restarted = await startProcesses(env);

    const started = performance.now();
    const syncedAt: number[] = [];
    const storm = Array.from({ length: STORM_CLIENTS }, (_, i) => {
      const room = i % ROOMS;
      const slot = Math.floor(i / ROOMS);
      const client = connectClient(restarted[processOf(room, slot)].syncUrl, rooms[room]);
      // Timed by the provider's own event, not by polling.
      client.provider.once('sync', () => syncedAt.push(performance.now() - started));
      return { room, client };
    });
    await waitFor(
      'every client of the storm to sync',
      () => storm.every(({ client }) => client.provider.synced),
      STORM_LIMIT_MS * 4,
    );
    const sorted = [...syncedAt].sort((a, b) => a - b);
    const last = sorted[sorted.length - 1];
    console.log(
      `storm: ${STORM_CLIENTS} clients over ${PROCESSES} restarted processes: first synced after ${sorted[0].toFixed(0)} ms, half after ${sorted[Math.floor(STORM_CLIENTS / 2)].toFixed(0)} ms, all after ${last.toFixed(0)} ms`,
    );
    expect(last).toBeLessThanOrEqual(STORM_LIMIT_MS);
    // Synced means holding the room as stored: every edit of the soak, read back from PostgreSQL.
    for (const { room, client } of storm) {
      expect(sortedJson(client.doc.getMap('demand'))).toBe(expected.get(rooms[room]));
    }
  });
});
