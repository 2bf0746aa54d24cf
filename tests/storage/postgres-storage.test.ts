import pg from 'pg';
import { silentLogger, type Logger } from '../../server/log.ts';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  migrate,
  POSTGRES_MIGRATIONS,
  type PostgresMigration,
} from '../../server/storage/postgres-migrations.ts';
import { describeDatabaseUrl, PostgresStorage } from '../../server/storage/postgres-storage.ts';
import { freePort } from '../helpers/ports.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { replay } from '../helpers/stored-room.ts';
import { runStorageContract } from './storage-contract.ts';

const freshDatabase = postgresForFile();

const urls = new WeakMap<PostgresStorage, string>();

runStorageContract('PostgresStorage', {
  async open() {
    const url = await freshDatabase();
    const storage = await PostgresStorage.open(url);
    urls.set(storage, url);
    return storage;
  },
  async reopen(storage) {
    const url = urls.get(storage as PostgresStorage)!;
    await storage.close();
    const reopened = await PostgresStorage.open(url);
    urls.set(reopened, url);
    return reopened;
  },
});

/** Everything opened by a test below, closed after it (also when it fails). */
const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function open(url: string, logger?: Logger): Promise<PostgresStorage> {
  const storage = await PostgresStorage.open(url, { logger });
  opened.push(storage);
  return storage;
}

function pool(url: string): pg.Pool {
  const made = new pg.Pool({ connectionString: url });
  opened.push({ close: () => made.end() });
  return made;
}

describe('PostgresStorage shared by several processes', () => {
  it('never gives one number twice when two processes append to the same room at once', async () => {
    const url = await freshDatabase();
    // Two stores, two connection pools: what two relay processes on one database are.
    const [first, second] = await Promise.all([open(url), open(url)]);
    const perStore = 120;
    const appends = [first, second].flatMap((storage, which) =>
      Array.from({ length: perStore }, (_, i) =>
        storage.append('acme/2026-12', Uint8Array.of(which, i)),
      ),
    );
    const numbers = await Promise.all(appends);
    const total = 2 * perStore;
    expect(new Set(numbers).size).toBe(total);
    expect([...numbers].sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    // Each number holds the update it was given for, and the log is in number order.
    const loaded = await first.load('acme/2026-12');
    expect(loaded.lastSeq).toBe(total);
    const bySeq = new Map(numbers.map((seq, index) => [seq, index]));
    loaded.updates.forEach((update, index) => {
      const appended = bySeq.get(index + 1)!;
      expect([...update]).toEqual([Math.floor(appended / perStore), appended % perStore]);
    });
    // Another room counts from 1 whatever this one reached.
    expect(await second.append('acme/2027-01', Uint8Array.of(1))).toBe(1);
  });

  it('keeps the newer snapshot and every later update when two processes compact a room at once', async () => {
    const url = await freshDatabase();
    const [first, second] = await Promise.all([open(url), open(url)]);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 30; i++) doc.getMap('cells').set(`k${i}`, i);
    const expected = doc.getMap('cells').toJSON();
    const snapshotAt = (seq: number) => Y.encodeStateAsUpdate(replay(updates.slice(0, seq)));

    // Many rooms, so both orders of the race happen; appends run during the compactions.
    for (let round = 0; round < 12; round++) {
      const room = `acme/round-${round}`;
      for (const update of updates.slice(0, 24)) await first.append(room, update);
      const [older, newer] = round % 2 === 0 ? [first, second] : [second, first];
      await Promise.all([
        older.compact(room, snapshotAt(10), 10),
        newer.compact(room, snapshotAt(20), 20),
        (async () => {
          for (const update of updates.slice(24)) await second.append(room, update);
        })(),
      ]);
      for (const storage of [first, second]) {
        const loaded = await storage.load(room);
        expect(loaded.lastSeq).toBe(30);
        // The snapshot up to 20, then updates 21 to 30.
        expect(loaded.updates).toHaveLength(11);
        expect(replay(loaded.updates).getMap('cells').toJSON()).toEqual(expected);
      }
      expect(await second.append(room, updates[0])).toBe(31);
    }
  });

  it('reads a consistent log while another process compacts it', async () => {
    const url = await freshDatabase();
    const [writer, reader] = await Promise.all([open(url), open(url)]);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 40; i++) doc.getMap('cells').set(`k${i}`, i);
    for (const update of updates) await writer.append('acme/2026-12', update);
    const expected = doc.getMap('cells').toJSON();
    const compactions = (async () => {
      for (let upTo = 2; upTo <= 40; upTo += 2) {
        await writer.compact(
          'acme/2026-12',
          Y.encodeStateAsUpdate(replay(updates.slice(0, upTo))),
          upTo,
        );
      }
    })();
    let loads = 0;
    let done = false;
    void compactions.finally(() => (done = true));
    while (!done || loads === 0) {
      const loaded = await reader.load('acme/2026-12');
      expect(replay(loaded.updates).getMap('cells').toJSON()).toEqual(expected);
      loads++;
    }
    await compactions;
    expect((await reader.load('acme/2026-12')).updates).toHaveLength(1);
  });
});

describe('PostgresStorage room names', () => {
  it('refuses a name PostgreSQL text cannot hold, instead of storing it under another', async () => {
    const storage = await open(await freshDatabase());
    for (const room of ['w/\u0000a', 'w/\uD800a']) {
      await expect(storage.append(room, Uint8Array.of(1))).rejects.toThrow(
        /cannot hold a NUL character or an unpaired surrogate/,
      );
    }
    // A pair of surrogates is one character: fine.
    expect(await storage.append('w/😀', Uint8Array.of(1))).toBe(1);
    expect(await storage.rooms('w/')).toEqual(['w/😀']);
  });
});

describe('PostgreSQL migrations', () => {
  it('apply once: a second run on the same database changes nothing', async () => {
    const url = await freshDatabase();
    const db = pool(url);
    const last = POSTGRES_MIGRATIONS.at(-1)!.version;
    expect(await migrate(db)).toEqual({
      applied: POSTGRES_MIGRATIONS.map((step) => step.version),
      version: last,
    });
    expect(await migrate(db)).toEqual({ applied: [], version: last });
    const storage = await open(url);
    await storage.append('acme/2026-12', Uint8Array.of(1));
    await storage.close();
    // Opening the store again migrates again: nothing to do, nothing lost.
    const again = await open(url);
    expect(await again.load('acme/2026-12')).toEqual({ updates: [Uint8Array.of(1)], lastSeq: 1 });
    const { rows } = await db.query('SELECT version FROM fulcrum_schema_migrations');
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map((step) => ({ version: step.version })));
  });

  it('run once when two processes start on a new database at the same moment', async () => {
    const url = await freshDatabase();
    const results = await Promise.all([migrate(pool(url)), migrate(pool(url))]);
    const applied = results.map((result) => result.applied).sort((a, b) => b.length - a.length);
    expect(applied).toEqual([POSTGRES_MIGRATIONS.map((step) => step.version), []]);
    // Two stores opening together both succeed as well.
    const other = await freshDatabase();
    const [first, second] = await Promise.all([open(other), open(other)]);
    expect(await first.append('acme/2026-12', Uint8Array.of(1))).toBe(1);
    expect(await second.append('acme/2026-12', Uint8Array.of(2))).toBe(2);
  });

  it('apply all of a run or none of it', async () => {
    const url = await freshDatabase();
    const db = pool(url);
    const broken: PostgresMigration[] = [
      ...POSTGRES_MIGRATIONS,
      {
        version: POSTGRES_MIGRATIONS.length + 1,
        name: 'a step that fails',
        sql: 'ALTER TABLE no_such_table ADD COLUMN x int',
      },
    ];
    await expect(migrate(db, broken)).rejects.toThrow(/no_such_table/);
    const { rows } = await db.query("SELECT to_regclass('fulcrum_rooms') AS rooms");
    expect(rows).toEqual([{ rooms: null }]);
    expect((await migrate(db)).applied).toEqual(POSTGRES_MIGRATIONS.map((step) => step.version));
  });

  it('refuse a database whose schema is newer than this program knows', async () => {
    const url = await freshDatabase();
    const db = pool(url);
    await migrate(db);
    await db.query("INSERT INTO fulcrum_schema_migrations (version, name) VALUES (99, 'later')");
    await expect(PostgresStorage.open(url)).rejects.toThrow(
      /could not open PostgreSQL at \S+\/fulcrum_test_\d+_\d+: the database's schema is at version 99, newer than this Fulcrum knows \(3\)/,
    );
  });

  it('number their steps 1, 2, 3 ...', async () => {
    const db = pool(await freshDatabase());
    const step = POSTGRES_MIGRATIONS[0];
    await expect(migrate(db, [{ ...step, version: 2 }])).rejects.toThrow(
      'PostgreSQL migration 1 has version 2: versions must run 1, 2, 3 ...',
    );
  });
});

describe('Opening PostgresStorage', () => {
  it('fails with one line naming the server and database, never the password', async () => {
    const closed = await freePort();
    const url = `postgresql://fulcrum:hunter2@127.0.0.1:${closed}/plans`;
    const failure = PostgresStorage.open(url, { connectTimeoutMs: 2000 });
    await expect(failure).rejects.toThrow(
      `could not open PostgreSQL at fulcrum@127.0.0.1:${closed}/plans: connect ECONNREFUSED 127.0.0.1:${closed}`,
    );
    const message = await failure.catch((error: Error) => error.message);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('\n');
  });

  it('warns when the server may lose acknowledged commits (synchronous_commit off)', async () => {
    const url = await freshDatabase();
    const name = new URL(url).pathname.slice(1);
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (event: string) => warnings.push(event) };
    await open(url, logger);
    expect(warnings).toEqual([]);
    await pool(url).query(
      `ALTER DATABASE ${pg.escapeIdentifier(name)} SET synchronous_commit = off`,
    );
    await open(url, logger);
    expect(warnings).toEqual(['storage.not_durable']);
  });

  it('describes URLs without their password', () => {
    expect(describeDatabaseUrl('postgresql://ana:s%3Acret@db.example:5433/fulcrum')).toBe(
      'ana@db.example:5433/fulcrum',
    );
    expect(describeDatabaseUrl('postgres://db.example/fulcrum?sslmode=require')).toBe(
      'db.example/fulcrum',
    );
    expect(describeDatabaseUrl('postgresql:///fulcrum?host=/var/run/postgresql')).toBe(
      '/var/run/postgresql/fulcrum',
    );
    expect(describeDatabaseUrl('not a url')).toBe('an unreadable URL');
  });
});
