import * as Y from 'yjs';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { DrawFirstProvider } from '../../client/src/sync/draw-first-provider.ts';
import { connectClient, relaysForFile, synced, testToken, waitFor } from '../helpers/relay.ts';

const relay = relaysForFile();
const ROOM = 'acme/2026-12';
const providers: DrawFirstProvider[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});

describe('the provider that sends a change once the page has reacted to it', () => {
  it('sends each change a microtask after its transaction, in order, to the relay and on to others', async () => {
    const server = await relay();
    const doc = new Y.Doc();
    const provider = new DrawFirstProvider(server.syncUrl, ROOM, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token: testToken('facilitator') },
    });
    providers.push(provider);
    await waitFor('the first sync', () => provider.synced);
    const events: string[] = [];
    const socket = provider.ws!;
    const send = socket.send.bind(socket);
    socket.send = (data: Parameters<typeof send>[0]) => {
      // A change is a sync message (0) of type update (2); awareness and sync steps aside.
      const bytes = data as Uint8Array;
      if (bytes[0] === 0 && bytes[1] === 2) events.push('sent');
      send(data);
    };

    const meta = doc.getMap('meeting');
    // The page's reaction is queued by a transaction listener, as the view's update is.
    doc.on('afterTransaction', () => queueMicrotask(() => events.push('drawn')));
    doc.transact(() => meta.set('currentItem', 'item-1'));
    doc.transact(() => meta.set('currentItem', 'item-2'));
    // Nothing has left during the transactions; each is drawn before it is sent.
    expect(events).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual(['drawn', 'sent', 'drawn', 'sent']);

    const other = connectClient(server.syncUrl, ROOM, { token: testToken('viewer') });
    await synced(other);
    await waitFor('the last change at the other page', () =>
      other.doc.getMap('meeting').get('currentItem') === 'item-2' ? true : undefined,
    );

    // Destroyed, it sends nothing more.
    provider.destroy();
    doc.transact(() => meta.set('currentItem', 'item-3'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual(['drawn', 'sent', 'drawn', 'sent', 'drawn']);
  });
});
