import type { Pool } from 'pg';
import type { Role } from '../../shared/policy/roles.ts';
import {
  attributionValues,
  foldParts,
  RESTORE_VIA,
  limitOf,
  type HistoryChange,
  type HistoryEntry,
  type HistoryNote,
  type HistoryQuery,
  type PastParts,
  type TrimResult,
} from './history.ts';
import { ADVISORY_LOCK_NAMESPACE } from './postgres-migrations.ts';

/**
 * Appends one update with its history row, in ONE statement (so one transaction). The
 * room's counter row (`fulcrum_rooms.last_seq`) is incremented
 * and the update inserted under the new number, then its history row under the same one:
 * the upsert locks the counter row until commit, a concurrent append on the same room,
 * from this process or any other, waits for that commit and then increments the number
 * it commits (READ COMMITTED re-reads the row for ON CONFLICT DO UPDATE). So numbers are
 * handed out 1, 2, 3 ... with no gap and no repeat, and a rolled-back append takes its
 * number back with it. (A global serial with a per-room number computed from max(seq)
 * would race without a lock; the counter row is that lock, and costs one row per room.)
 */
export const APPEND_WITH_HISTORY = `
  WITH counter AS (
    INSERT INTO fulcrum_rooms AS r (room, last_seq) VALUES ($1, 1)
    ON CONFLICT (room) DO UPDATE SET last_seq = r.last_seq + 1
    RETURNING last_seq
  ), logged AS (
    INSERT INTO fulcrum_room_updates (room, seq, data)
    SELECT $1, last_seq, $2 FROM counter
    RETURNING seq
  )
  INSERT INTO fulcrum_room_history
    (room, seq, at, invite_id, name, role, via, connection, bytes, changes, change_count, data)
  SELECT $1, seq, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $2 FROM logged
  RETURNING seq`;

/** The parameters of {@link APPEND_WITH_HISTORY}. */
export function appendParams(room: string, update: Uint8Array, note: HistoryNote): unknown[] {
  // A copy: pg reads the bytes when a connection is free, after the caller may reuse them.
  return [room, Buffer.from(update), ...attributionValues(update, note)];
}

const QUERY = `
  SELECT seq, at, invite_id, name, role, via, connection, bytes, changes, change_count
  FROM fulcrum_room_history
  WHERE room = $1
    AND ($2::bigint IS NULL OR seq < $2)
    AND ($3::text IS NULL OR at >= $3) AND ($4::text IS NULL OR at < $4)
    AND ($5::text IS NULL OR lower(name) = lower($5))
    AND ($6::text IS NULL OR changes @> jsonb_build_array(jsonb_build_object('root', $6::text)))
  ORDER BY seq DESC LIMIT $7`;

interface EntryRow {
  seq: string;
  at: string;
  invite_id: string | null;
  name: string;
  role: string | null;
  via: string | null;
  connection: string | null;
  bytes: number;
  changes: HistoryChange[];
  change_count: number;
}

/** The room's history entries, newest first, filtered by `query`. */
export async function readEntries(
  pool: Pool,
  room: string,
  query: HistoryQuery,
): Promise<HistoryEntry[]> {
  const { rows } = await pool.query<EntryRow>(QUERY, [
    room,
    query.before ?? null,
    query.since ?? null,
    query.until ?? null,
    query.who ?? null,
    query.root ?? null,
    limitOf(query),
  ]);
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    author: {
      inviteId: row.invite_id,
      name: row.name,
      role: row.role as Role | null,
      via: row.via,
    },
    connection: row.connection,
    bytes: row.bytes,
    changes: row.changes,
    changeCount: row.change_count,
  }));
}

/** The base and the kept updates up to `seq`, in one statement (one consistent read). */
const PAST = `
  SELECT 0 AS part, seq, at, data, false AS replaces FROM fulcrum_room_history_base WHERE room = $1
  UNION ALL
  SELECT 1, h.seq, h.at, h.data, (h.invite_id IS NULL AND h.via = '${RESTORE_VIA}')
  FROM fulcrum_room_history h
  WHERE h.room = $1 AND h.seq <= $2
    AND h.seq > coalesce((SELECT b.seq FROM fulcrum_room_history_base b WHERE b.room = $1), 0)
  ORDER BY part, seq`;

/** What rebuilding the state right after `seq` needs. */
export async function readPast(pool: Pool, room: string, seq: number): Promise<PastParts> {
  const { rows } = await pool.query<{
    part: number;
    seq: string;
    at: string;
    data: Buffer;
    replaces: boolean;
  }>(PAST, [room, seq]);
  const parts: PastParts = { base: null, updates: [], known: false };
  for (const row of rows) {
    const data = new Uint8Array(row.data);
    if (row.part === 0) parts.base = { seq: Number(row.seq), at: row.at, data };
    else parts.updates.push({ seq: Number(row.seq), data, replaces: row.replaces });
  }
  parts.known = parts.updates.at(-1)?.seq === seq;
  return parts;
}

/**
 * Folds, per room, every entry up to the newest stored before `cutoff` into the base.
 * The folding runs outside any transaction; the write, under the room's advisory lock,
 * keeps the base another process wrote meanwhile.
 */
export async function trimEntries(pool: Pool, cutoff: string): Promise<TrimResult> {
  const result: TrimResult = { rooms: 0, entries: 0, failed: [] };
  const { rows: old } = await pool.query<{ room: string; up_to: string; at: string }>(
    'SELECT room, max(seq) AS up_to, max(at) AS at FROM fulcrum_room_history WHERE at < $1 GROUP BY room',
    [cutoff],
  );
  for (const { room, up_to: upToText } of old) {
    const upTo = Number(upToText);
    const parts = await readPast(pool, room, upTo);
    if (parts.updates.length === 0) continue;
    let data: Uint8Array;
    try {
      data = await foldParts(parts.base?.data ?? null, parts.updates);
    } catch {
      result.failed.push(room);
      continue;
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        ADVISORY_LOCK_NAMESPACE,
        room,
      ]);
      const current = await client.query<{ seq: string }>(
        'SELECT seq FROM fulcrum_room_history_base WHERE room = $1',
        [room],
      );
      if (Number(current.rows[0]?.seq ?? 0) !== (parts.base?.seq ?? 0)) {
        await client.query('COMMIT');
        continue;
      }
      const { rows } = await client.query<{ at: string }>(
        'SELECT max(at) AS at FROM fulcrum_room_history WHERE room = $1 AND seq <= $2',
        [room, upTo],
      );
      await client.query(
        `INSERT INTO fulcrum_room_history_base (room, seq, at, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (room) DO UPDATE SET seq = excluded.seq, at = excluded.at, data = excluded.data`,
        [room, upTo, rows[0].at, Buffer.from(data)],
      );
      await client.query('DELETE FROM fulcrum_room_history WHERE room = $1 AND seq <= $2', [
        room,
        upTo,
      ]);
      await client.query('COMMIT');
      result.rooms++;
      result.entries += parts.updates.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return result;
}
