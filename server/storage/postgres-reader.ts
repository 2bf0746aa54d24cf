import pg from 'pg';
import type { ConsistentReader } from './consistent-reader.ts';
import { describeDatabaseUrl } from './postgres-storage.ts';
import type { StoredRoom } from './storage.ts';

/** One room as `PostgresStorage.load` reads it: the counter, the snapshot, the later updates. */
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
 * Reads the PostgreSQL store at `url` (the tables of `PostgresStorage`) inside one
 * `REPEATABLE READ READ ONLY` transaction: every statement sees the database as of the
 * transaction's first query, whatever relays append or compact meanwhile, so every room
 * is whole and all rooms are from the same moment. Nothing is locked: relays go on
 * writing. Throws, naming the database (never the password), when it cannot connect or
 * the database holds no Fulcrum schema.
 */
export async function openPostgresReader(url: string): Promise<ConsistentReader> {
  const where = describeDatabaseUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`could not connect to PostgreSQL at ${where}: ${firstLine(error)}`, {
      cause: error,
    });
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ found: string | null }>(
      "SELECT to_regclass('fulcrum_rooms')::text AS found",
    );
    if (rows[0]?.found === null) {
      throw new Error(`PostgreSQL at ${where} holds no Fulcrum rooms (no fulcrum_rooms table)`);
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return {
    description: `PostgreSQL at ${where}`,
    kind: 'postgresql',
    async rooms() {
      const result = await client.query<{ room: string }>('SELECT room FROM fulcrum_rooms');
      return result.rows.map((row) => row.room).sort();
    },
    async load(room: string): Promise<StoredRoom> {
      const result = await client.query<{ part: number; seq: string; data: Buffer | null }>(LOAD, [
        room,
      ]);
      let lastSeq = 0;
      const updates: Uint8Array[] = [];
      for (const row of result.rows) {
        if (row.part === 0) lastSeq = Number(row.seq);
        else updates.push(new Uint8Array(row.data!));
      }
      return { updates, lastSeq };
    },
    async close() {
      try {
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    },
  };
}

function firstLine(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return firstLine(error.errors[0]);
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] || ((error as NodeJS.ErrnoException).code ?? 'unknown error');
}
