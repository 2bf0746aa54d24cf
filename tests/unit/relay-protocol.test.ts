import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAwarenessUpdate } from '../../server/sync/awareness-update.ts';
import {
  KEEPALIVE_FRAME,
  ProtocolError,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  readClientMessage,
} from '../../server/sync/protocol.ts';
import { TokenBucket } from '../../server/sync/rate-limit.ts';

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
