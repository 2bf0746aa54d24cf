import type { StoredRoom } from './storage.ts';

/**
 * A read of a whole store as of one moment (a backup's source): every room it lists and
 * loads comes from the same consistent state, even while a relay keeps writing and
 * compacting. Open one with `openSqliteReader` or `openPostgresReader`.
 */
export interface ConsistentReader {
  /** Where the rooms are read from, for messages: `SQLite at ...` or `PostgreSQL at ...`. */
  readonly description: string;
  /** `sqlite` or `postgresql`. */
  readonly kind: 'sqlite' | 'postgresql';
  /** Every room that holds anything, sorted (UTF-16 code units, as every store sorts). */
  rooms(): Promise<string[]>;
  /** One room's snapshot and later updates, as {@link Storage.load} gives them. */
  load(room: string): Promise<StoredRoom>;
  /** Ends the read and releases the connection. */
  close(): Promise<void>;
}
