import type { Pool, PoolClient } from 'pg';

/** One numbered change to the PostgreSQL schema; versions run 1, 2, 3 ... in order. */
export interface PostgresMigration {
  version: number;
  /** What the step does, kept in `fulcrum_schema_migrations.name`. */
  name: string;
  /** The SQL of the step: one or more statements, run inside the migration transaction. */
  sql: string;
}

/**
 * The first key of every advisory lock Fulcrum takes (the two-key form of
 * `pg_advisory_xact_lock`), so Fulcrum's locks never meet another program's locks in a
 * shared database. The second key says what is locked.
 */
export const ADVISORY_LOCK_NAMESPACE = 0x46554c43; // "FULC"

/** Second advisory lock key: the schema, while migrations run. */
const MIGRATION_LOCK_KEY = 0;

/**
 * The schema, one step at a time. A released step is never edited: a change is a new
 * step at the end. Room names are `COLLATE "C"` (byte order), so the primary key's order
 * agrees with a prefix test and never depends on the database's locale.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'room logs: a counter, the updates and a snapshot per room',
    sql: `
      CREATE TABLE fulcrum_rooms (
        room text COLLATE "C" PRIMARY KEY,
        last_seq bigint NOT NULL CHECK (last_seq >= 0)
      );
      CREATE TABLE fulcrum_room_updates (
        room text COLLATE "C" NOT NULL REFERENCES fulcrum_rooms (room),
        seq bigint NOT NULL CHECK (seq > 0),
        data bytea NOT NULL,
        PRIMARY KEY (room, seq)
      );
      CREATE TABLE fulcrum_room_snapshots (
        room text COLLATE "C" PRIMARY KEY REFERENCES fulcrum_rooms (room),
        seq bigint NOT NULL CHECK (seq >= 0),
        data bytea NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'the cycle index and revoked invites',
    sql: `
      CREATE TABLE fulcrum_cycles (
        workspace text COLLATE "C" NOT NULL,
        cycle text COLLATE "C" NOT NULL,
        title text NOT NULL,
        closed_at text,
        created_at bigint NOT NULL,
        PRIMARY KEY (workspace, cycle)
      );
      CREATE TABLE fulcrum_revocations (
        seq bigserial PRIMARY KEY,
        invite_id text COLLATE "C" NOT NULL UNIQUE,
        revoked_at bigint NOT NULL,
        note text,
        stored_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX fulcrum_revocations_stored_at ON fulcrum_revocations (stored_at);
    `,
  },
  {
    version: 3,
    name: 'history: who stored each update, when, and a base per room for trimmed entries',
    // Rooms stored before: each snapshot becomes the room's base and each later update an
    // entry of the server ("before-history"), so every point from now on rebuilds.
    sql: `
      CREATE TABLE fulcrum_room_history (
        room text COLLATE "C" NOT NULL REFERENCES fulcrum_rooms (room),
        seq bigint NOT NULL CHECK (seq > 0),
        at text NOT NULL,
        invite_id text,
        name text NOT NULL,
        role text,
        via text,
        connection text,
        bytes integer NOT NULL,
        changes jsonb NOT NULL,
        change_count integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (room, seq)
      );
      CREATE INDEX fulcrum_room_history_at ON fulcrum_room_history (at);
      CREATE TABLE fulcrum_room_history_base (
        room text COLLATE "C" PRIMARY KEY REFERENCES fulcrum_rooms (room),
        seq bigint NOT NULL CHECK (seq >= 0),
        at text NOT NULL,
        data bytea NOT NULL
      );
      INSERT INTO fulcrum_room_history_base (room, seq, at, data)
        SELECT room, seq, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), data
        FROM fulcrum_room_snapshots;
      INSERT INTO fulcrum_room_history
        (room, seq, at, invite_id, name, role, via, connection, bytes, changes, change_count, data)
        SELECT room, seq, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          NULL, 'Fulcrum server', NULL, 'before-history', NULL, length(data), '[]'::jsonb, 0, data
        FROM fulcrum_room_updates;
    `,
  },
];

/** What {@link migrate} did: the versions it applied now, and the version the schema is at. */
export interface MigrationResult {
  applied: number[];
  version: number;
}

/** The database holds a schema newer than this program knows; the message says what to do. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
}

/**
 * Brings the database's schema up to the last of `migrations`: every step not yet in
 * `fulcrum_schema_migrations` runs, in order, in one transaction (all or nothing).
 * The transaction first takes an advisory lock, so two processes starting at once run
 * the steps once: the second waits, then finds them applied. Running it again on an
 * up-to-date database changes nothing.
 */
export async function migrate(
  pool: Pool,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<MigrationResult> {
  checkOrder(migrations);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await migrateLocked(client, migrations);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function migrateLocked(
  client: PoolClient,
  migrations: readonly PostgresMigration[],
): Promise<MigrationResult> {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [
    ADVISORY_LOCK_NAMESPACE,
    MIGRATION_LOCK_KEY,
  ]);
  // Under the lock: no other process creates this table at the same moment.
  await client.query(`
    CREATE TABLE IF NOT EXISTS fulcrum_schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )
  `);
  const { rows } = await client.query<{ version: number }>(
    'SELECT version FROM fulcrum_schema_migrations ORDER BY version',
  );
  const done = new Set(rows.map((row) => row.version));
  const known = migrations.at(-1)?.version ?? 0;
  const newest = rows.at(-1)?.version ?? 0;
  if (newest > known) {
    throw new SchemaTooNewError(
      `the database's schema is at version ${newest}, newer than this Fulcrum knows (${known}): ` +
        'run a newer Fulcrum, or point DATABASE_URL at another database',
    );
  }
  const applied: number[] = [];
  for (const step of migrations) {
    if (done.has(step.version)) continue;
    await client.query(step.sql);
    await client.query('INSERT INTO fulcrum_schema_migrations (version, name) VALUES ($1, $2)', [
      step.version,
      step.name,
    ]);
    applied.push(step.version);
  }
  return { applied, version: known };
}

/** Versions must be 1, 2, 3 ...: a gap or a repeat is a mistake in this file. */
function checkOrder(migrations: readonly PostgresMigration[]): void {
  migrations.forEach((step, index) => {
    if (step.version !== index + 1) {
      throw new Error(
        `PostgreSQL migration ${index + 1} has version ${step.version}: versions must run 1, 2, 3 ...`,
      );
    }
  });
}
