import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../../../../server/log.ts';
import { MemoryStorage } from '../../../../server/storage/memory-storage.ts';
import type { Fanout, FanoutListener } from '../../../../server/sync/fanout.ts';
import { FanoutLink, GAP_WAIT_MS, type LinkedRoom } from '../../../../server/sync/fanout-link.ts';

const ROOM = 'acme/2026-12';

/** A fan-out that keeps what this process told and lets a test speak as the others. */
function fakeFanout() {
  const listeners = new Map<string, FanoutListener>();
  const published: { seq: number; update: Uint8Array }[] = [];
  const awareness: Uint8Array[] = [];
  const fanout: Fanout = {
    subscribe: async (room, listener) => {
      listeners.set(room, listener);
    },
    unsubscribe: (room) => {
      listeners.delete(room);
    },
    publishUpdate: (_room, seq, update) => published.push({ seq, update }),
    publishAwareness: (_room, update) => awareness.push(update),
    close: async () => {},
  };
  return { fanout, listeners, published, awareness };
}

/** A room that runs its tasks at once and keeps what it was asked to apply. */
function fakeRoom(ready = true) {
  const applied: Uint8Array[] = [];
  const awareness: Uint8Array[] = [];
  const tasks: Promise<void>[] = [];
  const room: LinkedRoom = {
    name: ROOM,
    isReady: () => ready,
    enqueue: (task) => {
      tasks.push(Promise.resolve(task()));
    },
    applyStored: (update) => applied.push(update),
    applyAwareness: (update) => {
      if (update.length === 0) throw new Error('empty awareness update');
      awareness.push(update);
    },
  };
  return { room, applied, awareness, settled: () => Promise.all(tasks) };
}

const bytes = (...values: number[]) => new Uint8Array(values);

afterEach(() => {
  vi.useRealTimers();
});

describe("a room's link to the other relay processes", () => {
  it('counts sequence numbers alone when there is no fan-out', async () => {
    const { room } = fakeRoom();
    const link = new FanoutLink(room, { storage: new MemoryStorage(), logger: silentLogger });
    await link.subscribe();
    link.loaded(4);
    link.stored(5, bytes(1));
    link.stored(7, bytes(2));
    expect(link.contiguous).toBe(5);
    expect(link.highest).toBe(7);
    link.unsubscribe();
  });

  it('tells the others what this room stored, only after it is stored, with its number', async () => {
    const { fanout, published } = fakeFanout();
    const { room } = fakeRoom();
    const link = new FanoutLink(room, {
      storage: new MemoryStorage(),
      logger: silentLogger,
      fanout,
    });
    await link.subscribe();
    link.loaded(0);
    link.stored(1, bytes(9));
    expect(published).toEqual([{ seq: 1, update: bytes(9) }]);
    link.unsubscribe();
  });

  it('applies what the others stored once each, and waits for the load when not ready', async () => {
    const { fanout, listeners } = fakeFanout();
    const loading = fakeRoom(false);
    const link = new FanoutLink(loading.room, {
      storage: new MemoryStorage(),
      logger: silentLogger,
      fanout,
    });
    await link.subscribe();
    link.loaded(0);
    listeners.get(ROOM)!.update(1, bytes(1));
    listeners.get(ROOM)!.update(1, bytes(1));
    await loading.settled();
    expect(loading.applied).toEqual([bytes(1)]);
    expect(link.contiguous).toBe(1);
    link.unsubscribe();
    expect(listeners.has(ROOM)).toBe(false);
  });

  it('fills a gap that outlasts the wait from the store', async () => {
    vi.useFakeTimers();
    // Three stored edits of one person's document, numbered 1 to 3.
    const writer = new Y.Doc();
    const edits: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => edits.push(update));
    for (const key of ['a', 'b', 'c']) writer.getMap('m').set(key, 1);
    const storage = new MemoryStorage();
    for (const edit of edits) await storage.append(ROOM, edit);
    const { fanout, listeners } = fakeFanout();
    const { room, applied, settled } = fakeRoom();
    const link = new FanoutLink(room, { storage, logger: silentLogger, fanout });
    await link.subscribe();
    link.loaded(1);
    // Number 2 is lost on the way: 3 arrives alone.
    listeners.get(ROOM)!.update(3, edits[2]);
    expect(applied).toEqual([edits[2]]);
    expect(link.contiguous).toBe(1);
    await vi.advanceTimersByTimeAsync(GAP_WAIT_MS - 1);
    expect(applied).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settled();
    // The store's log, merged, is applied: the document then holds number 2 too.
    expect(applied).toHaveLength(2);
    const caughtUp = new Y.Doc();
    Y.applyUpdate(caughtUp, applied[1]);
    expect(caughtUp.getMap('m').toJSON()).toEqual({ a: 1, b: 1, c: 1 });
    expect(link.contiguous).toBe(3);
    link.unsubscribe();
  });

  it("applies the others' awareness in turn and survives a malformed one", async () => {
    const { fanout, listeners, awareness: told } = fakeFanout();
    const { room, awareness, settled } = fakeRoom();
    const link = new FanoutLink(room, {
      storage: new MemoryStorage(),
      logger: silentLogger,
      fanout,
    });
    await link.subscribe();
    listeners.get(ROOM)!.awareness(bytes());
    listeners.get(ROOM)!.awareness(bytes(1, 2));
    await settled();
    expect(awareness).toEqual([bytes(1, 2)]);
    link.publishAwareness(bytes(3));
    expect(told).toEqual([bytes(3)]);
    link.unsubscribe();
  });
});
