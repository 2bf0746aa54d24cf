import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../../../../server/log.ts';
import { MemoryStorage } from '../../../../server/storage/memory-storage.ts';
import { CLOSE, encodeSyncUpdate } from '../../../../server/sync/protocol.ts';
import { Room, type Peer } from '../../../../server/sync/room.ts';
import { MESSAGE_PING, PING_FRAME, isPing } from '../../../../shared/protocol/messages.ts';

/** A connection as the room sees it: what it was sent and how it was closed. */
class RecordingPeer implements Peer {
  readonly sent: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  readonly actor = { name: 'Ana', role: 'editor', functions: [] } as const;
  constructor(readonly id: string) {}
  send(frame: Uint8Array): void {
    this.sent.push(frame);
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
}

/** Storage whose loads wait until the test opens the gate: a room still loading. */
class SlowStorage extends MemoryStorage {
  gate: Promise<void> = Promise.resolve();
  override async load(room: string) {
    await this.gate;
    return super.load(room);
  }
}

const rooms: Room[] = [];
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.close()));
});

function openRoom(storage = new MemoryStorage()): Room {
  const room = new Room('acme/2026-12', {
    storage,
    logger: silentLogger,
    compactEvery: 500,
    onEmpty: () => {},
  });
  rooms.push(room);
  return room;
}

function drained(room: Room): Promise<unknown> {
  return room.read(() => null);
}

describe('the liveness ping', () => {
  it('is the one byte 101, and nothing longer or different is one', () => {
    expect(PING_FRAME).toEqual(Uint8Array.of(MESSAGE_PING));
    expect(MESSAGE_PING).toBe(101);
    expect(isPing(Uint8Array.of(101))).toBe(true);
    expect(isPing(Uint8Array.of(101, 0))).toBe(false);
    expect(isPing(Uint8Array.of(100))).toBe(false);
    expect(isPing(new Uint8Array(0))).toBe(false);
  });

  it('is answered at once, even while the room is still busy with frames before it', async () => {
    const storage = new SlowStorage();
    let open!: () => void;
    storage.gate = new Promise((resolve) => (open = resolve));
    const room = openRoom(storage);
    const ana = new RecordingPeer('ana');
    room.join(ana);
    const edit = new Y.Doc();
    edit.getMap('demand').set('F1|2027-01', 1);
    room.receive(ana, encodeSyncUpdate(Y.encodeStateAsUpdate(edit)));
    room.receive(ana, PING_FRAME);
    // The load holds the update and the sync step 1; the answer to the ping is already out.
    expect(ana.sent).toEqual([PING_FRAME]);

    open();
    await drained(room);
    // The frames behind the gate were handled as usual afterwards.
    expect(ana.sent.length).toBeGreaterThan(1);
    expect(await room.read((doc) => doc.getMap('demand').toJSON())).toEqual({ 'F1|2027-01': 1 });
    expect(ana.closed).toBeNull();
  });

  it('is not answered for a connection that left or was refused, and a longer frame is refused', async () => {
    const room = openRoom();
    const ana = new RecordingPeer('ana');
    const ben = new RecordingPeer('ben');
    room.join(ana);
    room.join(ben);
    await drained(room);
    ana.sent.length = 0;
    room.receive(ana, Uint8Array.of(MESSAGE_PING, 7));
    await drained(room);
    expect(ana.closed?.code).toBe(CLOSE.protocolError);
    expect(ana.closed?.reason).toMatch(/message type 101/);
    room.receive(ana, PING_FRAME);
    expect(ana.sent).toEqual([]);

    room.leave(ben);
    await drained(room);
    ben.sent.length = 0;
    room.receive(ben, PING_FRAME);
    expect(ben.sent).toEqual([]);

    const cleo = new RecordingPeer('cleo');
    room.join(cleo);
    room.receive(cleo, PING_FRAME);
    expect(cleo.sent).toContainEqual(PING_FRAME);
  });
});
