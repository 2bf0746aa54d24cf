import * as Y from 'yjs';
import { addStandardAgenda, importPlan, setInputStatus } from '../shared/doc/index.ts';
import type { Plan } from '../shared/engine/index.ts';
import { FUNCTIONS } from '../shared/schema/records.ts';
import type { Storage } from './storage/storage.ts';
import { appendAttributed, serverAuthor } from './storage/history.ts';

/**
 * Gives a room its first document when it has never been written: the plan's inputs and
 * the ten standard agenda items, stored as one update. A room that holds anything is
 * left alone, so restarts never overwrite what people edited. A function that adjusted
 * the plan's demand has its input in progress, as its adjustments made in the page
 * would have left it. Returns whether it seeded.
 */
export async function seedRoom(storage: Storage, room: string, plan: Plan): Promise<boolean> {
  const stored = await storage.load(room);
  if (stored.lastSeq > 0) return false;
  const doc = new Y.Doc();
  try {
    importPlan(doc, plan);
    addStandardAgenda(doc);
    for (const [fn, latest] of latestAdjustments(plan)) {
      setInputStatus(doc, fn, { status: 'inProgress', by: latest.author, at: latest.at });
    }
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

/** Per function stream with a dated adjustment, who made its latest one and when. */
function latestAdjustments(plan: Plan): Map<string, { author: string; at: string }> {
  const latest = new Map<string, { author: string; at: string }>();
  for (const months of Object.values(plan.demandStreams?.adjustments ?? {})) {
    for (const byStream of Object.values(months)) {
      for (const [stream, { author, at }] of Object.entries(byStream)) {
        if (!(FUNCTIONS as readonly string[]).includes(stream) || at === undefined) continue;
        const seen = latest.get(stream);
        if (seen === undefined || at > seen.at) latest.set(stream, { author, at });
      }
    }
  }
  return latest;
}
