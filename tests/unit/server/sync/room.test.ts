import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../../../../server/log.ts';
import { MemoryStorage } from '../../../../server/storage/memory-storage.ts';
import type { Storage } from '../../../../server/storage/storage.ts';
import { readAwarenessUpdate } from '../../../../server/sync/awareness-update.ts';
import {
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncUpdate,
} from '../../../../server/sync/protocol.ts';
import { RoomRegistry } from '../../../../server/sync/room-registry.ts';
import { Room, type Peer } from '../../../../server/sync/room.ts';
import { markPrereadRead } from '../../../../shared/doc/index.ts';
import type { Actor } from '../../../../shared/policy/roles.ts';

/** A peer that records what the room sends it and how it was closed. */
class FakePeer implements Peer {
  readonly sent: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  constructor(
    readonly id: string,
    readonly actor: Actor = { name: 'Ana', role: 'editor', functions: [] },
  ) {}
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
  /** The document updates (sync step 2 and update messages) it was sent. */
  updates(): Uint8Array[] {
    return this.sent.flatMap((frame) => {
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== 0) return [];
      return decoding.readVarUint(decoder) === 0 ? [] : [decoding.readVarUint8Array(decoder)];
    });
  }
}

/** Lets a test hold loads and appends until it says so, or make them fail. */
class GatedStorage implements Storage {
  inner = new MemoryStorage();
  gate: Promise<void> = Promise.resolve();
  failAppends = false;
  load(room: string) {
    return this.gate.then(() => this.inner.load(room));
  }
  async append(room: string, update: Uint8Array) {
    await this.gate;
    if (this.failAppends) throw new Error('disk full');
    return this.inner.append(room, update);
  }
  compact(room: string, snapshot: Uint8Array, upToSeq: number) {
    return this.inner.compact(room, snapshot, upToSeq);
  }
  rooms(prefix: string) {
    return this.inner.rooms(prefix);
  }
  close() {
    return this.inner.close();
  }
}

const rooms: Room[] = [];
function room(storage: Storage, compactEvery = 500): Room {
  const created = new Room('acme/2026-12', {
    storage,
    logger: silentLogger,
    compactEvery,
    onEmpty: () => {},
  });
  rooms.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.close()));
});

function edit(write: (doc: Y.Doc) => void, doc = new Y.Doc()): Uint8Array {
  const before = Y.encodeStateVector(doc);
  write(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

/** Sets demand for family `family` in Jan 2027: a cell every planner may write. */
function setDemand(family: string, value: number): (doc: Y.Doc) => void {
  return (doc) => doc.getMap('demand').set(`${family}|2027-01`, value);
}

/** The demand cells of a document, as JSON. */
function demandOf(doc: Y.Doc): unknown {
  return doc.getMap('demand').toJSON();
}

function replay(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

async function settle(target: Room): Promise<void> {
  await target.read(() => undefined);
}

describe('a room', () => {
  it('holds frames that arrive while it loads, then handles them in order', async () => {
    const storage = new GatedStorage();
    await storage.inner.append('acme/2026-12', edit(setDemand('stored', 1)));
    let open!: () => void;
    storage.gate = new Promise((resolve) => (open = resolve));
    const target = room(storage);
    const ana = new FakePeer('ana');
    const ben = new FakePeer('ben');
    target.join(ana);
    target.join(ben);
    target.receive(ana, encodeSyncUpdate(edit(setDemand('new', 2))));
    target.receive(ben, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ana.sent).toEqual([]);
    expect(ben.sent).toEqual([]);

    open();
    await settle(target);
    // Ben's answer (sync step 2) was computed after Ana's update: it holds both values.
    const both = { 'stored|2027-01': 1, 'new|2027-01': 2 };
    expect(demandOf(replay(ben.updates()))).toEqual(both);
    expect(demandOf(replay((await storage.inner.load('acme/2026-12')).updates))).toEqual(both);
  });

  it('stores an update before broadcasting it, and broadcasts nothing a failed append lost', async () => {
    const storage = new GatedStorage();
    const target = room(storage);
    const ana = new FakePeer('ana');
    const ben = new FakePeer('ben');
    target.join(ana);
    target.join(ben);
    await settle(target);

    let open!: () => void;
    storage.gate = new Promise((resolve) => (open = resolve));
    target.receive(ana, encodeSyncUpdate(edit(setDemand('a', 1))));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ben.updates()).toEqual([]);
    open();
    await settle(target);
    expect(demandOf(replay(ben.updates()))).toEqual({ 'a|2027-01': 1 });

    storage.failAppends = true;
    const writer = new Y.Doc();
    target.receive(ana, encodeSyncUpdate(edit(setDemand('b', 2), writer)));
    await settle(target);
    expect(ana.closed?.code).toBe(1011);
    expect(demandOf(replay(ben.updates()))).toEqual({ 'a|2027-01': 1 });
    // The room's document was rebuilt from storage: a new peer does not get the lost edit.
    const cleo = new FakePeer('cleo');
    target.join(cleo);
    target.receive(cleo, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await settle(target);
    expect(demandOf(replay(cleo.updates()))).toEqual({ 'a|2027-01': 1 });
  });

  it('refuses a viewer’s plan edit with the reason, and still takes their pre-read read', async () => {
    const storage = new MemoryStorage();
    // The facilitator published the pre-read earlier.
    const published = edit((doc) =>
      doc.getMap('preread').set('publishedAt', '2026-12-01T09:00:00.000Z'),
    );
    await storage.append('acme/2026-12', published);
    const target = room(storage);
    const vera: Actor = { name: 'Vera', role: 'viewer', functions: [] };
    const viewer = new FakePeer('viewer', vera);
    const editor = new FakePeer('editor');
    target.join(viewer);
    target.join(editor);
    target.receive(viewer, encodeSyncUpdate(edit(setDemand('F1', 5))));
    await settle(target);
    expect(viewer.closed?.code).toBe(4403);
    expect(viewer.closed?.reason).toContain('Only the facilitator and editors change the plan.');
    expect((await storage.load('acme/2026-12')).lastSeq).toBe(1);
    expect(editor.updates()).toEqual([]);

    // On a new connection, the same viewer marks the published pre-read read.
    const reader = new FakePeer('viewer-again', vera);
    target.join(reader);
    const page = replay([published]);
    const read = edit((doc) => markPrereadRead(doc, 'Vera', '2026-12-02T09:00:00.000Z'), page);
    target.receive(reader, encodeSyncUpdate(read));
    await settle(target);
    expect(reader.closed).toBeNull();
    const stored = replay((await storage.load('acme/2026-12')).updates);
    expect(stored.getMap('prereadReads').toJSON()).toEqual({
      Vera: { at: '2026-12-02T09:00:00.000Z', publishedAt: '2026-12-01T09:00:00.000Z' },
    });
    expect(demandOf(stored)).toEqual({});
  });

  it('refuses undecodable updates without storing anything', async () => {
    const storage = new MemoryStorage();
    const target = room(storage);
    const editor = new FakePeer('editor');
    target.join(editor);
    const good = edit((doc) => {
      for (let i = 0; i < 10; i++) setDemand(`F${i}`, i * 100)(doc);
    });
    target.receive(editor, encodeSyncUpdate(good.subarray(0, good.length - 4)));
    await settle(target);
    expect(editor.closed?.code).toBe(1007);
    expect(await storage.load('acme/2026-12')).toEqual({ updates: [], lastSeq: 0 });
    // A refused peer's later frames are ignored, even valid ones.
    target.receive(editor, encodeSyncUpdate(good));
    await settle(target);
    expect(await storage.load('acme/2026-12')).toEqual({ updates: [], lastSeq: 0 });
  });

  it('stores only what changed the document: a duplicate update is neither stored nor sent', async () => {
    const storage = new MemoryStorage();
    const target = room(storage);
    const ana = new FakePeer('ana');
    const ben = new FakePeer('ben');
    target.join(ana);
    target.join(ben);
    const update = edit(setDemand('a', 1));
    target.receive(ana, encodeSyncUpdate(update));
    target.receive(ana, encodeSyncUpdate(update));
    await settle(target);
    expect((await storage.load('acme/2026-12')).lastSeq).toBe(1);
    expect(ben.updates().filter((u) => u.length > 2)).toHaveLength(1);
  });

  it('compacts its log into a snapshot after N updates, and the snapshot replays', async () => {
    const storage = new MemoryStorage();
    const target = room(storage, 10);
    const ana = new FakePeer('ana');
    target.join(ana);
    const writer = new Y.Doc();
    for (let i = 0; i < 25; i++) {
      target.receive(ana, encodeSyncUpdate(edit(setDemand(`k${i}`, i), writer)));
    }
    await settle(target);
    const stored = await storage.load('acme/2026-12');
    expect(stored.lastSeq).toBe(25);
    // A snapshot at 20 and the 5 updates after it.
    expect(stored.updates).toHaveLength(6);
    expect(demandOf(replay(stored.updates))).toEqual(demandOf(writer));
  });
});

describe('awareness in a room', () => {
  function presence(clientId: number, clock: number, state: unknown): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
    return encodeAwareness(encoding.toUint8Array(encoder));
  }

  /** Awareness frames a peer was sent, decoded. */
  function presences(peer: FakePeer) {
    return peer.sent.flatMap((frame) => {
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== 1) return [];
      return readAwarenessUpdate(decoding.readVarUint8Array(decoder));
    });
  }

  it('removes a leaving connection’s states, but not those a newer connection took over', async () => {
    const target = room(new MemoryStorage());
    const old = new FakePeer('ana-old');
    const ben = new FakePeer('ben');
    target.join(old);
    target.join(ben);
    target.receive(old, presence(42, 1, { name: 'Ana' }));
    target.receive(old, presence(43, 1, { name: 'Ana, second tab' }));
    await settle(target);
    expect(presences(ben).map((entry) => entry.clientId)).toEqual([42, 43]);

    // Ben's client echoes what it learns: that must not make Ben the owner.
    target.receive(ben, presence(42, 1, { name: 'Ana' }));
    // Ana reconnects on a new socket and renews her state before the old socket closes.
    const fresh = new FakePeer('ana-new');
    target.join(fresh);
    target.receive(fresh, presence(42, 2, { name: 'Ana' }));
    target.leave(old);
    await settle(target);
    const removals = presences(ben).filter((entry) => entry.state === null);
    expect(removals.map((entry) => entry.clientId)).toEqual([43]);

    target.leave(fresh);
    await settle(target);
    const after = presences(ben).filter((entry) => entry.state === null);
    expect(after.map((entry) => entry.clientId)).toEqual([43, 42]);
  });
});

describe('a room whose storage fails to load', () => {
  it('closes its peers with 1011 and is loaded afresh by the next peer', async () => {
    const storage = new GatedStorage();
    let fail = true;
    const registry = new RoomRegistry({
      storage: {
        load: (room) => (fail ? Promise.reject(new Error('disk gone')) : storage.load(room)),
        append: (room, update) => storage.append(room, update),
        compact: (room, snapshot, upTo) => storage.compact(room, snapshot, upTo),
        rooms: (prefix) => storage.rooms(prefix),
        close: () => storage.close(),
      },
      logger: silentLogger,
      compactEvery: 500,
      unloadDelayMs: 1000,
    });
    const first = registry.get('acme/2026-12');
    const ana = new FakePeer('ana');
    first.join(ana);
    await expect(first.read(() => 1)).rejects.toThrow('disk gone');
    expect(ana.closed?.code).toBe(1011);
    expect(registry.has('acme/2026-12')).toBe(false);

    fail = false;
    const second = registry.get('acme/2026-12');
    expect(second).not.toBe(first);
    expect(await second.read(() => 'loaded')).toBe('loaded');
    await registry.close();
  });
});

describe('the room registry', () => {
  it('unloads an idle room after the delay, writing a snapshot, and loads it afresh', async () => {
    const storage = new MemoryStorage();
    const registry = new RoomRegistry({
      storage,
      logger: silentLogger,
      compactEvery: 500,
      unloadDelayMs: 20,
    });
    const first = registry.get('acme/2026-12');
    const ana = new FakePeer('ana');
    first.join(ana);
    first.receive(ana, encodeSyncUpdate(edit(setDemand('a', 1))));
    first.receive(ana, encodeSyncUpdate(edit(setDemand('b', 2))));
    first.leave(ana);
    const deadline = Date.now() + 5000;
    while (registry.has('acme/2026-12') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(registry.has('acme/2026-12')).toBe(false);
    await first.close();
    expect((await storage.load('acme/2026-12')).updates).toHaveLength(1);

    const second = registry.get('acme/2026-12');
    expect(second).not.toBe(first);
    expect(await second.read(demandOf)).toEqual({ 'a|2027-01': 1, 'b|2027-01': 2 });
    await registry.close();
  });
});
