import * as Y from 'yjs';
import { addStandardAgenda, importPlan } from '../shared/doc/index.ts';
import type { Plan } from '../shared/engine/index.ts';
import type { Storage } from './storage/storage.ts';
import { appendAttributed, serverAuthor } from './storage/history.ts';

/**
 * Gives a room its first document when it has never been written: the plan's inputs and
 * the ten standard agenda items, stored as one update. A room that holds anything is
 * left alone, so restarts never overwrite what people edited. Returns whether it seeded.
 */
export async function seedRoom(storage: Storage, room: string, plan: Plan): Promise<boolean> {
  const stored = await storage.load(room);
  if (stored.lastSeq > 0) return false;
  const doc = new Y.Doc();
  try {
    importPlan(doc, plan);
    addStandardAgenda(doc);
    await appendAttributed(storage, room, Y.encodeStateAsUpdate(doc), {
      author: serverAuthor('demo'),
      connection: null,
      changes: [],
      changeCount: 0,
    });
  } finally {
    doc.destroy();
  }
  return true;
}
