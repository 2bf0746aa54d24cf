import { Pool } from 'pg';
import type { Logger } from '../log.ts';
import type { Catalog, CycleEntry, Revocation, RevocationsAfter } from './catalog.ts';
import { migrate } from './postgres-migrations.ts';
import { describeDatabaseUrl, reasonOf } from './postgres-storage.ts';

interface CycleRow {
  workspace: string;
  cycle: string;
  title: string;
  closed_at: string | null;
  created_at: string;
}

interface RevocationRow {
  seq: string;
  invite_id: string;
  revoked_at: string;
  note: string | null;
}

/**
 * How long a revocation is given again by {@link PostgresCatalog.revocationsAfter}: two
 * processes revoking at once may commit their numbers out of order, so a poll that has
 * passed number 6 could miss number 5 committed just after. Revocations this recent are
 * given again on every poll (the relay ignores ones it knows), so none is missed.
 */
const RECENT_SECONDS = 10;

/**
 * The catalog in PostgreSQL (tables `fulcrum_cycles` and `fulcrum_revocations`, created by
 * the migrations of postgres-migrations.ts), shared by every relay process on the
 * database: each polls `revocationsAfter` every second.
 */
export class PostgresCatalog implements Catalog {
  readonly #pool: Pool;
  #closed: Promise<void> | null = null;

  private constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** Connects to `url`, brings the schema up to date and returns the catalog. */
  static async open(
    url: string,
    options: { logger?: Logger; maxConnections?: number } = {},
  ): Promise<PostgresCatalog> {
    const pool = new Pool({
      connectionString: url,
      max: options.maxConnections ?? 3,
      connectionTimeoutMillis: 10_000,
    });
    pool.on('error', (error) => {
      options.logger?.error('catalog.connection_lost', { message: error.message });
    });
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end().catch(() => {});
      throw new Error(
        `could not open PostgreSQL at ${describeDatabaseUrl(url)}: ${reasonOf(error)}`,
        { cause: error },
      );
    }
    return new PostgresCatalog(pool);
  }

  async addCycle(entry: CycleEntry): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `INSERT INTO fulcrum_cycles (workspace, cycle, title, closed_at, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [entry.workspace, entry.cycle, entry.title, entry.closedAt, entry.createdAt],
    );
    return (rowCount ?? 0) > 0;
  }

  async updateCycle(
    workspace: string,
    cycle: string,
    state: { title: string; closedAt: string | null },
  ): Promise<void> {
    await this.#pool.query(
      'UPDATE fulcrum_cycles SET title = $1, closed_at = $2 WHERE workspace = $3 AND cycle = $4',
      [state.title, state.closedAt, workspace, cycle],
    );
  }

  async cycle(workspace: string, cycle: string): Promise<CycleEntry | null> {
    const { rows } = await this.#pool.query<CycleRow>(
      'SELECT * FROM fulcrum_cycles WHERE workspace = $1 AND cycle = $2',
      [workspace, cycle],
    );
    return rows.length > 0 ? toEntry(rows[0]) : null;
  }

  async cycles(workspace: string): Promise<CycleEntry[]> {
    const { rows } = await this.#pool.query<CycleRow>(
      'SELECT * FROM fulcrum_cycles WHERE workspace = $1',
      [workspace],
    );
    // Sorted here, not by SQL: the same order (UTF-16 code units) as every other store.
    return rows.map(toEntry).sort((a, b) => (a.cycle < b.cycle ? -1 : a.cycle > b.cycle ? 1 : 0));
  }

  async roomNames(): Promise<string[]> {
    const { rows } = await this.#pool.query<{ workspace: string; cycle: string }>(
      'SELECT workspace, cycle FROM fulcrum_cycles',
    );
    return rows.map((row) => `${row.workspace}/${row.cycle}`).sort();
  }

  async revoke(revocation: Revocation): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `INSERT INTO fulcrum_revocations (invite_id, revoked_at, note) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [revocation.inviteId, revocation.revokedAt, revocation.note],
    );
    return (rowCount ?? 0) > 0;
  }

  async revocation(inviteId: string): Promise<Revocation | null> {
    const { rows } = await this.#pool.query<RevocationRow>(
      'SELECT seq, invite_id, revoked_at, note FROM fulcrum_revocations WHERE invite_id = $1',
      [inviteId],
    );
    return rows.length > 0 ? toRevocation(rows[0]) : null;
  }

  async revocationsAfter(cursor: number): Promise<RevocationsAfter> {
    const { rows } = await this.#pool.query<RevocationRow>(
      `SELECT seq, invite_id, revoked_at, note FROM fulcrum_revocations
       WHERE seq > $1 OR stored_at > clock_timestamp() - make_interval(secs => $2)
       ORDER BY seq`,
      [cursor, RECENT_SECONDS],
    );
    const last = rows.reduce((max, row) => Math.max(max, Number(row.seq)), cursor);
    return { revocations: rows.map(toRevocation), cursor: last };
  }

  close(): Promise<void> {
    this.#closed ??= this.#pool.end();
    return this.#closed;
  }
}

function toEntry(row: CycleRow): CycleEntry {
  return {
    workspace: row.workspace,
    cycle: row.cycle,
    title: row.title,
    closedAt: row.closed_at,
    createdAt: Number(row.created_at),
  };
}

function toRevocation(row: RevocationRow): Revocation {
  return { inviteId: row.invite_id, revokedAt: Number(row.revoked_at), note: row.note };
}
