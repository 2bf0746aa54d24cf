import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import { mulberry32 } from '../../shared/random.ts';
import {
  closeOf,
  connectClient,
  openRawSocket,
  received,
  relaysForFile,
  synced,
  testToken,
  waitFor,
} from '../helpers/relay.ts';

const relay = relaysForFile();

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** The month `m` months after Jan 2027, as `YYYY-MM`. */
function monthAfter(m: number): string {
  return `${2027 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

/** A real update of some size, to cut short. */
function realUpdate(): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 0; i < 40; i++) doc.getMap('demand').set(`F${i}|2026-12`, i * 1000);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Every kind of malformed frame, `count` of them, deterministic for a seed. */
function malformedFrames(count: number, seed: number): Uint8Array[] {
  const next = mulberry32(seed);
  const bytes = (length: number) => Uint8Array.from({ length }, () => Math.floor(next() * 256));
  const update = realUpdate();
  const kinds: (() => Uint8Array)[] = [
    // Random bytes behind a sync or awareness type byte.
    () => Uint8Array.of(Math.floor(next() * 2), ...bytes(1 + Math.floor(next() * 64))),
    // Truncated varints.
    () => Uint8Array.of(0x80),
    () => Uint8Array.of(0, 0xff, 0xff),
    // A length past the end of the frame.
    () => Uint8Array.of(0, 2, 0xff, 0x7f, 1, 2, 3),
    () => Uint8Array.of(1, 0x90, 0x4e, 0),
    // Unknown message and sync types (2 is auth, which clients never send).
    () => Uint8Array.of(7, 0),
    () => Uint8Array.of(2, 0, 0),
    () => Uint8Array.of(0, 5, 0),
    // An update cut short, and garbage where an update should be.
    () =>
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(
          e,
          update.subarray(0, 5 + Math.floor(next() * (update.length - 10))),
        );
      }),
    () =>
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, Uint8Array.of(5, ...bytes(40)));
      }),
    // An awareness update whose state is not JSON.
    () =>
      frame((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(
          e,
          frame((inner) => {
            encoding.writeVarUint(inner, 1);
            encoding.writeVarUint(inner, 1234);
            encoding.writeVarUint(inner, 1);
            encoding.writeVarString(inner, '{"user": ');
          }),
        );
      }),
    // An empty frame, and a valid message with bytes after it.
    () => new Uint8Array(0),
    () => Uint8Array.of(3, 0),
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]());
}

describe('the relay survives hostile input', () => {
  it('closes each of 1,040 malformed frames’ connections with a 100x code, and keeps syncing others', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    const ana = connectClient(server.syncUrl, room);
    const ben = connectClient(server.syncUrl, room);
    await Promise.all([synced(ana), synced(ben)]);
    ana.doc.getMap('demand').set('before|2027-01', 1);
    await waitFor('the edit before', () => ben.doc.getMap('demand').get('before|2027-01') === 1);

    const frames = malformedFrames(1040, 7);
    const url = `${server.syncUrl}/${room}?token=${testToken('editor')}`;
    const codes = new Map<number, number>();
    for (let start = 0; start < frames.length; start += 40) {
      await Promise.all(
        frames.slice(start, start + 40).map(async (bad, offset) => {
          const socket = await openRawSocket(url);
          const closed = closeOf(socket);
          socket.send(bad);
          const { code } = await closed;
          codes.set(code, (codes.get(code) ?? 0) + 1);
          if (code !== 1002 && code !== 1007) {
            throw new Error(
              `frame ${start + offset} [${[...bad.subarray(0, 12)]}] closed with ${code}`,
            );
          }
        }),
      );
      // Meanwhile the real clients keep working.
      ana.doc.getMap('demand').set(`during-${start}|2027-01`, start);
    }
    expect([...codes.keys()].sort()).toEqual([1002, 1007]);

    ana.doc.getMap('demand').set('after|2027-01', 2);
    await waitFor('the edit after', () => ben.doc.getMap('demand').get('after|2027-01') === 2);
    expect(ben.doc.getMap('demand').get('during-1000|2027-01')).toBe(1000);
    expect(ana.closeCodes).toEqual([]);
    expect(ben.closeCodes).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // Nothing malformed reached the store: its log replays cleanly to the same document.
    const reader = new SqliteStorage(databaseFile(server.dataDir));
    try {
      const replay = new Y.Doc();
      for (const update of (await reader.load(room)).updates) Y.applyUpdate(replay, update);
      expect(replay.getMap('demand').size).toBe(ana.doc.getMap('demand').size);
      replay.destroy();
    } finally {
      await reader.close();
    }
  });

  it('closes only the socket that sends an oversize frame (1009)', async () => {
    const server = await relay({ settings: { maxFrameBytes: 64 * 1024 } });
    const room = 'acme/2026-12';
    const ana = connectClient(server.syncUrl, room);
    const ben = connectClient(server.syncUrl, room);
    await Promise.all([synced(ana), synced(ben)]);

    const socket = await openRawSocket(`${server.syncUrl}/${room}?token=${testToken('editor')}`);
    const closed = closeOf(socket);
    socket.send(new Uint8Array(100 * 1024));
    expect((await closed).code).toBe(1009);

    ana.doc.getMap('demand').set('after|2027-01', 1);
    await waitFor('the edit after', () => ben.doc.getMap('demand').get('after|2027-01') === 1);
    expect(ana.closeCodes).toEqual([]);
  });

  it('accepts a large import within the frame limit', async () => {
    const server = await relay({ settings: { maxFrameBytes: 4 * 1024 * 1024 } });
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await Promise.all([synced(ana), synced(ben)]);
    // One transaction of 36,000 cells: one update frame of a few hundred KB.
    ana.doc.transact(() => {
      const demand = ana.doc.getMap('demand');
      for (let f = 0; f < 1000; f++)
        for (let m = 0; m < 36; m++) demand.set(`F${f}|${monthAfter(m)}`, f * m);
    });
    await waitFor('the import at Ben', () => ben.doc.getMap('demand').size === 36_000);
  });

  it('closes a connection that exceeds the message rate with 1008', async () => {
    const server = await relay({ settings: { ratePerSecond: 5, rateBurst: 20 } });
    const room = 'acme/2026-12';
    const socket = await openRawSocket(`${server.syncUrl}/${room}?token=${testToken('editor')}`);
    const closed = closeOf(socket);
    // Valid messages (query awareness), just too many.
    for (let i = 0; i < 100; i++) socket.send(Uint8Array.of(3));
    expect((await closed).code).toBe(1008);

    const ana = connectClient(server.syncUrl, room);
    await synced(ana);
  });

  it('ignores text frames and still answers the binary protocol', async () => {
    const server = await relay();
    const socket = await openRawSocket(
      `${server.syncUrl}/acme/2026-12?token=${testToken('editor')}`,
    );
    socket.send('hello');
    socket.send(
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
      }),
    );
    // Sync step 1 from the relay, then its sync step 2 answering ours.
    await waitFor('the sync step 2', () =>
      received.get(socket)?.some((f) => f[0] === 0 && f[1] === 1),
    );
    expect(socket.readyState).toBe(socket.OPEN);
    socket.close();
    await closeOf(socket);
  });
});
