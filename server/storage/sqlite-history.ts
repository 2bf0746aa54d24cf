import type Database from 'better-sqlite3';
import {
  attributionValues,
  type AttributionValues,
  decodeChanges,
  foldParts,
  RESTORE_VIA,
  limitOf,
  SERVER_NAME,
  type HistoryEntry,
  type HistoryNote,
  type HistoryQuery,
  type PastParts,
  type TrimResult,
} from './history.ts';
import type { Role } from '../../shared/policy/roles.ts';

interface EntryRow {
  seq: number;
  at: string;
  invite_id: string | null;
  name: string;
  role: string | null;
  via: string | null;
  connection: string | null;
  bytes: number;
  changes: string;
  change_count: number;
}

interface QueryParams {
  room: string;
  before: number | null;
  since: string | null;
  until: string | null;
  who: string | null;
  root: string | null;
  limit: number;
}

/** One row of `room_history`: room, seq, the attribution columns, the update. */
export type HistoryRow = [string, number, ...AttributionValues, Uint8Array];

/** The row that stores update `seq` of `room` with what history keeps of it. */
export function historyRow(
  room: string,
  seq: number,
  update: Uint8Array,
  note: HistoryNote,
): HistoryRow {
  return [room, seq, ...attributionValues(update, note), update];
}

const ENTRY_COLUMNS =
  'seq, at, invite_id, name, role, via, connection, bytes, changes, change_count';

/**
 * The history log of {@link SqliteStorage}, in the same SQLite file and connection:
 * `room_history` (one row per stored update: who, when, through which connection, what
 * it touched, its bytes) and `room_history_base` (per room, the state of every entry
 * folded away by trimming). A history row is also the room's log entry: the storage
 * loads a room from its snapshot and the rows after it, so trimming writes the state it
 * folds as the room's snapshot too when the snapshot is older.
 */
export class SqliteHistory {
  #db: Database.Database;
  #statements: {
    insert: Database.Statement<HistoryRow>;
    query: Database.Statement<[QueryParams], EntryRow>;
    base: Database.Statement<[string], { seq: number; at: string; data: Buffer } | undefined>;
    updatesUpTo: Database.Statement<
      [string, number, number],
      { seq: number; data: Buffer; replaces: number }
    >;
    oldRooms: Database.Statement<[string], { room: string; upTo: number }>;
    putBase: Database.Statement<[string, number, string, Uint8Array]>;
    putSnapshot: Database.Statement<[string, number, Uint8Array]>;
    deleteUpTo: Database.Statement<[string, number]>;
  };
  #readPast: (room: string, seq: number) => PastParts;

  constructor(db: Database.Database) {
    this.#db = db;
    migrate(db);
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO room_history (room, seq, at, invite_id, name, role, via, connection, bytes, changes, change_count, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      // Each filter is off when its parameter is null; the root filter reads the summary.
      query: db.prepare(
        `SELECT ${ENTRY_COLUMNS} FROM room_history WHERE room = @room
           AND (@before IS NULL OR seq < @before)
           AND (@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)
           AND (@who IS NULL OR lower(name) = lower(@who))
           AND (@root IS NULL OR EXISTS (
             SELECT 1 FROM json_each(changes) WHERE json_extract(value, '$.root') = @root))
         ORDER BY seq DESC LIMIT @limit`,
      ),
      base: db.prepare('SELECT seq, at, data FROM room_history_base WHERE room = ?'),
      updatesUpTo: db.prepare(
        `SELECT seq, data, (invite_id IS NULL AND via = '${RESTORE_VIA}') AS replaces
         FROM room_history WHERE room = ? AND seq > ? AND seq <= ? ORDER BY seq`,
      ),
      oldRooms: db.prepare(
        'SELECT room, max(seq) AS upTo FROM room_history WHERE at < ? GROUP BY room',
      ),
      // The folded state is also the room's state at that point: its snapshot, when newer.
      putSnapshot: db.prepare(
        'INSERT INTO room_snapshots (room, seq, data) VALUES (?, ?, ?) ' +
          'ON CONFLICT (room) DO UPDATE SET seq = excluded.seq, data = excluded.data ' +
          'WHERE excluded.seq > room_snapshots.seq',
      ),
      putBase: db.prepare(
        'INSERT INTO room_history_base (room, seq, at, data) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (room) DO UPDATE SET seq = excluded.seq, at = excluded.at, data = excluded.data',
      ),
      deleteUpTo: db.prepare('DELETE FROM room_history WHERE room = ? AND seq <= ?'),
    };
    // One read transaction: a trim between the base and the updates cannot tear it.
    this.#readPast = db.transaction((room: string, seq: number): PastParts => {
      const base = this.#statements.base.get(room);
      const rows = this.#statements.updatesUpTo.all(room, base?.seq ?? 0, seq);
      return {
        base: base ? { seq: base.seq, at: base.at, data: new Uint8Array(base.data) } : null,
        updates: rows.map((row) => ({
          seq: row.seq,
          data: new Uint8Array(row.data),
          replaces: row.replaces === 1,
        })),
        known: rows.at(-1)?.seq === seq,
      };
    });
  }

  /** Writes one row ({@link historyRow}); the caller runs it in the append's transaction. */
  insert(row: HistoryRow): void {
    this.#statements.insert.run(...row);
  }

  entries(room: string, query: HistoryQuery): HistoryEntry[] {
    const rows = this.#statements.query.all({
      room,
      before: query.before ?? null,
      since: query.since ?? null,
      until: query.until ?? null,
      who: query.who ?? null,
      root: query.root ?? null,
      limit: limitOf(query),
    });
    return rows.map(entryOf);
  }

  past(room: string, seq: number): PastParts {
    return this.#readPast(room, seq);
  }

  /**
   * Folds, per room, every entry up to the newest stored before `cutoff` into the base.
   * The folding runs outside any transaction (in a worker when long); the write checks that no other trim moved
   * the base meanwhile (it keeps the other's then).
   */
  async trim(cutoff: string): Promise<TrimResult> {
    const result: TrimResult = { rooms: 0, entries: 0, failed: [] };
    for (const { room, upTo } of this.#statements.oldRooms.all(cutoff)) {
      const parts = this.past(room, upTo);
      if (parts.updates.length === 0) continue;
      let data: Uint8Array;
      try {
        data = await foldParts(parts.base?.data ?? null, parts.updates);
      } catch {
        result.failed.push(room);
        continue;
      }
      const at = this.#db
        .prepare<[string, number, number], { at: string }>(
          'SELECT max(at) AS at FROM room_history WHERE room = ? AND seq > ? AND seq <= ?',
        )
        .get(room, parts.base?.seq ?? 0, upTo)!.at;
      const written = this.#db.transaction(() => {
        if ((this.#statements.base.get(room)?.seq ?? 0) !== (parts.base?.seq ?? 0)) return false;
        this.#statements.putBase.run(room, upTo, at, data);
        // The rows folded away are the room's log too: the snapshot must cover them.
        this.#statements.putSnapshot.run(room, upTo, data);
        this.#statements.deleteUpTo.run(room, upTo);
        return true;
      })();
      if (!written) continue;
      result.rooms++;
      result.entries += parts.updates.length;
    }
    return result;
  }
}

function entryOf(row: EntryRow): HistoryEntry {
  return {
    seq: row.seq,
    at: row.at,
    author: {
      inviteId: row.invite_id,
      name: row.name,
      role: row.role as Role | null,
      via: row.via,
    },
    connection: row.connection,
    bytes: row.bytes,
    changes: decodeChanges(row.changes),
    changeCount: row.change_count,
  };
}

/**
 * Creates the history tables once, then folds in a log table of an older file.
 * - A file that held rooms before history was kept gets each room's snapshot as its base.
 * - `room_updates`, the log of files written before the log and the history became one
 *   table: each of its updates that history lacks becomes an entry of the server
 *   (`via: "before-history"`), so every point from then on can be rebuilt and every room
 *   loads as before; then the table is dropped.
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const has = (table: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !==
      undefined;
    if (!has('room_history')) {
      db.exec(`
        CREATE TABLE room_history (
          room TEXT NOT NULL,
          seq INTEGER NOT NULL,
          at TEXT NOT NULL,
          invite_id TEXT,
          name TEXT NOT NULL,
          role TEXT,
          via TEXT,
          connection TEXT,
          bytes INTEGER NOT NULL,
          changes TEXT NOT NULL,
          change_count INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (room, seq)
        ) WITHOUT ROWID;
        CREATE INDEX room_history_at ON room_history (at);
        CREATE TABLE room_history_base (
          room TEXT PRIMARY KEY,
          seq INTEGER NOT NULL,
          at TEXT NOT NULL,
          data BLOB NOT NULL
        );
      `);
      db.prepare(
        'INSERT INTO room_history_base (room, seq, at, data) SELECT room, seq, ?, data FROM room_snapshots',
      ).run(new Date().toISOString());
    }
    if (has('room_updates')) {
      db.prepare(
        `INSERT OR IGNORE INTO room_history (room, seq, at, invite_id, name, role, via, connection, bytes, changes, change_count, data)
         SELECT room, seq, ?, NULL, ?, NULL, 'before-history', NULL, length(data), '[]', 0, data FROM room_updates`,
      ).run(new Date().toISOString(), SERVER_NAME);
      db.exec('DROP TABLE room_updates');
    }
  }).immediate();
}
