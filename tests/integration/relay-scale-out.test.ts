import { describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../server/storage/postgres-storage.ts';
import { RedisFanout } from '../../server/sync/redis-fanout.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { redisForFile } from '../helpers/redis.ts';
import { startTcpBalancer } from '../helpers/tcp-balancer.ts';
import { spawnedRelaysForFile, type RelayProcess } from '../helpers/relay-process.ts';
import { agendaNotes } from '../../shared/doc/index.ts';
import {
  addNotesItem,
  connectClient,
  notesText,
  NOTES_ITEM,
  relaysForFile,
  sortedJson,
  synced,
  tempDirsForFile,
  testLogger,
  waitFor,
  type TestClient,
  type TestRelay,
} from '../helpers/relay.ts';
import { waitForStored } from '../helpers/stored-room.ts';

/**
 * Several relay processes on one PostgreSQL and one Redis: everyone in a room sees
 * everyone's edits and presence whichever process they reached, and nothing stored is
 * lost when Redis or a process goes away.
 */
const tempDir = tempDirsForFile();
const freshDatabase = postgresForFile();
const theRedis = redisForFile();
const relay = relaysForFile();
const spawnRelay = spawnedRelaysForFile();
let nextRoom = 0;

/** A room no other test (or test file sharing a Redis) uses. */
function room(): string {
  return `acme/scale-${process.pid}-${++nextRoom}`;
}

/** The next rooms {@link room} gives: created as cycles when the relays start. */
function upcomingRooms(): string[] {
  return [1, 2, 3].map((i) => `acme/scale-${process.pid}-${nextRoom + i}`);
}

/** `count` relay processes (`npm start` as an operator runs it) on one new database and the Redis. */
async function relayProcesses(count: number): Promise<RelayProcess[]> {
  const env = { DATABASE_URL: await freshDatabase(), REDIS_URL: (await theRedis()).url };
  return Promise.all(
    Array.from({ length: count }, async () =>
      spawnRelay(await tempDir('scale-process'), env, upcomingRooms()),
    ),
  );
}

async function threeRelays(): Promise<{ relays: TestRelay[]; databaseUrl: string }> {
  const databaseUrl = await freshDatabase();
  const { url: redisUrl } = await theRedis();
  const cycles = upcomingRooms();
  const relays = await Promise.all([1, 2, 3].map(() => relay({ databaseUrl, redisUrl, cycles })));
  return { relays, databaseUrl };
}

/** Three relays on one new database; Ana on the first and Ben on the second, synced to a new room. */
async function anaAndBenApart(): Promise<{
  ana: TestClient;
  ben: TestClient;
  name: string;
  databaseUrl: string;
}> {
  const { relays, databaseUrl } = await threeRelays();
  const name = room();
  // An agenda item whose notes the tests type into (the facilitator adds it).
  await addNotesItem(relays[2].syncUrl, name);
  const [ana, ben] = [
    connectClient(relays[0].syncUrl, name),
    connectClient(relays[1].syncUrl, name),
  ];
  await Promise.all([synced(ana), synced(ben)]);
  return { ana, ben, name, databaseUrl };
}

function demandOf(client: TestClient): string {
  return sortedJson(client.doc.getMap('demand'));
}

function converged(clients: TestClient[], size: number): boolean {
  const first = demandOf(clients[0]);
  return (
    clients[0].doc.getMap('demand').size === size &&
    clients.every((client) => demandOf(client) === first)
  );
}

describe('relays on PostgreSQL and Redis', () => {
  it('brings together edits made through three processes, and shows who is there', async () => {
    const { relays } = await threeRelays();
    const name = room();
    await addNotesItem(relays[0].syncUrl, name);
    const clients = relays.map((server) => connectClient(server.syncUrl, name));
    await Promise.all(clients.map((client) => synced(client)));
    // One writer: the others' relays store nothing themselves, so only the fan-out can
    // bring them the edit.
    clients[0].doc.getMap('demand').set('first|2027-01', 1);
    await waitFor('the other relays to pass on the first edit', () =>
      clients.every((client) => client.doc.getMap('demand').get('first|2027-01') === 1)
        ? true
        : undefined,
    );
    clients[0].doc.getMap('demand').delete('first|2027-01');
    clients.forEach((client, i) => {
      client.doc.transact(() => {
        for (let k = 0; k < 20; k++)
          client.doc.getMap('demand').set(`F${k}|2027-0${i + 1}`, k * (i + 1));
      });
      agendaNotes(client.doc, NOTES_ITEM).insert(0, `relay ${i} `);
    });
    const notes = () => clients.map((client) => notesText(client.doc));
    await waitFor(
      'the three replicas to converge',
      () => converged(clients, 60) && new Set(notes()).size === 1,
      15_000,
    );
    expect(notes()[0].length).toBe(3 * 'relay 0 '.length);

    // Presence crosses processes: Ana on the first relay is seen on the third.
    clients[0].provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const anaId = clients[0].doc.clientID;
    // Stamped by the first relay with the invite's name, and seen so on the third.
    await waitFor('the third relay to show Ana', () =>
      (clients[2].provider.awareness.getStates().get(anaId) as { user?: { name: string } })?.user
        ?.name === 'Test editor'
        ? true
        : undefined,
    );
    // And leaving is seen too.
    clients[0].destroy();
    await waitFor('Ana to be gone on the third relay', () =>
      clients[2].provider.awareness.getStates().has(anaId) ? undefined : true,
    );
  });

  it('takes a repeated or late message as nothing new', async () => {
    const { ana, ben, name, databaseUrl } = await anaAndBenApart();
    agendaNotes(ana.doc, NOTES_ITEM).insert(0, 'once');
    await waitFor('Ben to see the note', () => notesText(ben.doc) === 'once');
    // The stored update comes again through Redis, twice, as a process retrying would send it.
    const reader = await PostgresStorage.open(databaseUrl);
    const stored = await reader.load(name);
    await reader.close();
    const echo = await RedisFanout.open((await theRedis()).url, testLogger());
    try {
      for (let i = 0; i < 2; i++) {
        echo.publishUpdate(name, stored.lastSeq, stored.updates.at(-1)!);
      }
      agendaNotes(ana.doc, NOTES_ITEM).insert(4, ' more');
      await waitFor('Ben to see the next edit', () =>
        notesText(ben.doc) === 'once more' ? true : undefined,
      );
      echo.publishUpdate(name, stored.lastSeq, stored.updates.at(-1)!);
      ana.doc.getMap('demand').set('last|2027-01', 1);
      await waitFor(
        'Ben to see the last edit',
        () => ben.doc.getMap('demand').get('last|2027-01') === 1,
      );
      expect(notesText(ben.doc)).toBe('once more');
      expect(notesText(ana.doc)).toBe('once more');
    } finally {
      await echo.close();
    }
  });

  it('keeps edits while Redis is away and brings everyone together when it returns', async () => {
    const redis = await theRedis();
    if (!redis.controllable) return expect(redis.url).toBeTruthy();
    const { ana, ben, name, databaseUrl } = await anaAndBenApart();
    ana.doc.getMap('demand').set('before|2027-01', 1);
    await waitFor(
      'Ben to see the first edit',
      () => ben.doc.getMap('demand').get('before|2027-01') === 1,
    );

    await redis.stop();
    for (let k = 0; k < 10; k++) ana.doc.getMap('demand').set(`during-${k}|2027-01`, k);
    ben.doc.getMap('demand').set('ben-during|2027-01', 7);
    // Stored while Redis is away: the database has Ana's edits.
    const reader = await PostgresStorage.open(databaseUrl);
    try {
      await waitForStored(
        reader,
        name,
        'the edits made without Redis to be stored',
        (doc) => doc.getMap('demand').size === 12,
      );
    } finally {
      await reader.close();
    }
    // Without Redis, neither relay hears of the other's edits.
    expect(ana.doc.getMap('demand').has('ben-during|2027-01')).toBe(false);

    await redis.start();
    await waitFor('both to converge once Redis is back', () => converged([ana, ben], 12), 15_000);
    // Fan-out works again afterwards.
    ben.doc.getMap('demand').set('after|2027-01', 2);
    await waitFor(
      'Ana to see an edit made after',
      () => ana.doc.getMap('demand').get('after|2027-01') === 2,
    );
  });

  it('loses nothing a peer saw when a process is killed mid-burst; its people resync elsewhere', async () => {
    const started = await relayProcesses(3);
    const [doomed, second, third] = started;
    const name = room();
    const writer = connectClient(doomed.syncUrl, name);
    const watcher = connectClient(second.syncUrl, name);
    await Promise.all([synced(writer), synced(watcher)]);
    // A burst through the doomed process; it is killed half way.
    const burst = (async () => {
      for (let k = 0; k < 400; k++) {
        writer.doc.getMap('demand').set(`k${k}|2027-01`, k);
        if (k === 200) doomed.child.kill('SIGKILL');
        if (k % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await burst;
    await doomed.exited;
    // What the watcher saw went through the store first: it must all be in the database.
    const seen = watcher.doc.getMap('demand').toJSON() as Record<string, number>;
    expect(Object.keys(seen).length).toBeGreaterThan(0);
    const late = connectClient(third.syncUrl, name);
    await synced(late);
    for (const [key, value] of Object.entries(seen)) {
      expect(late.doc.getMap('demand').get(key)).toBe(value);
    }
    // The writer's person reconnects to another process with the same document: what the
    // killed process never stored is sent again, and everyone ends up with all 400.
    writer.provider.destroy();
    const moved = connectClient(second.syncUrl, name, { doc: writer.doc });
    await synced(moved);
    await waitFor(
      'everyone to hold all 400 edits',
      () => (converged([moved, watcher, late], 400) ? true : undefined),
      15_000,
    );
  });

  it('behind a load balancer, a person whose process dies is back on another one with nothing lost', async () => {
    const started = await relayProcesses(2);
    const balancer = await startTcpBalancer(started.map((running) => running.port));
    try {
      const name = room();
      const ana = connectClient(`ws://127.0.0.1:${balancer.port}/sync`, name);
      await synced(ana);
      const ben = connectClient(`ws://127.0.0.1:${balancer.port}/sync`, name);
      await synced(ben);
      ana.doc.getMap('demand').set('before|2027-01', 1);
      await waitFor(
        'Ben to see Ana’s edit',
        () => ben.doc.getMap('demand').get('before|2027-01') === 1,
      );
      // Round robin: Ana's connection went to the first process, Ben's to the second.
      started[0].child.kill('SIGKILL');
      await started[0].exited;
      ana.doc.getMap('demand').set('while-moving|2027-01', 2);
      await waitFor(
        'Ana to be back through the balancer, and the two to converge',
        () =>
          ana.provider.wsconnected &&
          ben.doc.getMap('demand').get('while-moving|2027-01') === 2 &&
          converged([ana, ben], 2),
        15_000,
      );
      ben.doc.getMap('demand').set('after|2027-01', 3);
      await waitFor(
        'Ana to see Ben’s next edit',
        () => ana.doc.getMap('demand').get('after|2027-01') === 3,
      );
    } finally {
      await balancer.close();
    }
  });
});
