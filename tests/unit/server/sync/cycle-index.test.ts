import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../../server/log.ts';
import type { CycleEntry } from '../../../../server/storage/catalog.ts';
import { MemoryCatalog } from '../../../../server/storage/memory-catalog.ts';
import {
  CycleIndex,
  INDEX_DELAY_MS,
  type CycleState,
} from '../../../../server/sync/cycle-index.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** A room whose state the test sets, counting how often the index reads it. */
function fakeRoom(name: string, state: CycleState) {
  const room = {
    name,
    state,
    reads: 0,
    async read<T>(read: (doc: never) => T): Promise<T> {
      room.reads++;
      void read;
      return { ...room.state } as T;
    },
  };
  return room;
}

/** A memory catalog that counts the entries it is asked to update. */
class CountingCatalog extends MemoryCatalog {
  updates = 0;
  lookups = 0;
  override async updateCycle(workspace: string, cycle: string, state: CycleState): Promise<void> {
    this.updates++;
    return super.updateCycle(workspace, cycle, state);
  }
  override async cycle(workspace: string, cycle: string): Promise<CycleEntry | null> {
    this.lookups++;
    return super.cycle(workspace, cycle);
  }
}

describe('the relay’s cycle index', () => {
  it('reads a room once per burst of updates, and writes only what changed', async () => {
    vi.useFakeTimers();
    const catalog = new CountingCatalog();
    const index = new CycleIndex(catalog, createLogger('silent'));
    expect(await index.create('acme', '2026-12', { title: 'December', closedAt: null })).toBe(true);
    const room = fakeRoom('acme/2026-12', { title: 'December', closedAt: null });
    // (The room's reader is a function of the document; the fake returns its state.)
    const readable = room as unknown as Parameters<CycleIndex['touched']>[0];

    for (let i = 0; i < 100; i++) index.touched(readable);
    await vi.advanceTimersByTimeAsync(INDEX_DELAY_MS);
    expect(room.reads).toBe(1);
    expect(catalog.updates).toBe(0);

    room.state = { title: 'December, final', closedAt: null };
    index.touched(readable);
    await vi.advanceTimersByTimeAsync(INDEX_DELAY_MS);
    expect(catalog.updates).toBe(1);
    expect(await catalog.cycle('acme', '2026-12')).toMatchObject({ title: 'December, final' });

    // A pending read runs at once when the room is about to unload.
    room.state = { title: 'December, final', closedAt: '2026-12-31T17:00:00.000Z' };
    index.touched(readable);
    await index.flush(readable);
    expect(await catalog.cycle('acme', '2026-12')).toMatchObject({
      closedAt: '2026-12-31T17:00:00.000Z',
    });
    expect(room.reads).toBe(3);
    index.close();
  });

  it('asks the store once for a cycle it knows, and every time for one it does not', async () => {
    const catalog = new CountingCatalog();
    const index = new CycleIndex(catalog, createLogger('silent'));
    await catalog.addCycle({
      workspace: 'acme',
      cycle: '2026-12',
      title: '',
      closedAt: null,
      createdAt: 1,
    });
    for (let i = 0; i < 5; i++) expect(await index.exists('acme', '2026-12')).toBe(true);
    expect(catalog.lookups).toBe(1);
    // Another process may create it any moment: an unknown cycle is not remembered.
    for (let i = 0; i < 3; i++) expect(await index.exists('acme', '2027-01')).toBe(false);
    expect(catalog.lookups).toBe(4);
    expect(await index.create('acme', '2026-12', { title: 'x', closedAt: null })).toBe(false);
  });
});
