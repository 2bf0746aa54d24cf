import * as bc from 'lib0/broadcastchannel';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DrawFirstProvider } from '../../../../client/src/sync/draw-first-provider.ts';

const ROOM = 'acme/2026-12';
const providers: DrawFirstProvider[] = [];
const stops: (() => void)[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const stop of stops.splice(0)) stop();
});

/** A tab's provider, offline (only the other tabs reach it), not yet joined. */
function tab(doc: Y.Doc): DrawFirstProvider {
  const provider = new DrawFirstProvider('ws://127.0.0.1:9', ROOM, doc, {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  providers.push(provider);
  provider.disableBc = false;
  return provider;
}

/** Every message the tabs send each other on the room's channel, in order. */
function listen(channel: string): Uint8Array[] {
  const heard: Uint8Array[] = [];
  const hear = (data: ArrayBuffer) => heard.push(new Uint8Array(data));
  bc.subscribe(channel, hear);
  stops.push(() => bc.unsubscribe(channel, hear));
  return heard;
}

describe('tabs of one browser joining each other on a cycle', () => {
  it('exchange only what each lacks, in both directions', () => {
    // Both tabs hold the same large cycle; each made one change the other lacks.
    const shared = new Y.Doc();
    const rows = shared.getMap('rows');
    for (let i = 0; i < 500; i++)
      rows.set(
        `F${i}`,
        Array.from({ length: 36 }, (_, m) => i + m),
      );
    const whole = Y.encodeStateAsUpdate(shared);
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, whole);
    Y.applyUpdate(b, whole);
    a.getMap('meeting').set('currentItem', 'item-2');
    b.getMap('meeting').set('note', 'typed in the new tab');

    const first = tab(a);
    first.connectBc();
    const heard = listen(first.bcChannel);
    tab(b).connectBc();

    expect(b.getMap('meeting').get('currentItem')).toBe('item-2');
    expect(a.getMap('meeting').get('note')).toBe('typed in the new tab');
    const sent = heard.reduce((bytes, message) => bytes + message.length, 0);
    // The whole cycle never travels: a tenth of it would already be too much.
    expect(sent).toBeLessThan(whole.length / 10);
  });

  it('brings a new tab the whole cycle when it holds none of it, and edits flow after', () => {
    const a = new Y.Doc();
    a.getMap('rows').set('F1', [1, 2, 3]);
    tab(a).connectBc();
    const b = new Y.Doc();
    tab(b).connectBc();
    expect(b.getMap('rows').get('F1')).toEqual([1, 2, 3]);

    b.getMap('rows').set('F2', [4]);
    return new Promise<void>((resolve) =>
      // Changes leave a microtask after their transaction (DrawFirstProvider).
      queueMicrotask(() => {
        expect(a.getMap('rows').get('F2')).toEqual([4]);
        resolve();
      }),
    );
  });
});
