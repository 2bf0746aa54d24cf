import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  plainNote,
  rebuildState,
  type HistoryEntry,
  type HistoryNote,
  type HistoryQuery,
  type HistoryStore,
  type PastState,
  type TrimResult,
} from './history.ts';
import { SqliteHistory, historyRow } from './sqlite-history.ts';
import type { StoredRoom } from './storage.ts';

/** How SQLite syncs commits to disk; see {@link SqliteStorage}. */
export type SqliteSynchronous = 'normal' | 'full';

/** Path of the database inside a data folder. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'fulcrum.db');
}

/**
 * Room logs in one SQLite file through better-sqlite3, in WAL mode.
 *
 * One table is both the log and the history: each update is one row of `room_history`
 * ({@link SqliteHistory}) with who made it, and a room loads as its snapshot
 * (`room_snapshots`) plus the rows after it. Compaction writes the snapshot only; the rows
 * it covers stay for history until history retention folds them away (never past the
 * snapshot, so a room always loads).
 *
 * Durability: every append is its own committed transaction, written to the WAL before
 * its promise resolves (better-sqlite3 is synchronous). With `synchronous = NORMAL` (the
 * default) a commit is in the operating system's file cache by then, so a crash or
 * `kill -9` of this process loses nothing that was appended; only a power cut or kernel
 * crash can lose the last commits since the WAL was last synced (at each checkpoint).
 * `full` syncs the WAL on every commit (survives power loss, costs an fsync per update).
 * Commits are not grouped: a room under a burst of frames would wait a turn of the event
 * loop per frame, and drain its backlog far slower than it commits.
 */
export class SqliteStorage implements HistoryStore {
  readonly file: string;
  #db: Database.Database;
  #statements: {
    lastUpdate: Database.Statement<[string], { seq: number } | undefined>;
    snapshot: Database.Statement<[string], { seq: number; data: Buffer } | undefined>;
    updates: Database.Statement<[string, number], { data: Buffer }>;
    putSnapshot: Database.Statement<[string, number, Uint8Array]>;
    roomsFrom: Database.Statement<
      [string, string, string, string, string, string],
      { room: string }
    >;
  };
  /** Last sequence number per room, read from the file once, then kept here. */
  #lastSeq = new Map<string, number>();
  #compactTransaction: (room: string, snapshot: Uint8Array, upToSeq: number) => void;
  #loadTransaction: (room: string) => StoredRoom;
  #appendTransaction: (room: string, seq: number, update: Uint8Array, note: HistoryNote) => void;
  #history: SqliteHistory;

  readonly #checkpointer: Worker;

  constructor(
    file: string,
    options: { synchronous?: SqliteSynchronous; checkpointMs?: number } = {},
  ) {
    this.file = file;
    mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    this.#db.pragma('busy_timeout = 5000');
    // Checkpoints run in a worker (see checkpoint-worker.js), never on the event loop.
    this.#db.pragma('wal_autocheckpoint = 0');
    // Once checkpointed, the log restarts from its beginning; this trims the file back.
    this.#db.pragma('journal_size_limit = 67108864');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS room_snapshots (
        room TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL
      );
    `);
    const db = this.#db;
    this.#checkpointer = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
      workerData: { file, intervalMs: options.checkpointMs ?? 250 },
    });
    // The worker keeps no request open: it must not hold the process alive on its own.
    this.#checkpointer.unref();
    this.#checkpointer.on('error', () => {
      // A failed checkpointer costs WAL growth, never data: close() still checkpoints.
    });
    // History first: it creates (or migrates to) the table the statements below read.
    this.#history = new SqliteHistory(db);
    this.#statements = {
      lastUpdate: db.prepare('SELECT max(seq) AS seq FROM room_history WHERE room = ?'),
      snapshot: db.prepare('SELECT seq, data FROM room_snapshots WHERE room = ?'),
      updates: db.prepare('SELECT data FROM room_history WHERE room = ? AND seq > ? ORDER BY seq'),
      putSnapshot: db.prepare(
        'INSERT INTO room_snapshots (room, seq, data) VALUES (?, ?, ?) ' +
          'ON CONFLICT (room) DO UPDATE SET seq = excluded.seq, data = excluded.data',
      ),
      // substr, not LIKE: a prefix may hold `%` or `_`; `room >= prefix` lets the primary
      // key skip every room sorted before the prefix.
      roomsFrom: db.prepare(
        'SELECT DISTINCT room FROM room_history WHERE room >= ? AND substr(room, 1, length(?)) = ? ' +
          'UNION SELECT room FROM room_snapshots WHERE room >= ? AND substr(room, 1, length(?)) = ?',
      ),
    };
    this.#appendTransaction = db.transaction(
      (room: string, seq: number, update: Uint8Array, note: HistoryNote) => {
        this.#history.insert(historyRow(room, seq, update, note));
      },
    );
    // One read transaction: another process (the command line beside a running relay)
    // compacting between the snapshot and the updates cannot tear what is read.
    this.#loadTransaction = db.transaction((room: string): StoredRoom => {
      const snapshot = this.#statements.snapshot.get(room);
      const after = snapshot?.seq ?? 0;
      const rows = this.#statements.updates.all(room, after);
      const updates = rows.map((row) => toBytes(row.data));
      if (snapshot) updates.unshift(toBytes(snapshot.data));
      return { updates, lastSeq: this.#readLastSeq(room) };
    });
    this.#compactTransaction = db.transaction(
      (room: string, snapshot: Uint8Array, upTo: number) => {
        const current = this.#statements.snapshot.get(room);
        // An older snapshot never replaces a newer one.
        if (current && current.seq > upTo) return;
        this.#statements.putSnapshot.run(room, upTo, snapshot);
      },
    );
  }

  /** The settings in force: `journal_mode` and `synchronous` (1 NORMAL, 2 FULL). */
  get pragmas(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.#db.pragma('synchronous', { simple: true })),
    };
  }

  async load(room: string): Promise<StoredRoom> {
    return this.#loadTransaction(room);
  }

  append(room: string, update: Uint8Array): Promise<number> {
    return this.appendWithHistory(room, update, plainNote());
  }

  async appendWithHistory(room: string, update: Uint8Array, note: HistoryNote): Promise<number> {
    const seq = this.#readLastSeq(room) + 1;
    this.#appendTransaction(room, seq, update, note);
    this.#lastSeq.set(room, seq);
    return seq;
  }

  async history(room: string, query: HistoryQuery = {}): Promise<HistoryEntry[]> {
    return this.#history.entries(room, query);
  }

  async stateAt(room: string, seq: number): Promise<PastState> {
    return rebuildState(this.#history.past(room, seq), seq);
  }

  async trimHistory(cutoff: string): Promise<TrimResult> {
    return this.#history.trim(cutoff);
  }

  async compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.#compactTransaction(room, snapshot, upToSeq);
    this.#lastSeq.set(room, Math.max(this.#readLastSeq(room), upToSeq));
  }

  async rooms(prefix: string): Promise<string[]> {
    // Sorted here, not by SQL: the same order (UTF-16 code units) as every other store.
    return this.#statements.roomsFrom
      .all(prefix, prefix, prefix, prefix, prefix, prefix)
      .map((row) => row.room)
      .sort();
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    await this.#stopCheckpointer();
    // Fold the WAL into the database file, so a copy of fulcrum.db alone is complete.
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
  }

  async #stopCheckpointer(): Promise<void> {
    const worker = this.#checkpointer;
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      worker.once('exit', done);
      worker.once('message', (message) => message === 'stopped' && void worker.terminate());
      worker.postMessage('stop');
      setTimeout(() => void worker.terminate().then(done), 2000).unref();
    });
  }

  #readLastSeq(room: string): number {
    const known = this.#lastSeq.get(room);
    if (known !== undefined) return known;
    const last = Math.max(
      this.#statements.lastUpdate.get(room)?.seq ?? 0,
      this.#statements.snapshot.get(room)?.seq ?? 0,
    );
    this.#lastSeq.set(room, last);
    return last;
  }
}

/** A Buffer from SQLite as a plain Uint8Array (Yjs compares constructors in places). */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}
