import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
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
    expect(db.prepare('SELECT count(*) AS n FROM room_history').get()).toEqual({ n: 3 });
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

/** Four updates of one document, each setting one demand cell. */
function cellUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let n = 1; n <= 4; n++) doc.getMap('demand').set(`F${n}|2027-06`, n);
  return updates;
}

function demandOf(updates: readonly Uint8Array[]): unknown {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getMap('demand').toJSON();
}

describe('SqliteStorage: the history is the log', () => {
  it('stores each update once, and a room still loads whole after history is trimmed', async () => {
    const file = await tempFile();
    const storage = new SqliteStorage(file);
    const updates = cellUpdates();
    for (const update of updates) await storage.append('w/2027-01', update);
    const db = new Database(file, { readonly: true });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all();
    expect(tables).toEqual([
      { name: 'room_history' },
      { name: 'room_history_base' },
      { name: 'room_snapshots' },
    ]);
    db.close();
    // Every entry is older than this cutoff: all four fold away, and no snapshot existed.
    const trimmed = await storage.trimHistory(new Date(Date.now() + 60_000).toISOString());
    expect(trimmed).toEqual({ rooms: 1, entries: 4, failed: [] });
    await storage.close();
    const reopened = new SqliteStorage(file);
    const stored = await reopened.load('w/2027-01');
    expect(stored.lastSeq).toBe(4);
    expect(demandOf(stored.updates)).toEqual({
      'F1|2027-06': 1,
      'F2|2027-06': 2,
      'F3|2027-06': 3,
      'F4|2027-06': 4,
    });
    expect(await reopened.append('w/2027-01', updates[0])).toBe(5);
    await reopened.close();
  });

  it('folds the log of an older file into history: updates history lacked still load', async () => {
    const file = await tempFile();
    const updates = cellUpdates();
    const first = new SqliteStorage(file);
    await first.append('w/2027-01', updates[0]);
    await first.close();
    // An older file kept the log in a table of its own, which can hold what history lacks.
    const db = new Database(file);
    db.exec(
      'CREATE TABLE room_updates (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq))',
    );
    const insert = db.prepare('INSERT INTO room_updates VALUES (?, ?, ?)');
    updates.forEach((update, index) => insert.run('w/2027-01', index + 1, update));
    db.close();

    const storage = new SqliteStorage(file);
    const stored = await storage.load('w/2027-01');
    expect(stored.lastSeq).toBe(4);
    expect(demandOf(stored.updates)).toEqual(demandOf(updates));
    const entries = await storage.history('w/2027-01');
    expect(entries.map((entry) => entry.author.via)).toEqual([
      'before-history',
      'before-history',
      'before-history',
      'store',
    ]);
    await storage.close();
    const check = new Database(file, { readonly: true });
    const left = check
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'room_updates'")
      .get();
    expect(left).toEqual({ n: 0 });
    check.close();
  });

  it('numbers the appends of several rooms made at once, each room on its own', async () => {
    const storage = new SqliteStorage(await tempFile());
    const updates = cellUpdates();
    const seqs = await Promise.all([
      storage.append('w/2027-01', updates[0]),
      storage.append('w/2027-02', updates[1]),
      storage.append('w/2027-01', updates[2]),
    ]);
    expect(seqs).toEqual([1, 1, 2]);
    expect(demandOf((await storage.load('w/2027-01')).updates)).toEqual(
      demandOf([updates[0], updates[2]]),
    );
    await storage.close();
  });
});
