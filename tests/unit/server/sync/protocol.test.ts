import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../../../../server/log.ts';
import { MemoryStorage } from '../../../../server/storage/memory-storage.ts';
import { readAwarenessUpdate } from '../../../../server/sync/awareness-update.ts';
import {
  KEEPALIVE_FRAME,
  ProtocolError,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  readClientMessage,
} from '../../../../server/sync/protocol.ts';
import { TokenBucket } from '../../../../server/sync/rate-limit.ts';
import { Room, type Peer } from '../../../../server/sync/room.ts';
import {
  MESSAGE_STATE_VECTOR,
  encodeStateVectorQuery,
  encodeStateVectorReply,
  readStateVectorReply,
} from '../../../../shared/protocol/messages.ts';

describe('reading client frames', () => {
  it('reads every message a y-websocket client sends', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const update = Y.encodeStateAsUpdate(doc);
    const vector = Y.encodeStateVector(doc);
    expect(readClientMessage(encodeSyncStep1(vector))).toEqual({
      type: 'sync-step-1',
      stateVector: vector,
    });
    expect(readClientMessage(encodeSyncStep2(update))).toEqual({ type: 'sync-step-2', update });
    expect(readClientMessage(encodeSyncUpdate(update))).toEqual({ type: 'update', update });
    expect(readClientMessage(KEEPALIVE_FRAME)).toEqual({
      type: 'awareness',
      update: Uint8Array.of(0),
    });
    expect(readClientMessage(Uint8Array.of(3))).toEqual({ type: 'query-awareness' });
    doc.destroy();
  });

  it('refuses empty, truncated, overlong, unknown and trailing-byte frames', () => {
    for (const frame of [
      [],
      [0x80],
      [0],
      [0, 2],
      [0, 2, 5, 1, 2],
      [0, 2, 0xff, 0xff, 0xff, 0xff, 0x7f],
      [4],
      [2, 0, 0],
      [0, 3, 0],
      [3, 3],
      [1, 1, 0, 0],
    ]) {
      expect(() => readClientMessage(Uint8Array.from(frame)), `[${frame}]`).toThrow(ProtocolError);
    }
  });

  it('decodes awareness updates completely, refusing bad JSON and lying counts', () => {
    expect(readAwarenessUpdate(Uint8Array.of(0))).toEqual([]);
    expect(() => readAwarenessUpdate(Uint8Array.of(100, 1, 1))).toThrow();
    const badJson = Uint8Array.of(1, 5, 1, 2, 0x7b, 0x7b);
    expect(() => readAwarenessUpdate(badJson)).toThrow();
    expect(() => readAwarenessUpdate(Uint8Array.of(0, 9))).toThrow(/trailing/);
    expect(encodeAwareness(Uint8Array.of(0))).toEqual(KEEPALIVE_FRAME);
  });
});

describe('the state-vector query (type 100)', () => {
  it('reads a query, and still refuses other unknown types and a query with bytes after it', () => {
    expect([...encodeStateVectorQuery()]).toEqual([MESSAGE_STATE_VECTOR]);
    expect(readClientMessage(encodeStateVectorQuery())).toEqual({ type: 'state-vector-query' });
    for (const frame of [[100, 0], [100, 1, 0], [99], [101], [0x64 | 0x80]]) {
      expect(() => readClientMessage(Uint8Array.from(frame)), `[${frame}]`).toThrow(ProtocolError);
    }
  });

  it('carries a state vector in the reply and refuses anything else as one', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const vector = Y.encodeStateVector(doc);
    const reply = encodeStateVectorReply(vector);
    expect(reply[0]).toBe(100);
    expect(readStateVectorReply(reply)).toEqual(vector);
    expect(readStateVectorReply(encodeStateVectorReply(Uint8Array.of(0)))).toEqual(
      Uint8Array.of(0),
    );
    expect(() => readStateVectorReply(encodeSyncStep1(vector))).toThrow(
      /^Not a state-vector reply: message type 0/,
    );
    expect(() => readStateVectorReply(reply.subarray(0, reply.length - 1))).toThrow(
      /runs past the end/,
    );
    expect(() => readStateVectorReply(Uint8Array.from([...reply, 7]))).toThrow(/1 trailing bytes/);
    expect(() => readStateVectorReply(new Uint8Array(0))).toThrow(/^Not a state-vector reply/);
    doc.destroy();
  });

  it('is answered by the room only once the updates the peer sent before it are stored', async () => {
    // An append that takes a while: the reply must still come after it.
    const storage = new MemoryStorage();
    const append = storage.append.bind(storage);
    storage.append = async (room, update) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return append(room, update);
    };
    const sent: Uint8Array[] = [];
    const peer: Peer = {
      id: 'ana',
      actor: { name: 'Ana', role: 'editor', functions: [] },
      send: (frame) => sent.push(frame),
      close() {},
    };
    const room = new Room('acme/2026-12', {
      storage,
      logger: silentLogger,
      compactEvery: 500,
      onEmpty() {},
    });
    room.join(peer);
    const doc = new Y.Doc();
    doc.getMap('demand').set('F1|2026-12', 5);
    room.receive(peer, encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
    room.receive(peer, encodeStateVectorQuery());
    const deadline = Date.now() + 5000;
    while (!sent.some((frame) => frame[0] === 100) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const reply = sent.find((frame) => frame[0] === 100);
    expect(reply).toBeDefined();
    expect(readStateVectorReply(reply!)).toEqual(Y.encodeStateVector(doc));
    expect((await storage.load('acme/2026-12')).lastSeq).toBe(1);
    await room.close();
    doc.destroy();
  });
});

describe('the per-connection rate limit', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    const takes = () => Array.from({ length: 8 }, () => bucket.take()).filter(Boolean).length;
    expect(takes()).toBe(5);
    now += 300; // 3 tokens refilled
    expect(takes()).toBe(3);
    now += 10_000; // never more than the burst
    expect(takes()).toBe(5);
  });
});
