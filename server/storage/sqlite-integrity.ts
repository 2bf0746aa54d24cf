import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** The command that puts a backup back, as the README and `fulcrum restore --help` give it. */
export const RESTORE_COMMAND = 'npx fulcrum restore <backup> --replace';

/** At most this many of SQLite's problem lines are quoted in the message. */
const MAX_PROBLEMS = 5;

/** A SQLite file that fails its integrity check; the message names the file and the way back. */
export class DamagedDatabaseError extends Error {
  override name = 'DamagedDatabaseError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    const shown = problems.slice(0, MAX_PROBLEMS).join('; ');
    const more =
      problems.length > MAX_PROBLEMS ? ` (and ${problems.length - MAX_PROBLEMS} more)` : '';
    super(
      `The database file ${file} is damaged: ${shown}${more}. Fulcrum will not start on it, ` +
        `so nothing more is lost or served from it. Move it aside with its -wal and -shm files ` +
        `(e.g. mv "${file}" "${file}.damaged"), then restore the latest backup: ${RESTORE_COMMAND}`,
    );
  }
}

/**
 * Checks the SQLite file at `file` with `PRAGMA quick_check` (every page and b-tree is
 * read and checked; index contents against their tables are not, which makes it several
 * times faster than `integrity_check` on a large file) and throws
 * {@link DamagedDatabaseError} when it is damaged, or is not a database at all. A file
 * that does not exist yet passes: the store creates it. The check only reads (SQLite may
 * recover a WAL left by a crash first, as any opening would); the store opens the file
 * only once it passed.
 */
export function checkSqliteFile(file: string): void {
  if (!existsSync(file)) return;
  let db: Database.Database | undefined;
  let problems: string[];
  try {
    // Not read-only: after a crash SQLite may need to rebuild the WAL index (-shm) first.
    db = new Database(file, { fileMustExist: true });
    // At most 20 problems: a damaged page also orphans every page under it.
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[];
    problems = rows
      .flatMap((row) => row.quick_check.split('\n'))
      .map((line) => line.trim())
      .filter((line) => line !== 'ok' && line !== '' && !line.startsWith('***'));
  } catch (error) {
    // A damaged header or first page makes SQLite refuse to read the file at all.
    problems = [error instanceof Error ? error.message : String(error)];
  } finally {
    db?.close();
  }
  if (problems.length > 0) throw new DamagedDatabaseError(file, problems);
}
