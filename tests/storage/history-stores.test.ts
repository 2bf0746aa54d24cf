import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStorage } from '../../server/storage/memory-storage.ts';
import { PostgresStorage } from '../../server/storage/postgres-storage.ts';
import { SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import { FOLD_IN_WORKER_FROM, type HistoryStore } from '../../server/storage/history.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { tempDirsForFile } from '../helpers/relay.ts';
import { runHistoryContract } from './history-contract.ts';

const tempDir = tempDirsForFile();
const freshDatabase = postgresForFile();

runHistoryContract('MemoryStorage', { open: async () => new MemoryStorage() });

const files = new WeakMap<object, string>();
runHistoryContract('SqliteStorage', {
  async open() {
    const file = join(await tempDir('history'), 'fulcrum.db');
    const store = new SqliteStorage(file);
    files.set(store, file);
    return store;
  },
  async reopen(store: HistoryStore) {
    const file = files.get(store)!;
    await store.close();
    const reopened = new SqliteStorage(file);
    files.set(reopened, file);
    return reopened;
  },
});

const urls = new WeakMap<object, string>();
runHistoryContract('PostgresStorage', {
  async open() {
    const url = await freshDatabase();
    const store = await PostgresStorage.open(url);
    urls.set(store, url);
    return store;
  },
  async reopen(store: HistoryStore) {
    const url = urls.get(store)!;
    await store.close();
    const reopened = await PostgresStorage.open(url);
    urls.set(reopened, url);
    return reopened;
  },
});

function docUpdates(): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let n = 1; n <= 4; n++) doc.getMap('demand').set(`F${n}|2027-06`, n * 10);
  return { updates, doc };
}

describe('a store that held rooms before history was kept', () => {
  it('SQLite: each snapshot becomes the base and each later update a server entry', async () => {
    const file = join(await tempDir('history-before'), 'fulcrum.db');
    const { updates, doc } = docUpdates();
    // The tables as a store without history left them: a snapshot of 1-2, then 3 and 4.
    const db = new Database(file);
    db.exec(`
      CREATE TABLE room_updates (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (room, seq));
      CREATE TABLE room_snapshots (room TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL);
    `);
    db.prepare('INSERT INTO room_snapshots VALUES (?, ?, ?)').run(
      'acme/2026-12',
      2,
      Y.mergeUpdates(updates.slice(0, 2)),
    );
    db.prepare('INSERT INTO room_updates VALUES (?, ?, ?)').run('acme/2026-12', 3, updates[2]);
    db.prepare('INSERT INTO room_updates VALUES (?, ?, ?)').run('acme/2026-12', 4, updates[3]);
    db.close();

    const store = new SqliteStorage(file);
    try {
      const entries = await store.history('acme/2026-12');
      expect(entries.map((entry) => [entry.seq, entry.author.name, entry.author.via])).toEqual([
        [4, 'Fulcrum server', 'before-history'],
        [3, 'Fulcrum server', 'before-history'],
      ]);
      const state = await store.stateAt('acme/2026-12', 4);
      const rebuilt = new Y.Doc();
      if (state.ok) Y.applyUpdate(rebuilt, state.update);
      expect(rebuilt.getMap('demand').toJSON()).toEqual(doc.getMap('demand').toJSON());
      // Before the base: no longer kept.
      expect((await store.stateAt('acme/2026-12', 1)).ok).toBe(false);
      // New appends number on and are kept.
      expect(await store.append('acme/2026-12', updates[0])).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('PostgreSQL: the migration gives each room its base and entries', async () => {
    const url = await freshDatabase();
    const { updates, doc } = docUpdates();
    const store = await PostgresStorage.open(url);
    try {
      // Written as a store before history would have: history rows removed afterwards.
      for (const update of updates) await store.append('acme/2026-12', update);
      await store.compact('acme/2026-12', Y.mergeUpdates(updates.slice(0, 2)), 2);
      const { Pool } = await import('pg');
      const pool = new Pool({ connectionString: url });
      try {
        await pool.query('DELETE FROM fulcrum_room_history');
        await pool.query('DROP TABLE fulcrum_room_history_base');
        await pool.query('DROP TABLE fulcrum_room_history');
        await pool.query('DELETE FROM fulcrum_schema_migrations WHERE version = 3');
      } finally {
        await pool.end();
      }
    } finally {
      await store.close();
    }
    const migrated = await PostgresStorage.open(url);
    try {
      const entries = await migrated.history('acme/2026-12');
      expect(entries.map((entry) => [entry.seq, entry.author.via])).toEqual([
        [4, 'before-history'],
        [3, 'before-history'],
      ]);
      const state = await migrated.stateAt('acme/2026-12', 4);
      const rebuilt = new Y.Doc();
      if (state.ok) Y.applyUpdate(rebuilt, state.update);
      expect(rebuilt.getMap('demand').toJSON()).toEqual(doc.getMap('demand').toJSON());
    } finally {
      await migrated.close();
    }
  });
});

describe('a long history', () => {
  it('rebuilds a past state in a worker thread, exactly', async () => {
    const store = new MemoryStorage();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let n = 0; n < FOLD_IN_WORKER_FROM + 500; n++) {
      doc.getMap('demand').set(`F${n % 50}|2027-06`, n);
    }
    for (const update of updates) await store.append('acme/2026-12', update);
    const seq = FOLD_IN_WORKER_FROM + 100;
    const state = await store.stateAt('acme/2026-12', seq);
    const expected = new Y.Doc();
    for (const update of updates.slice(0, seq)) Y.applyUpdate(expected, update);
    const rebuilt = new Y.Doc();
    if (state.ok) Y.applyUpdate(rebuilt, state.update);
    expect(state.ok).toBe(true);
    expect(rebuilt.getMap('demand').toJSON()).toEqual(expected.getMap('demand').toJSON());
    expect(rebuilt.getMap('demand').get('F0|2027-06')).toBe(Math.floor((seq - 1) / 50) * 50);
    await store.close();
  });
});
