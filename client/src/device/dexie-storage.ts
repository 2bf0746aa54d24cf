import { Dexie, type IndexableType } from 'dexie';
import type { Storage, StoredRoom } from '../../../shared/protocol/storage.ts';
import { DeviceDatabase, type CycleEntry, type DeviceDatabaseOptions } from './device-database.ts';
import { toDeviceStorageError } from './device-storage-error.ts';

export type { CycleEntry } from './device-database.ts';
export { DeviceStorageError } from './device-storage-error.ts';

/**
 * The cycles kept on this device: room logs in the browser's IndexedDB (through Dexie),
 * with the same contract as the relay's store (see shared/protocol/storage.ts and
 * tests/storage/storage-contract.ts), and the list of cycles opened here for the home
 * view when there is no network.
 *
 * Several tabs may share it: each append and compaction is one read-write transaction,
 * and IndexedDB runs those one at a time, so numbers are never given twice.
 *
 * Every failure is thrown as a `DeviceStorageError` that says what failed in the
 * person's terms (a full store says so).
 */
export class DexieStorage implements Storage {
  readonly name: string;
  readonly #db: DeviceDatabase;

  constructor(name = 'fulcrum-device', options: DeviceDatabaseOptions = {}) {
    this.name = name;
    this.#db = new DeviceDatabase(name, options);
  }

  load(room: string): Promise<StoredRoom> {
    const db = this.#db;
    return this.#run(`read its saved copy of ${room}`, () =>
      db.transaction('r', db.updates, db.snapshots, async () => {
        const snapshot = await db.snapshots.get(room);
        const after = snapshot?.seq ?? 0;
        const rows = await roomLog(db, room, after + 1, Dexie.maxKey).toArray();
        const updates = rows.map((row) => row.data);
        if (snapshot) updates.unshift(snapshot.data);
        return { updates, lastSeq: Math.max(after, rows.at(-1)?.seq ?? 0) };
      }),
    );
  }

  append(room: string, update: Uint8Array): Promise<number> {
    const db = this.#db;
    // A copy: the caller may reuse its buffer before the transaction stores it.
    const data = update.slice();
    return this.#run(`save an edit of ${room}`, () =>
      db.transaction('rw', db.updates, db.snapshots, async () => {
        const seq = (await lastSeq(db, room)) + 1;
        await db.updates.add({ room, seq, data });
        return seq;
      }),
    );
  }

  compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    const db = this.#db;
    const data = snapshot.slice();
    return this.#run(`compact its saved copy of ${room}`, () =>
      db.transaction('rw', db.updates, db.snapshots, async () => {
        const current = await db.snapshots.get(room);
        // An older snapshot never replaces a newer one: another tab compacted further.
        if (current && current.seq > upToSeq) return;
        await db.snapshots.put({ room, seq: upToSeq, data });
        await roomLog(db, room, Dexie.minKey, upToSeq).delete();
      }),
    );
  }

  rooms(prefix: string): Promise<string[]> {
    const db = this.#db;
    return this.#run('list the cycles it keeps', () =>
      db.transaction('r', db.updates, db.snapshots, async () => {
        const [logged, snapshotted] = await Promise.all([
          db.updates.where('room').startsWith(prefix).uniqueKeys(),
          db.snapshots.where('room').startsWith(prefix).primaryKeys(),
        ]);
        return [...new Set([...logged, ...snapshotted].map(String))].sort();
      }),
    );
  }

  /** Notes that a cycle was opened here (or renamed): the home view lists it offline. */
  rememberCycle(entry: CycleEntry): Promise<void> {
    const { workspace, cycle, title, openedAt } = entry;
    return this.#run(`remember the cycle ${workspace}/${cycle}`, async () => {
      await this.#db.cycles.put({ workspace, cycle, title, openedAt });
    });
  }

  /** The cycles of a workspace opened on this device, newest cycle first. */
  listCycles(workspace: string): Promise<CycleEntry[]> {
    return this.#run(`list the cycles of ${workspace} it keeps`, async () => {
      const entries = await this.#db.cycles.where('workspace').equals(workspace).toArray();
      return entries.sort((a, b) => (a.cycle < b.cycle ? 1 : a.cycle > b.cycle ? -1 : 0));
    });
  }

  /** Removes everything this device keeps of a room (its log and snapshot). */
  forget(room: string): Promise<void> {
    const db = this.#db;
    return this.#run(`remove its saved copy of ${room}`, () =>
      db.transaction('rw', db.updates, db.snapshots, async () => {
        await roomLog(db, room, Dexie.minKey, Dexie.maxKey).delete();
        await db.snapshots.delete(room);
      }),
    );
  }

  async close(): Promise<void> {
    this.#db.close();
  }

  async #run<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toDeviceStorageError(action, error);
    }
  }
}

/** One room's log between two sequence numbers (inclusive), in order. */
function roomLog(db: DeviceDatabase, room: string, from: IndexableType, to: IndexableType) {
  return db.updates.where('[room+seq]').between([room, from], [room, to], true, true);
}

/** The room's last sequence number: its newest update's, or its snapshot's. */
async function lastSeq(db: DeviceDatabase, room: string): Promise<number> {
  const [newest, snapshot] = await Promise.all([
    roomLog(db, room, Dexie.minKey, Dexie.maxKey).last(),
    db.snapshots.get(room),
  ]);
  return Math.max(newest?.seq ?? 0, snapshot?.seq ?? 0);
}
