import pg from 'pg';
import type { ConsistentReader } from './consistent-reader.ts';
import { describeDatabaseUrl, loadRoom, reasonOf } from './postgres-storage.ts';
import type { StoredRoom } from './storage.ts';

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
    throw new Error(`could not connect to PostgreSQL at ${where}: ${reasonOf(error)}`, {
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
    load(room: string): Promise<StoredRoom> {
      return loadRoom(client, room);
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
