import { SCHEMA_VERSION } from '../schema/records.ts';
import { metaMap, transact } from './layout.ts';
import { MigrationOrigin } from './origins.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** One step of the document layout, from `from` to `from + 1`. */
export interface Migration {
  from: number;
  describe: string;
  migrate: (doc: CycleDoc) => void;
}

/**
 * The contiguous migrations, oldest first. Version 1 is the first layout, so there is
 * none yet; the next layout change adds `{ from: 1, ... }` here with a frozen fixture
 * of a version 1 document in tests/fixtures, which the migration tests replay.
 */
export const MIGRATIONS: readonly Migration[] = [];

/** How a client may open a cycle document. */
export type OpenMode = { writable: true } | { writable: false; reason: string };

/**
 * Brings a document written by an older version up to this one (one transaction per
 * step) and says whether this client may write it. A document of a newer version is
 * opened read-only: writing it with an older layout could corrupt what newer clients
 * wrote. An empty document (not yet synced) is writable and left alone.
 */
export function openDocument(
  doc: CycleDoc,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = SCHEMA_VERSION,
): OpenMode {
  const meta = metaMap(doc);
  const version = meta.get('schemaVersion');
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
  for (let from = version; from < current; from++) {
    const step = migrations.find((m) => m.from === from);
    if (!step) return { writable: false, reason: `no migration from document version ${from}` };
    // Its own origin: a migration is no one's command, so no one's undo can revert it.
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
