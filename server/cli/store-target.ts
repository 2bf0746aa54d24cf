import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createLogger, isLogLevel, type Logger } from '../log.ts';
import type { Catalog } from '../storage/catalog.ts';
import type { ConsistentReader } from '../storage/consistent-reader.ts';
import { PostgresCatalog } from '../storage/postgres-catalog.ts';
import { SqliteCatalog } from '../storage/sqlite-catalog.ts';
import { describeDatabaseUrl, PostgresStorage } from '../storage/postgres-storage.ts';
import { openPostgresReader } from '../storage/postgres-reader.ts';
import { openSqliteReader } from '../storage/sqlite-reader.ts';
import { databaseFile, SqliteStorage } from '../storage/sqlite-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { InputError } from './cli-error.ts';
import { dataFolder } from './room-doc.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The store a command works on, chosen as the server chooses it. */
export interface StoreTarget {
  kind: 'sqlite' | 'postgresql';
  /** `SQLite at <file>` or `PostgreSQL at <user@host/db>` (never a password). */
  description: string;
}

/** PostgreSQL at `DATABASE_URL` when it is set, else SQLite in `DATA_DIR` (default ./data). */
export function storeTarget(env: Env): StoreTarget & { url: string | null; file: string | null } {
  const url = env.DATABASE_URL?.trim() || null;
  if (url !== null) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new InputError(
        'fulcrum: DATABASE_URL must be a postgres:// or postgresql:// URL (or unset, for SQLite in DATA_DIR)',
      );
    }
    return {
      kind: 'postgresql',
      description: `PostgreSQL at ${describeDatabaseUrl(url)}`,
      url,
      file: null,
    };
  }
  const file = databaseFile(dataFolder(env));
  return { kind: 'sqlite', description: `SQLite at ${file}`, url: null, file };
}

/** A read of the whole store as of one moment (see {@link ConsistentReader}). */
export async function openStoreReader(env: Env): Promise<ConsistentReader> {
  const target = storeTarget(env);
  if (target.file !== null) {
    if (!existsSync(target.file)) {
      throw new InputError(
        `fulcrum: no Fulcrum data in ${dataFolder(env)} (no ${target.file}); set DATA_DIR to the server's data folder, or DATABASE_URL`,
      );
    }
    return openSqliteReader(target.file);
  }
  return openPostgresReader(target.url!);
}

/** The store to write into, created when new (SQLite file and folder, PostgreSQL schema). */
export async function openStoreWriter(env: Env): Promise<Storage> {
  const target = storeTarget(env);
  if (target.file !== null) {
    await mkdir(dataFolder(env), { recursive: true });
    return new SqliteStorage(target.file);
  }
  return PostgresStorage.open(target.url!);
}

/**
 * The catalog of the store (cycle index, revoked invites) to write into, beside the rooms:
 * SQLite in `DATA_DIR` (created when new) or PostgreSQL at `DATABASE_URL`.
 */
export async function openCatalogWriter(env: Env): Promise<Catalog> {
  const target = storeTarget(env);
  if (target.file !== null) {
    await mkdir(dataFolder(env), { recursive: true });
    return new SqliteCatalog(target.file);
  }
  return PostgresCatalog.open(target.url!);
}

/**
 * The command line's structured log, one JSON object per line on stderr. `LOG_LEVEL`
 * sets the level as for the server, but the default is `warn`: a person at a terminal
 * reads the summary; a scheduled job sets `LOG_LEVEL=info` to keep a record.
 */
export function cliLogger(env: Env, write: (text: string) => void): Logger {
  const level = env.LOG_LEVEL?.trim().toLowerCase() || 'warn';
  return createLogger(isLogLevel(level) ? level : 'warn', write);
}
