import { Dexie, type Table } from 'dexie';

/** One update of a room's log, as this device keeps it. */
export interface UpdateRow {
  room: string;
  seq: number;
  data: Uint8Array;
}

/** A room's compacted snapshot: everything up to `seq`. */
export interface SnapshotRow {
  room: string;
  seq: number;
  data: Uint8Array;
}

/** A cycle opened on this device, for the home view when there is no network. */
export interface CycleEntry {
  workspace: string;
  cycle: string;
  title: string;
  /** When it was last opened here (milliseconds since 1970). */
  openedAt: number;
}

/**
 * What a person last saw of a cycle on this device ("Since you were here" lists what
 * changed after it), kept per workspace, cycle and person.
 */
export interface SeenRow {
  workspace: string;
  cycle: string;
  person: string;
  /** A `SeenProjection` (shared/catchup), checked when read back. */
  projection: unknown;
}

/** Where Dexie finds IndexedDB; tests pass fake-indexeddb's. */
export interface DeviceDatabaseOptions {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * The browser's database (IndexedDB through Dexie): the room logs of the cycles kept on
 * this device (the same shape as the relay's store) and the list of those cycles. Every
 * tab of this origin opens the same database; IndexedDB serialises their read-write
 * transactions, which is what keeps sequence numbers unique across tabs.
 */
export class DeviceDatabase extends Dexie {
  /** Keyed `[room+seq]`, so one room's log reads in order; `room` lists the rooms. */
  declare readonly updates: Table<UpdateRow, [string, number]>;
  declare readonly snapshots: Table<SnapshotRow, string>;
  declare readonly cycles: Table<CycleEntry, [string, string]>;
  declare readonly seen: Table<SeenRow, [string, string, string]>;

  constructor(name: string, options: DeviceDatabaseOptions = {}) {
    super(name, options);
    this.version(1).stores({
      updates: '[room+seq], room',
      snapshots: 'room',
      cycles: '[workspace+cycle], workspace',
    });
    // Version 1 stays as it was, so devices that have it upgrade in place.
    this.version(2).stores({
      updates: '[room+seq], room',
      snapshots: 'room',
      cycles: '[workspace+cycle], workspace',
      seen: '[workspace+cycle+person]',
    });
  }
}
