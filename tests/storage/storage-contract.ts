import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Storage } from '../../shared/protocol/storage.ts';

/** How a suite gets a store: `reopen` gives a new instance over the same data (if durable). */
export interface StorageFactory {
  open(): Promise<Storage>;
  /** Closes `storage` and opens the same data again; omitted for stores that keep nothing. */
  reopen?(storage: Storage): Promise<Storage>;
}

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function replay(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * The contract every {@link Storage} keeps (see storage.ts). Run it with a factory per
 * implementation: `runStorageContract('SqliteStorage', factory)`.
 */
export function runStorageContract(name: string, factory: StorageFactory): void {
  describe(`${name} keeps the storage contract`, () => {
    async function withStore(test: (storage: Storage) => Promise<Storage | void>): Promise<void> {
      const storage = await factory.open();
      let current: Storage = storage;
      try {
        current = (await test(storage)) ?? storage;
      } finally {
        await current.close();
      }
    }

    it('loads an unknown room as empty', () =>
      withStore(async (storage) => {
        expect(await storage.load('w/never')).toEqual({ updates: [], lastSeq: 0 });
      }));

    it('appends with sequence numbers 1, 2, 3 per room and loads in append order', () =>
      withStore(async (storage) => {
        expect(await storage.append('w/a', bytes(1))).toBe(1);
        expect(await storage.append('w/a', bytes(2, 2))).toBe(2);
        expect(await storage.append('w/b', bytes(9))).toBe(1);
        expect(await storage.append('w/a', bytes(3, 3, 3))).toBe(3);
        const a = await storage.load('w/a');
        expect(a.lastSeq).toBe(3);
        expect(a.updates.map((u) => [...u])).toEqual([[1], [2, 2], [3, 3, 3]]);
        expect((await storage.load('w/b')).updates.map((u) => [...u])).toEqual([[9]]);
      }));

    it('keeps a copy: changing the appended buffer afterwards changes nothing stored', () =>
      withStore(async (storage) => {
        const update = bytes(1, 2, 3);
        await storage.append('w/a', update);
        update[0] = 99;
        expect([...(await storage.load('w/a')).updates[0]]).toEqual([1, 2, 3]);
      }));

    it('stores empty and large updates byte for byte', () =>
      withStore(async (storage) => {
        const large = Uint8Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 31) & 255);
        await storage.append('w/a', new Uint8Array(0));
        await storage.append('w/a', large);
        const loaded = await storage.load('w/a');
        expect(loaded.updates[0].length).toBe(0);
        expect(Buffer.compare(Buffer.from(loaded.updates[1]), Buffer.from(large))).toBe(0);
      }));

    it('compacts: the snapshot replaces updates up to upToSeq, later updates stay after it', () =>
      withStore(async (storage) => {
        const doc = new Y.Doc();
        const updates: Uint8Array[] = [];
        doc.on('update', (update: Uint8Array) => updates.push(update));
        for (let i = 0; i < 6; i++) doc.getMap('m').set(`k${i}`, i);
        for (const update of updates) await storage.append('w/a', update);
        // Snapshot of the state after update 4; updates 5 and 6 arrive "during" compaction.
        const upTo = replay(updates.slice(0, 4));
        await storage.compact('w/a', Y.encodeStateAsUpdate(upTo), 4);
        const loaded = await storage.load('w/a');
        expect(loaded.updates).toHaveLength(3);
        expect(loaded.lastSeq).toBe(6);
        expect(replay(loaded.updates).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
        // Numbering continues above every number given before.
        expect(await storage.append('w/a', updates[0])).toBe(7);
        // A second compaction replaces the first snapshot.
        await storage.compact('w/a', Y.encodeStateAsUpdate(doc), 7);
        const again = await storage.load('w/a');
        expect(again.updates).toHaveLength(1);
        expect(again.lastSeq).toBe(7);
        expect(replay(again.updates).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON());
      }));

    it('numbers appends after a compaction of everything above the snapshot', () =>
      withStore(async (storage) => {
        await storage.append('w/a', bytes(1));
        await storage.append('w/a', bytes(2));
        await storage.compact('w/a', bytes(0, 0), 2);
        expect(await storage.load('w/a')).toEqual({ updates: [bytes(0, 0)], lastSeq: 2 });
        expect(await storage.append('w/a', bytes(3))).toBe(3);
        // Compaction of one room leaves the others alone.
        await storage.append('w/b', bytes(4));
        expect((await storage.load('w/b')).updates).toEqual([bytes(4)]);
      }));

    it('never lets an older snapshot replace a newer one (two writers compacting at once)', () =>
      withStore(async (storage) => {
        for (let i = 1; i <= 4; i++) await storage.append('w/a', bytes(i));
        await storage.compact('w/a', bytes(9, 3), 3);
        // A writer that loaded the log earlier compacts up to 2: it must change nothing.
        await storage.compact('w/a', bytes(9, 2), 2);
        expect(await storage.load('w/a')).toEqual({ updates: [bytes(9, 3), bytes(4)], lastSeq: 4 });
        expect(await storage.append('w/a', bytes(5))).toBe(5);
      }));

    it('lists the rooms that hold anything under a prefix, sorted', () =>
      withStore(async (storage) => {
        expect(await storage.rooms('acme/')).toEqual([]);
        await storage.append('acme/2026-12', bytes(1));
        await storage.append('acme/2026-10', bytes(1));
        await storage.append('acme/2026-10', bytes(2));
        // A room that only holds a snapshot holds something too.
        await storage.compact('acme/2027-01', bytes(7), 0);
        await storage.append('acme-west/2026-12', bytes(1));
        await storage.append('acm/2026-12', bytes(1));
        // A prefix is text, not a pattern: `%` and `_` match only themselves.
        await storage.append('a%c_/x', bytes(1));
        // A room compacted into its snapshot still holds its content.
        await storage.compact('acme/2026-10', bytes(8), 2);
        expect(await storage.rooms('acme/')).toEqual([
          'acme/2026-10',
          'acme/2026-12',
          'acme/2027-01',
        ]);
        expect(await storage.rooms('acme')).toEqual([
          'acme-west/2026-12',
          'acme/2026-10',
          'acme/2026-12',
          'acme/2027-01',
        ]);
        expect(await storage.rooms('a%c_/')).toEqual(['a%c_/x']);
        expect(await storage.rooms('a%')).toEqual(['a%c_/x']);
        expect(await storage.rooms('globex/')).toEqual([]);
        expect(await storage.rooms('')).toEqual([
          'a%c_/x',
          'acm/2026-12',
          'acme-west/2026-12',
          'acme/2026-10',
          'acme/2026-12',
          'acme/2027-01',
        ]);
        // Loading a room nobody wrote does not make it exist.
        await storage.load('acme/1999-01');
        expect(await storage.rooms('acme/1')).toEqual([]);
      }));

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps appends and snapshots across a reopen', () =>
        withStore(async (storage) => {
          await storage.append('w/a', bytes(1));
          await storage.append('w/a', bytes(2));
          await storage.compact('w/a', bytes(7, 7), 1);
          await storage.append('w/a', bytes(3));
          const reopened = await reopen(storage);
          expect(await reopened.load('w/a')).toEqual({
            updates: [bytes(7, 7), bytes(2), bytes(3)],
            lastSeq: 3,
          });
          expect(await reopened.append('w/a', bytes(4))).toBe(4);
          expect(await reopened.rooms('w/')).toEqual(['w/a']);
          return reopened;
        }));
    }
  });
}
