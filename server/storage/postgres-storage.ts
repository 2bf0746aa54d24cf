import { Pool, type ClientBase, type PoolConfig } from 'pg';
import type { Logger } from '../log.ts';
import { ADVISORY_LOCK_NAMESPACE, migrate } from './postgres-migrations.ts';
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
import {
  APPEND_WITH_HISTORY,
  appendParams,
  readEntries,
  readPast,
  trimEntries,
} from './postgres-history.ts';
import type { StoredRoom } from './storage.ts';

/** Options of {@link PostgresStorage.open}. */
export interface PostgresStorageOptions {
  /** Where pool errors and a non-durable `synchronous_commit` are reported. */
  logger?: Logger;
  /** Connections kept open at most (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection before giving up, in ms (default 10000). */
  connectTimeoutMs?: number;
}

/**
 * Loads a room in one statement, so it reads one consistent state of the database even
 * while another process compacts the room: the counter, the snapshot, then the updates
 * after the snapshot in order.
 */
const LOAD = `
  SELECT 0 AS part, last_seq AS seq, NULL::bytea AS data FROM fulcrum_rooms WHERE room = $1
  UNION ALL
  SELECT 1, seq, data FROM fulcrum_room_snapshots WHERE room = $1
  UNION ALL
  SELECT 2, u.seq, u.data FROM fulcrum_room_updates u
  WHERE u.room = $1
    AND u.seq > coalesce((SELECT s.seq FROM fulcrum_room_snapshots s WHERE s.room = $1), 0)
  ORDER BY part, seq`;

/**
 * Room logs in PostgreSQL through node-postgres (`pg`): several relay processes can share
 * one database. Open it with {@link PostgresStorage.open}, which runs the migrations.
 *
 * Durability: `append` resolves when PostgreSQL has answered the commit, which with
 * `synchronous_commit` on (PostgreSQL's default) means the update is flushed to its
 * write-ahead log; {@link PostgresStorage.open} warns when the server has it off.
 *
 * Compaction: `compact` runs in one transaction holding a per-room advisory lock
 * (`pg_advisory_xact_lock(namespace, hashtext(room))`), so two processes compacting the
 * same room take turns, and the second sees the first's snapshot and keeps it when it is
 * newer. Appends do not take that lock: they only add numbers above every snapshot's.
 */
export class PostgresStorage implements HistoryStore {
  readonly #pool: Pool;
  #closed: Promise<void> | null = null;

  private constructor(pool: Pool) {
    this.#pool = pool;
  }

  /**
   * Connects to `url` (postgres://user:password@host:port/database), brings the schema
   * up to date and returns the store. Rejects when the database cannot be reached or
   * its schema is newer than this program's; the pool is closed then.
   */
  static async open(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const config: PoolConfig = {
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    };
    const pool = new Pool(config);
    // An idle connection the server drops (restart, failover) must not end the process:
    // the pool replaces it, and the next query that fails reports its own error.
    pool.on('error', (error) => {
      options.logger?.error('storage.connection_lost', { message: error.message });
    });
    try {
      await migrate(pool);
      const { rows } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      if (rows[0]?.synchronous_commit === 'off') {
        options.logger?.warn('storage.not_durable', {
          message:
            'synchronous_commit is off on this PostgreSQL: a crash of the database can lose acknowledged edits',
        });
      }
    } catch (error) {
      await pool.end().catch(() => {});
      throw new Error(
        `could not open PostgreSQL at ${describeDatabaseUrl(url)}: ${reasonOf(error)}`,
        { cause: error },
      );
    }
    return new PostgresStorage(pool);
  }

  async load(room: string): Promise<StoredRoom> {
    checkRoom(room);
    return loadRoom(this.#pool, room);
  }

  append(room: string, update: Uint8Array): Promise<number> {
    return this.appendWithHistory(room, update, plainNote());
  }

  /** The update, its log row and its history row in one statement (postgres-history.ts). */
  async appendWithHistory(room: string, update: Uint8Array, note: HistoryNote): Promise<number> {
    checkRoom(room);
    const { rows } = await this.#pool.query<{ seq: string }>(
      APPEND_WITH_HISTORY,
      appendParams(room, update, note),
    );
    return Number(rows[0].seq);
  }

  async history(room: string, query: HistoryQuery = {}): Promise<HistoryEntry[]> {
    checkRoom(room);
    return readEntries(this.#pool, room, query);
  }

  async stateAt(room: string, seq: number): Promise<PastState> {
    checkRoom(room);
    return rebuildState(await readPast(this.#pool, room, seq), seq);
  }

  trimHistory(cutoff: string): Promise<TrimResult> {
    return trimEntries(this.#pool, cutoff);
  }

  async compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    checkRoom(room);
    if (!Number.isSafeInteger(upToSeq) || upToSeq < 0) {
      throw new RangeError(`compact needs a whole upToSeq of at least 0, got ${upToSeq}`);
    }
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      // Compactions of this room take turns (a hash collision only makes two rooms wait
      // for each other); under the lock each statement sees the other's committed snapshot.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        ADVISORY_LOCK_NAMESPACE,
        room,
      ]);
      const current = await client.query<{ seq: string }>(
        'SELECT seq FROM fulcrum_room_snapshots WHERE room = $1',
        [room],
      );
      // An older snapshot never replaces a newer one.
      if (current.rows.length > 0 && Number(current.rows[0].seq) > upToSeq) {
        await client.query('COMMIT');
        return;
      }
      // The counter row first (a room that only holds a snapshot is a room too). Numbers
      // stay above upToSeq; it locks the counter until commit, so it holds up appends to
      // this room only for the two statements below.
      await client.query(
        `INSERT INTO fulcrum_rooms AS r (room, last_seq) VALUES ($1, $2)
         ON CONFLICT (room) DO UPDATE SET last_seq = greatest(r.last_seq, excluded.last_seq)`,
        [room, upToSeq],
      );
      await client.query(
        `INSERT INTO fulcrum_room_snapshots (room, seq, data) VALUES ($1, $2, $3)
         ON CONFLICT (room) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
        [room, upToSeq, Buffer.from(snapshot)],
      );
      await client.query('DELETE FROM fulcrum_room_updates WHERE room = $1 AND seq <= $2', [
        room,
        upToSeq,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async rooms(prefix: string): Promise<string[]> {
    // A prefix test, not LIKE: `%` and `_` in a prefix match only themselves. The room
    // column sorts in byte order (COLLATE "C"), so `room >= prefix` lets the primary key
    // skip every room before the prefix.
    const { rows } = await this.#pool.query<{ room: string }>(
      'SELECT room FROM fulcrum_rooms WHERE room >= $1 AND left(room, length($1)) = $1',
      [prefix],
    );
    // Sorted here, not by SQL: the same order (UTF-16 code units) as every other store.
    return rows.map((row) => row.room).sort();
  }

  close(): Promise<void> {
    // Ends the pool once its queries are done; a second call waits for the same end.
    this.#closed ??= this.#pool.end();
    return this.#closed;
  }
}

/**
 * Where a database URL points, for messages and logs: `host:port/database` (and the
 * user), never the password. `postgresql://ana:secret@db.example:5433/fulcrum` gives
 * `ana@db.example:5433/fulcrum`.
 */
export function describeDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'an unreadable URL';
  }
  const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
  const host = parsed.host || parsed.searchParams.get('host') || 'localhost';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
  return `${user}${host}/${database}`;
}

/**
 * Reads one room of the store through `db` (the pool, or one client inside a transaction)
 * with the single LOAD statement: the counter, the snapshot, then the later updates.
 */
export async function loadRoom(db: Pool | ClientBase, room: string): Promise<StoredRoom> {
  const { rows } = await db.query<{ part: number; seq: string; data: Buffer | null }>(LOAD, [room]);
  let lastSeq = 0;
  const updates: Uint8Array[] = [];
  for (const row of rows) {
    if (row.part === 0) lastSeq = Number(row.seq);
    else updates.push(toBytes(row.data!));
  }
  return { updates, lastSeq };
}

/** One line saying why a connection failed (a refused connection to several addresses has no message of its own). */
export function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return reasonOf(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error.message.split('\n')[0];
    return message || code || error.name;
  }
  return String(error);
}

/** In a `u` pattern a pair is one code point, so this finds only an unpaired half. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * PostgreSQL text holds neither NUL nor half of a UTF-16 surrogate pair; storing such a
 * name would fail, or silently become another name. Say so instead.
 */
function checkRoom(room: string): void {
  if (room.includes('\u0000') || UNPAIRED_SURROGATE.test(room)) {
    throw new RangeError(
      'a room name stored in PostgreSQL cannot hold a NUL character or an unpaired surrogate',
    );
  }
}

/** A Buffer from pg as a plain Uint8Array (Yjs compares constructors in places). */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}
