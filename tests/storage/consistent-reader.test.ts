import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsistentReader } from '../../server/storage/consistent-reader.ts';
import { openPostgresReader } from '../../server/storage/postgres-reader.ts';
import { PostgresStorage } from '../../server/storage/postgres-storage.ts';
import { openSqliteReader } from '../../server/storage/sqlite-reader.ts';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { makeTempDir } from '../helpers/relay.ts';

const newDatabase = postgresForFile();
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const update = (n: number) => Uint8Array.from([n]);

/**
 * A writer appends, compacts and adds a room while a reader is open: the reader still
 * sees the store as of its first read, every room whole.
 */
async function readsOneMoment(storage: Storage, openReader: () => Promise<ConsistentReader>) {
  for (let n = 1; n <= 5; n++) await storage.append('acme/2026-12', update(n));
  await storage.compact('acme/2026-12', update(99), 3);
  await storage.append('acme/2027-01', update(1));

  const reader = await openReader();
  try {
    expect(await reader.rooms()).toEqual(['acme/2026-12', 'acme/2027-01']);
    // The writer goes on: appends, compacts everything the reader has not loaded yet, adds a room.
    await storage.append('acme/2026-12', update(6));
    await storage.compact('acme/2026-12', update(100), 6);
    await storage.append('acme/2027-01', update(2));
    await storage.append('acme/2027-02', update(1));

    expect(await reader.load('acme/2026-12')).toEqual({
      updates: [update(99), update(4), update(5)],
      lastSeq: 5,
    });
    expect(await reader.load('acme/2027-01')).toEqual({ updates: [update(1)], lastSeq: 1 });
    expect(await reader.rooms()).toEqual(['acme/2026-12', 'acme/2027-01']);
  } finally {
    await reader.close();
  }
  // A new read sees what the writer did.
  const later = await openReader();
  try {
    expect(await later.rooms()).toEqual(['acme/2026-12', 'acme/2027-01', 'acme/2027-02']);
    expect(await later.load('acme/2026-12')).toEqual({ updates: [update(100)], lastSeq: 6 });
  } finally {
    await later.close();
  }
}

describe('a consistent read of a whole store', () => {
  it('of SQLite sees one moment while the relay writes and compacts', async () => {
    const dir = await makeTempDir('reader');
    dirs.push(dir);
    const storage = new SqliteStorage(databaseFile(dir));
    try {
      await readsOneMoment(storage, async () => openSqliteReader(databaseFile(dir)));
    } finally {
      await storage.close();
    }
  });

  it('of PostgreSQL sees one moment while the relay writes and compacts', async () => {
    const url = await newDatabase();
    const storage = await PostgresStorage.open(url);
    try {
      await readsOneMoment(storage, () => openPostgresReader(url));
    } finally {
      await storage.close();
    }
  });

  it('says so when the store holds no Fulcrum rooms', async () => {
    const url = await newDatabase();
    await expect(openPostgresReader(url)).rejects.toThrow(
      /^PostgreSQL at postgres@127\.0\.0\.1:\d+\/fulcrum_test_\d+_\d+ holds no Fulcrum rooms \(no fulcrum_rooms table\)$/,
    );
  });
});
