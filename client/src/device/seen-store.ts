import {
  parseSeenProjection,
  type SeenProjection,
} from '../../../shared/catchup/seen-projection.ts';
import { DeviceDatabase, type DeviceDatabaseOptions } from './device-database.ts';
import { toDeviceStorageError } from './device-storage-error.ts';

/** Whose view of which cycle: a person's name within a workspace's cycle. */
export interface SeenKey {
  workspace: string;
  cycle: string;
  person: string;
}

/**
 * What each person last saw of each cycle, kept on this device (the `seen` table of the
 * device database): the baseline "Since you were here" compares the cycle with. It lives
 * beside the cycles' own copies, so it works with no network.
 *
 * Every failure is thrown as a `DeviceStorageError` that says what failed in the
 * person's terms (a full store says so).
 */
export class SeenStore {
  readonly name: string;
  readonly #db: DeviceDatabase;

  /** Opens the device database `name` (the one the cycles are kept in, by default). */
  constructor(name = 'fulcrum-device', options: DeviceDatabaseOptions = {}) {
    this.name = name;
    this.#db = new DeviceDatabase(name, options);
  }

  /**
   * What the person last saw of the cycle, or null when they have not looked at it on
   * this device (or the copy kept is damaged or of an older kind: a fresh one replaces it).
   */
  async get(key: SeenKey): Promise<SeenProjection | null> {
    try {
      const row = await this.#db.seen.get([key.workspace, key.cycle, key.person]);
      return row ? parseSeenProjection(row.projection) : null;
    } catch (error) {
      throw toDeviceStorageError(`read what you last saw of ${room(key)}`, error);
    }
  }

  /** Keeps what the person sees now as what they last saw. */
  async put(key: SeenKey, projection: SeenProjection): Promise<void> {
    const { workspace, cycle, person } = key;
    try {
      await this.#db.seen.put({ workspace, cycle, person, projection });
    } catch (error) {
      throw toDeviceStorageError(`keep what you have seen of ${room(key)}`, error);
    }
  }

  close(): void {
    this.#db.close();
  }
}

function room(key: SeenKey): string {
  return `${key.workspace}/${key.cycle}`;
}
