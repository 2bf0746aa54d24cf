import Database from 'better-sqlite3';
import type { ConsistentReader } from './consistent-reader.ts';
import type { StoredRoom } from './storage.ts';

/**
 * Reads the SQLite store in `file` (the tables of `SqliteStorage`) inside one read
 * transaction on a connection of its own: in WAL mode that transaction sees the database
 * as of its first read, whatever a running relay appends or compacts meanwhile, so every
 * room is whole and all rooms are from the same moment. The relay is never blocked (a
 * checkpoint only stops short of what the reader still sees). Throws when the file is
 * missing.
 */
export function openSqliteReader(file: string): ConsistentReader {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const tables = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name),
  );
  // The log: `room_history` since it is also the history; `room_updates` in older files.
  const log = tables.has('room_history') ? 'room_history' : 'room_updates';
  if (!tables.has('room_snapshots') || !tables.has(log)) {
    db.close();
    throw new Error(`${file} holds no Fulcrum rooms (it is not a Fulcrum database)`);
  }
  const statements = {
    rooms: db.prepare<[], { room: string }>(
      `SELECT room FROM ${log} UNION SELECT room FROM room_snapshots`,
    ),
    snapshot: db.prepare<[string], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM room_snapshots WHERE room = ?',
    ),
    updates: db.prepare<[string, number], { seq: number; data: Buffer }>(
      `SELECT seq, data FROM ${log} WHERE room = ? AND seq > ? ORDER BY seq`,
    ),
  };
  // Deferred: the read snapshot is taken by the first SELECT and held until COMMIT.
  db.exec('BEGIN');
  return {
    description: `SQLite at ${file}`,
    kind: 'sqlite',
    async rooms() {
      return statements.rooms
        .all()
        .map((row) => row.room)
        .sort();
    },
    async load(room: string): Promise<StoredRoom> {
      const snapshot = statements.snapshot.get(room);
      const rows = statements.updates.all(room, snapshot?.seq ?? 0);
      const updates = rows.map((row) => new Uint8Array(row.data));
      if (snapshot) updates.unshift(new Uint8Array(snapshot.data));
      const lastSeq = Math.max(snapshot?.seq ?? 0, rows.at(-1)?.seq ?? 0);
      return { updates, lastSeq };
    },
    async close() {
      if (!db.open) return;
      db.exec('COMMIT');
      db.close();
    },
  };
}
