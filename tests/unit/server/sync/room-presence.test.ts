import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  readAwarenessUpdate,
  writeAwarenessUpdate,
  type AwarenessEntry,
} from '../../../../server/sync/awareness-update.ts';
import type { Peer } from '../../../../server/sync/peer.ts';
import { PRESENCE_LIMITS } from '../../../../server/sync/presence-stamp.ts';
import { RoomAwareness } from '../../../../server/sync/room-awareness.ts';
import type { Actor } from '../../../../shared/policy/roles.ts';

/** A peer that keeps the awareness entries it was sent. */
class FakePeer implements Peer {
  readonly sent: Uint8Array[] = [];
  constructor(
    readonly id: string,
    readonly actor: Actor,
  ) {}
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  close(): void {}
  /** Every awareness entry it was sent, in order. */
  entries(): AwarenessEntry[] {
    return this.sent.flatMap((frame) => {
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== 1) return [];
      return readAwarenessUpdate(decoding.readVarUint8Array(decoder), Infinity);
    });
  }
  /** The last state it was sent for `clientId` (null: removed; undefined: never heard of). */
  stateOf(clientId: number): unknown {
    return this.entries()
      .filter((entry) => entry.clientId === clientId)
      .at(-1)?.state;
  }
}

const ana: Actor = { name: 'Ana Editor', role: 'editor', functions: ['sales'] };
const vera: Actor = { name: 'Vera Viewer', role: 'viewer', functions: [] };
const fran: Actor = { name: 'Fran Facilitator', role: 'facilitator', functions: [] };

const made: RoomAwareness[] = [];
afterEach(() => {
  for (const awareness of made.splice(0)) awareness.destroy();
});

/** A room's awareness with its published updates kept. */
function roomAwareness() {
  const published: Uint8Array[] = [];
  const awareness = new RoomAwareness(new Y.Doc(), (update) => published.push(update));
  made.push(awareness);
  return { awareness, published };
}

function update(clientId: number, clock: number, state: unknown): Uint8Array {
  return writeAwarenessUpdate([{ clientId, clock, state }]);
}

describe('presence in a room, with the relay as its authority', () => {
  it('forwards a state stamped with the sender’s invite, to peers and other processes', () => {
    const { awareness, published } = roomAwareness();
    const viewer = new FakePeer('vera', vera);
    const other = new FakePeer('ana', ana);
    awareness.add(viewer);
    awareness.add(other);
    const refused = awareness.apply(
      viewer,
      update(7, 1, { user: { name: 'Fran Facilitator', role: 'facilitator' }, view: 'meeting' }),
    );
    expect(refused).toBe(0);
    const stamped = {
      user: { name: 'Vera Viewer', role: 'viewer', functions: [] },
      view: 'meeting',
    };
    expect(other.stateOf(7)).toEqual(stamped);
    expect(viewer.sent).toEqual([]);
    expect(published.flatMap((bytes) => readAwarenessUpdate(bytes))).toMatchObject([
      { clientId: 7, clock: 1, state: stamped },
    ]);
  });

  it('refuses a state or removal for a client id another person’s connection owns', () => {
    const { awareness } = roomAwareness();
    const owner = new FakePeer('ana', ana);
    const intruder = new FakePeer('vera', vera);
    const watcher = new FakePeer('fran', fran);
    for (const peer of [owner, intruder, watcher]) awareness.add(peer);
    awareness.apply(owner, update(7, 1, { view: 'plan' }));

    expect(awareness.apply(intruder, update(7, 50, { view: 'gaps' }))).toBe(1);
    expect(awareness.apply(intruder, update(7, 51, null))).toBe(1);
    expect(watcher.stateOf(7)).toEqual({
      user: { name: 'Ana Editor', role: 'editor', functions: ['sales'] },
      view: 'plan',
    });
    // The owner's next state, at a clock past the refused ones' or not, still counts.
    expect(awareness.apply(owner, update(7, 2, { view: 'risks' }))).toBe(0);
    expect(watcher.stateOf(7)).toMatchObject({ view: 'risks' });
    // And the intruder's leaving takes nothing of Ana's with it.
    awareness.remove(intruder);
    expect(watcher.stateOf(7)).toMatchObject({ view: 'risks' });
    awareness.apply(owner, update(7, 3, null));
    expect(watcher.stateOf(7)).toBeNull();
  });

  it('takes an echo of a known state as nothing, and lets the same person’s new socket take over', () => {
    const { awareness } = roomAwareness();
    const old = new FakePeer('ana-old', ana);
    const watcher = new FakePeer('vera', vera);
    awareness.add(old);
    awareness.add(watcher);
    awareness.apply(old, update(7, 4, { view: 'plan' }));
    // A page echoes states it learns, with their clock: not a refusal, not a change.
    expect(awareness.apply(watcher, update(7, 4, { view: 'plan' }))).toBe(0);
    const fresh = new FakePeer('ana-new', ana);
    awareness.add(fresh);
    expect(awareness.apply(fresh, update(7, 5, { view: 'meeting' }))).toBe(0);
    awareness.remove(old);
    expect(watcher.stateOf(7)).toMatchObject({ view: 'meeting' });
    awareness.remove(fresh);
    expect(watcher.stateOf(7)).toBeNull();
  });

  it('lets one connection hold at most a few client ids', () => {
    const { awareness } = roomAwareness();
    const flood = new FakePeer('vera', vera);
    const watcher = new FakePeer('ana', ana);
    awareness.add(flood);
    awareness.add(watcher);
    const ids = Array.from({ length: 50 }, (_, i) => 100 + i);
    const refused = awareness.apply(
      flood,
      writeAwarenessUpdate(ids.map((clientId) => ({ clientId, clock: 1, state: {} }))),
    );
    expect(refused).toBe(50 - PRESENCE_LIMITS.maxClientIds);
    const seen = new Set(watcher.entries().map((entry) => entry.clientId));
    expect([...seen]).toEqual(ids.slice(0, PRESENCE_LIMITS.maxClientIds));
    // Still full in a later frame; an id it gives up frees a place.
    expect(awareness.apply(flood, update(999, 1, {}))).toBe(1);
    awareness.apply(flood, update(100, 2, null));
    expect(awareness.apply(flood, update(999, 2, {}))).toBe(0);
  });

  it('refuses an oversize state without forwarding any of it', () => {
    const { awareness, published } = roomAwareness();
    const sender = new FakePeer('vera', vera);
    const watcher = new FakePeer('ana', ana);
    awareness.add(sender);
    awareness.add(watcher);
    const people = Array.from({ length: 2000 }, (_, i) => ({ name: `Fake ${i}` }));
    expect(awareness.apply(sender, update(7, 1, { view: 'plan', people }))).toBe(1);
    expect(watcher.sent).toEqual([]);
    expect(published).toEqual([]);
    expect(awareness.hasStates).toBe(false);
  });

  it('refuses a state for a client id another relay process holds for someone else', () => {
    const { awareness } = roomAwareness();
    const here = new FakePeer('vera', vera);
    const sameAsRemote = new FakePeer('ana-here', ana);
    awareness.add(here);
    awareness.add(sameAsRemote);
    // Ana's state, stamped by the process she is connected to.
    awareness.applyRemote(
      update(7, 3, { user: { name: 'Ana Editor', role: 'editor', functions: ['sales'] } }),
    );
    expect(awareness.apply(here, update(7, 9, { view: 'plan' }))).toBe(1);
    // Ana herself, reconnected to this process, takes it over.
    expect(awareness.apply(sameAsRemote, update(7, 4, { view: 'plan' }))).toBe(0);
    expect(here.stateOf(7)).toMatchObject({ user: { name: 'Ana Editor' }, view: 'plan' });
  });
});
