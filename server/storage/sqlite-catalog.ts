import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Catalog, CycleEntry, Revocation, RevocationsAfter } from './catalog.ts';

interface CycleRow {
  workspace: string;
  cycle: string;
  title: string;
  closed_at: string | null;
  created_at: number;
}

interface RevocationRow {
  seq: number;
  invite_id: string;
  revoked_at: number;
  note: string | null;
}

/**
 * The catalog in the SQLite file the rooms are kept in (its own connection, so the
 * command line can write it beside a running server: WAL lets both work at once).
 * Revocations are numbered by an AUTOINCREMENT key, so `revocationsAfter` is one
 * indexed range read, cheap enough to poll every second.
 */
export class SqliteCatalog implements Catalog {
  readonly file: string;
  #db: Database.Database;
  #statements: {
    addCycle: Database.Statement<[string, string, string, string | null, number]>;
    updateCycle: Database.Statement<[string, string | null, string, string]>;
    cycle: Database.Statement<[string, string], CycleRow | undefined>;
    cycles: Database.Statement<[string], CycleRow>;
    roomNames: Database.Statement<[], { workspace: string; cycle: string }>;
    revoke: Database.Statement<[string, number, string | null]>;
    revocation: Database.Statement<[string], RevocationRow | undefined>;
    revocationsAfter: Database.Statement<[number], RevocationRow>;
  };

  constructor(file: string) {
    this.file = file;
    mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS fulcrum_cycles (
        workspace TEXT NOT NULL,
        cycle TEXT NOT NULL,
        title TEXT NOT NULL,
        closed_at TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace, cycle)
      );
      CREATE TABLE IF NOT EXISTS fulcrum_revocations (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        invite_id TEXT NOT NULL UNIQUE,
        revoked_at INTEGER NOT NULL,
        note TEXT
      );
    `);
    const db = this.#db;
    this.#statements = {
      addCycle: db.prepare(
        'INSERT INTO fulcrum_cycles (workspace, cycle, title, closed_at, created_at) ' +
          'VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      updateCycle: db.prepare(
        'UPDATE fulcrum_cycles SET title = ?, closed_at = ? WHERE workspace = ? AND cycle = ?',
      ),
      cycle: db.prepare('SELECT * FROM fulcrum_cycles WHERE workspace = ? AND cycle = ?'),
      cycles: db.prepare('SELECT * FROM fulcrum_cycles WHERE workspace = ?'),
      roomNames: db.prepare('SELECT workspace, cycle FROM fulcrum_cycles'),
      revoke: db.prepare(
        'INSERT INTO fulcrum_revocations (invite_id, revoked_at, note) VALUES (?, ?, ?) ' +
          'ON CONFLICT DO NOTHING',
      ),
      revocation: db.prepare('SELECT * FROM fulcrum_revocations WHERE invite_id = ?'),
      revocationsAfter: db.prepare('SELECT * FROM fulcrum_revocations WHERE seq > ? ORDER BY seq'),
    };
  }

  async addCycle(entry: CycleEntry): Promise<boolean> {
    const { workspace, cycle, title, closedAt, createdAt } = entry;
    return this.#statements.addCycle.run(workspace, cycle, title, closedAt, createdAt).changes > 0;
  }

  async updateCycle(
    workspace: string,
    cycle: string,
    state: { title: string; closedAt: string | null },
  ): Promise<void> {
    this.#statements.updateCycle.run(state.title, state.closedAt, workspace, cycle);
  }

  async cycle(workspace: string, cycle: string): Promise<CycleEntry | null> {
    const row = this.#statements.cycle.get(workspace, cycle);
    return row ? toEntry(row) : null;
  }

  async cycles(workspace: string): Promise<CycleEntry[]> {
    // Sorted here, not by SQL: the same order (UTF-16 code units) as every other store.
    return this.#statements.cycles
      .all(workspace)
      .map(toEntry)
      .sort((a, b) => (a.cycle < b.cycle ? -1 : a.cycle > b.cycle ? 1 : 0));
  }

  async roomNames(): Promise<string[]> {
    return this.#statements.roomNames
      .all()
      .map((row) => `${row.workspace}/${row.cycle}`)
      .sort();
  }

  async revoke(revocation: Revocation): Promise<boolean> {
    const { inviteId, revokedAt, note } = revocation;
    return this.#statements.revoke.run(inviteId, revokedAt, note).changes > 0;
  }

  async revocation(inviteId: string): Promise<Revocation | null> {
    const row = this.#statements.revocation.get(inviteId);
    return row ? toRevocation(row) : null;
  }

  async revocationsAfter(cursor: number): Promise<RevocationsAfter> {
    const rows = this.#statements.revocationsAfter.all(cursor);
    return {
      revocations: rows.map(toRevocation),
      cursor: rows.length > 0 ? rows[rows.length - 1].seq : cursor,
    };
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

function toEntry(row: CycleRow): CycleEntry {
  return {
    workspace: row.workspace,
    cycle: row.cycle,
    title: row.title,
    closedAt: row.closed_at,
    createdAt: row.created_at,
  };
}

function toRevocation(row: RevocationRow): Revocation {
  return { inviteId: row.invite_id, revokedAt: row.revoked_at, note: row.note };
}
