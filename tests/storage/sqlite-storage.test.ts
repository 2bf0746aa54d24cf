import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import { runStorageContract } from './storage-contract.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fulcrum-sqlite-'));
  dirs.push(dir);
  return databaseFile(dir);
}

const files = new WeakMap<SqliteStorage, string>();

runStorageContract('SqliteStorage', {
  async open() {
    const file = await tempFile();
    const storage = new SqliteStorage(file);
    files.set(storage, file);
    return storage;
  },
  async reopen(storage) {
    const file = files.get(storage as SqliteStorage)!;
    await storage.close();
    const reopened = new SqliteStorage(file);
    files.set(reopened, file);
    return reopened;
  },
});

describe('SqliteStorage settings', () => {
  it('uses WAL and the synchronous level asked for (NORMAL by default), in <dataDir>/fulcrum.db', async () => {
    const file = await tempFile();
    expect(file.endsWith('/fulcrum.db')).toBe(true);
    for (const [level, expected] of [
      [undefined, 1],
      ['normal', 1],
      ['full', 2],
    ] as const) {
      const storage = new SqliteStorage(file, { synchronous: level });
      expect(storage.pragmas).toEqual({ journalMode: 'wal', synchronous: expected });
      await storage.append('w/a', Uint8Array.of(1));
      await storage.close();
    }
    // close() folds the WAL into the file: the database alone holds everything.
    expect((await stat(file)).size).toBeGreaterThan(0);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM room_updates').get()).toEqual({ n: 3 });
    db.close();
  });

  it('sees appends made by another connection to the same file after a reopen (no cache leak)', async () => {
    const file = await tempFile();
    const first = new SqliteStorage(file);
    await first.append('w/a', Uint8Array.of(1));
    await first.close();
    const second = new SqliteStorage(file);
    expect(await second.append('w/a', Uint8Array.of(2))).toBe(2);
    expect((await second.load('w/a')).updates).toEqual([Uint8Array.of(1), Uint8Array.of(2)]);
    await second.close();
  });
});

describe('SqliteStorage checkpoints', () => {
  it('folds the write-ahead log into the database file from its worker, not on append', async () => {
    const file = await tempFile();
    const storage = new SqliteStorage(file, { checkpointMs: 50 });
    const before = (await stat(file)).size;
    for (let i = 0; i < 200; i++) await storage.append('room', new Uint8Array(2000).fill(i % 256));
    // Appends alone leave the rows in the log: automatic checkpoints are off.
    expect((await stat(file)).size).toBe(before);
    const deadline = Date.now() + 10_000;
    while ((await stat(file)).size === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await stat(file)).size).toBeGreaterThan(before + 200 * 2000 * 0.9);
    expect((await storage.load('room')).updates).toHaveLength(200);
    await storage.close();
  });
});
