import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMonth } from '../../shared/dates.ts';
import { applyDocUpdate, createCycleDoc, type CycleDoc } from '../../shared/doc/index.ts';
import { databaseFile, SqliteStorage } from '../storage/sqlite-storage.ts';
import { InputError } from './cli-error.ts';

/** Where a command finds a room: `<workspace>/<cycle>` in the data folder. */
export interface RoomAddress {
  workspace: string;
  cycle: string;
  /** `<workspace>/<cycle>`, the relay's name of the room. */
  room: string;
}

/** Reads `demo/2026-12` as a room address; an `InputError` names what is wrong. */
export function parseRoom(text: string | undefined, usage: string): RoomAddress {
  const parts = (text ?? '').split('/');
  if (parts.length !== 2 || !parts[0] || !isMonth(parts[1])) {
    throw new InputError(
      `fulcrum: the room must read <workspace>/<YYYY-MM>, e.g. demo/2026-12${text ? ` (got "${text}")` : ''}; usage: ${usage}`,
    );
  }
  return { workspace: parts[0], cycle: parts[1], room: `${parts[0]}/${parts[1]}` };
}

/** The data folder: `DATA_DIR`, else `./data`, as the server reads it. */
export function dataFolder(env: Readonly<Record<string, string | undefined>>): string {
  return resolve(env.DATA_DIR?.trim() || 'data');
}

/**
 * Opens the server's store in the data folder (SQLite; safe beside a running server,
 * which writes in WAL mode). An `InputError` when the folder holds no store.
 */
export function openDataStore(dataDir: string): SqliteStorage {
  const file = databaseFile(dataDir);
  if (!existsSync(file)) {
    throw new InputError(
      `fulcrum: no Fulcrum data in ${dataDir} (no ${file}); set DATA_DIR to the server's data folder`,
    );
  }
  return new SqliteStorage(file);
}

/**
 * A room's document as the data folder holds it. An `InputError` when the room was
 * never written.
 */
export async function loadRoomDoc(dataDir: string, address: RoomAddress): Promise<CycleDoc> {
  const storage = openDataStore(dataDir);
  try {
    const stored = await storage.load(address.room);
    if (stored.updates.length === 0) {
      const known = await storage.rooms(`${address.workspace}/`);
      throw new InputError(
        `fulcrum: the data folder has no cycle ${address.room}${known.length ? `; it has ${known.join(', ')}` : ''}`,
      );
    }
    const doc = createCycleDoc();
    for (const update of stored.updates) applyDocUpdate(doc, update, 'store');
    return doc;
  } finally {
    await storage.close();
  }
}
