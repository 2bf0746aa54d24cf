import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  connectClient,
  openRawSocket,
  relaysForFile,
  synced,
  testToken,
  waitFor,
  type TestClient,
} from '../helpers/relay.ts';

const relay = relaysForFile();
const ROOM = 'acme/2026-12';

/** An awareness frame (message type 1) carrying `update`. */
function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness update of one entry with any client id and clock: what a forger writes. */
function forged(clientId: number, clock: number, state: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarString(encoder, JSON.stringify(state));
  return awarenessFrame(encoding.toUint8Array(encoder));
}

/** A hostile page: a raw socket with an awareness of its own, written by y-protocols. */
async function rawPage(url: string) {
  const socket = await openRawSocket(url);
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  return {
    socket,
    id: awareness.clientID,
    /** Sets its own state and sends it, as a page would. */
    say(state: Record<string, unknown>) {
      awareness.setLocalState(state);
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
      socket.send(awarenessFrame(update));
    },
    destroy() {
      awareness.destroy();
      socket.close();
    },
  };
}

function stateAt(client: TestClient, clientId: number): Record<string, unknown> | undefined {
  return client.provider.awareness.getStates().get(clientId);
}

/**
 * Sends a state the relay accepts and waits until `watcher` sees it. Frames of one socket
 * are handled in order: anything the socket sent before has been handled by then.
 */
async function marker(
  page: Awaited<ReturnType<typeof rawPage>>,
  watcher: TestClient,
  view: string,
) {
  page.say({ view });
  await waitFor(`the marker ${view}`, () => stateAt(watcher, page.id)?.view === view);
}

describe('presence is stamped by the relay', () => {
  it('shows a viewer who claims to be the facilitator by the viewer’s own name and role', async () => {
    const server = await relay();
    const ana = connectClient(server.syncUrl, ROOM, {
      token: testToken('editor', { name: 'Ana Ruiz', functions: ['sales'] }),
    });
    await synced(ana);
    const url = `${server.syncUrl}/${ROOM}?token=${testToken('viewer', { name: 'Vera Viewer' })}`;
    const vera = await rawPage(url);
    vera.say({
      user: { name: 'Fran Facilitator', role: 'facilitator', functions: ['executive'] },
      view: 'meeting',
    });
    await waitFor('Vera’s presence at Ana', () => stateAt(ana, vera.id));
    expect(stateAt(ana, vera.id)).toEqual({
      user: { name: 'Vera Viewer', role: 'viewer', functions: [] },
      view: 'meeting',
    });
    // A page that joins later is sent the stamped state too.
    const ben = connectClient(server.syncUrl, ROOM);
    await waitFor('Vera’s presence at Ben', () => stateAt(ben, vera.id));
    expect(stateAt(ben, vera.id)).toMatchObject({ user: { name: 'Vera Viewer', role: 'viewer' } });
    vera.destroy();
  });

  it('keeps another connection’s presence from being overwritten or removed', async () => {
    const server = await relay();
    const ana = connectClient(server.syncUrl, ROOM, {
      token: testToken('editor', { name: 'Ana Ruiz' }),
    });
    const ben = connectClient(server.syncUrl, ROOM, {
      token: testToken('editor', { name: 'Ben Okafor' }),
    });
    await Promise.all([synced(ana), synced(ben)]);
    ana.provider.awareness.setLocalState({ view: 'plan' });
    const anaId = ana.doc.clientID;
    await waitFor('Ana’s presence at Ben', () => stateAt(ben, anaId)?.view === 'plan');
    const anaClock = ana.provider.awareness.meta.get(anaId)?.clock ?? 0;

    const vera = await rawPage(
      `${server.syncUrl}/${ROOM}?token=${testToken('viewer', { name: 'Vera Viewer' })}`,
    );
    vera.socket.send(forged(anaId, anaClock + 100, { user: { name: 'Ana Ruiz' }, view: 'gaps' }));
    vera.socket.send(forged(anaId, anaClock + 101, null));
    await marker(vera, ben, 'risks');
    expect(stateAt(ben, anaId)).toEqual({
      user: { name: 'Ana Ruiz', role: 'editor', functions: [] },
      view: 'plan',
    });

    // The same kind of change by the connection that owns the id still goes through.
    ana.provider.awareness.setLocalStateField('view', 'meeting');
    await waitFor('Ana’s own change at Ben', () => stateAt(ben, anaId)?.view === 'meeting');
    vera.destroy();
  });

  it('refuses a presence over the size limit and forwards none of it', async () => {
    const server = await relay();
    const ben = connectClient(server.syncUrl, ROOM);
    await synced(ben);
    const vera = await rawPage(`${server.syncUrl}/${ROOM}?token=${testToken('viewer')}`);
    const socket: WebSocket = vera.socket;
    await marker(vera, ben, 'plan');
    // 10 MB of fake people in one state, then 5 KB, each under a client id of its own.
    const people = Array.from({ length: 100_000 }, (_, i) => ({
      name: `Fake person ${i}`,
      role: 'facilitator',
      pad: 'x'.repeat(60),
    }));
    socket.send(forged(1001, 1, { view: 'plan', people }));
    socket.send(forged(1002, 1, { view: 'plan', note: 'x'.repeat(5 * 1024) }));
    // 50 small fake people under client ids of their own: a few at most are let through.
    for (let i = 0; i < 50; i++) socket.send(forged(2000 + i, 1, { view: 'plan' }));
    await marker(vera, ben, 'gaps');
    const states = ben.provider.awareness.getStates();
    expect(states.has(1001)).toBe(false);
    expect(states.has(1002)).toBe(false);
    // Its own id and three more: four per connection.
    const fakes = [...states.keys()].filter((id) => id >= 2000 && id < 2050);
    expect(fakes).toHaveLength(3);
    expect(socket.readyState).toBe(socket.OPEN);
    vera.destroy();
  });

  it('brings an honest editor’s focus, view and colour to the others', async () => {
    const server = await relay();
    const ana = connectClient(server.syncUrl, ROOM, {
      token: testToken('editor', { name: 'Ana Ruiz', functions: ['supplyChain'] }),
    });
    const ben = connectClient(server.syncUrl, ROOM);
    await Promise.all([synced(ana), synced(ben)]);
    ana.provider.awareness.setLocalStateField('user', {
      name: 'Ana Ruiz',
      role: 'editor',
      color: '#15803d',
    });
    ana.provider.awareness.setLocalStateField('view', 'plan');
    ana.provider.awareness.setLocalStateField('focus', {
      grid: 'supply',
      id: 'F3',
      month: '2027-03',
    });
    await waitFor('Ana’s focus at Ben', () => stateAt(ben, ana.doc.clientID)?.focus);
    expect(stateAt(ben, ana.doc.clientID)).toEqual({
      user: { name: 'Ana Ruiz', role: 'editor', functions: ['supplyChain'], color: '#15803d' },
      view: 'plan',
      focus: { grid: 'supply', id: 'F3', month: '2027-03' },
    });
    // Leaving the cell clears the focus for the others.
    ana.provider.awareness.setLocalStateField('focus', null);
    await waitFor('Ana’s focus to clear', () => stateAt(ben, ana.doc.clientID)?.focus === null);
  });
});
