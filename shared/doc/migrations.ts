import { SCHEMA_VERSION } from '../schema/records.ts';
import { baseRows, GRIDS, metaMap, transact } from './layout.ts';
import { rowNumbers, writeRow } from './grid-rows.ts';
import { MigrationOrigin } from './origins.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** One step of the document layout, from `from` to `from + 1`. */
export interface Migration {
  from: number;
  describe: string;
  migrate: (doc: CycleDoc) => void;
}

/**
 * The contiguous migrations, oldest first, each with a frozen fixture of a document of
 * its `from` version in tests/fixtures, which the migration tests replay.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    describe: 'grid rows keep their values in month order, without the month names',
    migrate: (doc) => {
      for (const name of GRIDS) {
        const rows = baseRows(doc, name);
        for (const [id, row] of [...rows.entries()]) {
          // What is not a month and a number was never read as a cell: it is left behind.
          if (!Array.isArray(row)) writeRow(rows, id, rowNumbers(row));
        }
      }
    },
  },
];

/**
 * The oldest layout this version reads as it is: readers take every layout from it up to
 * {@link SCHEMA_VERSION}, so a page can read and write a document the server has not
 * brought up to date yet (the server does, when it loads the room).
 */
export const OLDEST_READABLE_VERSION = 1;

/** How a client may open a cycle document. */
export type OpenMode = { writable: true } | { writable: false; reason: string };

/**
 * Says whether this client may write a document, without writing to it. A document of a
 * newer version is opened read-only: writing it with an older layout could corrupt what
 * newer clients wrote. An older one is read as it is (see
 * {@link OLDEST_READABLE_VERSION}): only the server upgrades a document, since a person
 * may not have the right to write what an upgrade rewrites. An empty document (not yet
 * synced) is writable.
 */
export function openDocument(doc: CycleDoc, current: number = SCHEMA_VERSION): OpenMode {
  const version = metaMap(doc).get('schemaVersion');
  if (version === undefined) return { writable: true };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      writable: false,
      reason: `this cycle has an unreadable schema version (${String(version)})`,
    };
  }
  if (version > current) {
    return {
      writable: false,
      reason: `this cycle was saved by a newer Fulcrum (document version ${version}, this one reads up to ${current}): it is open read-only; reload to update`,
    };
  }
  if (version < OLDEST_READABLE_VERSION) {
    return { writable: false, reason: `this cycle's document version ${version} is too old` };
  }
  return { writable: true };
}

/**
 * Brings a document written by an older version up to this one, one transaction per
 * step, each under its own origin (no one's undo reverts it). The server runs it as it
 * loads a room. A step missing leaves the document as it is and says so; a document of
 * a newer version or an empty one is left alone.
 */
export function upgradeDocument(
  doc: CycleDoc,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = SCHEMA_VERSION,
): OpenMode {
  const mode = openDocument(doc, current);
  const meta = metaMap(doc);
  const version = meta.get('schemaVersion');
  if (!mode.writable || typeof version !== 'number') return mode;
  for (let from = version; from < current; from++) {
    const step = migrations.find((m) => m.from === from);
    if (!step) return { writable: false, reason: `no migration from document version ${from}` };
    transact(
      doc,
      `migrate ${from}->${from + 1}`,
      () => {
        step.migrate(doc);
        meta.set('schemaVersion', from + 1);
      },
      new MigrationOrigin(from),
    );
  }
  return { writable: true };
}
