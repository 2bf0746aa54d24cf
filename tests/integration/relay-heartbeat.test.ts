import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Heartbeat } from '../../client/src/sync/heartbeat.ts';
import { PING_FRAME } from '../../shared/protocol/messages.ts';
import {
  connectClient,
  openRawSocket,
  received,
  relaysForFile,
  synced,
  testToken,
  waitFor,
} from '../helpers/relay.ts';

const relay = relaysForFile();
const heartbeats: Heartbeat[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(() => {
  for (const heartbeat of heartbeats.splice(0)) heartbeat.destroy();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A network between client and relay that can go silently dead: while cut, every byte is
 * dropped both ways and new connections are accepted but reach nothing, and no socket is
 * ever closed: what a sleeping Wi-Fi behind a router looks like from the page. Connections
 * cut once stay dead; new ones made after the network is back get through.
 */
async function flakyNetwork(relayPort: number): Promise<{ port: number; cut(on: boolean): void }> {
  let isCut = false;
  const live = new Set<{ dead: boolean }>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => {});
    const link = { dead: isCut };
    live.add(link);
    if (link.dead) return;
    const upstream = createConnection({ port: relayPort, host: '127.0.0.1' });
    sockets.add(upstream);
    upstream.on('error', () => {});
    client.on('data', (bytes) => link.dead || upstream.write(bytes));
    upstream.on('data', (bytes) => link.dead || client.write(bytes));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the test network has no port');
  return {
    port: address.port,
    cut(on) {
      isCut = on;
      if (on) for (const link of live) link.dead = true;
    },
  };
}

describe('the relay answers a ping', () => {
  it('with the same one byte, and a stock client’s messages still work beside it', async () => {
    const server = await relay();
    const token = encodeURIComponent(testToken('viewer'));
    const socket = await openRawSocket(`${server.syncUrl}/acme/2026-12?token=${token}`);
    socket.send(PING_FRAME);
    await waitFor('the answer', () =>
      received.get(socket)?.some((frame) => frame.length === 1 && frame[0] === 101),
    );
    socket.send(Uint8Array.of(3)); // query-awareness: a stock message, answered as before
    await waitFor('the awareness answer', () =>
      received.get(socket)?.some((frame) => frame[0] === 1),
    );
    socket.close();
  });
});

describe('Heartbeat over a real relay', () => {
  it('keeps an idle connection, notices a silently dead network within 2 s, and reconnects once it is back', async () => {
    const server = await relay();
    const network = await flakyNetwork(server.port);
    const ana = connectClient(`ws://127.0.0.1:${network.port}/sync`, 'acme/2026-12');
    const statuses: string[] = [];
    ana.provider.on('status', ({ status }) => statuses.push(status));
    heartbeats.push(new Heartbeat(ana.provider, null, { connectTimeoutMs: 500 }));
    await synced(ana);

    // Idle for three times the timeout: the pings are answered, the connection stays.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(ana.provider.wsconnected).toBe(true);
    expect(statuses).toEqual(['connected']);

    network.cut(true);
    // Well before y-websocket's own watchdog (30 s without a message) would.
    await waitFor('the page to notice', () => !ana.provider.wsconnected, 5000);
    // The attempts that follow reach nothing; each is given up for a new one.
    await waitFor(
      'a second attempt',
      () => statuses.filter((s) => s === 'connecting').length >= 3,
      5000,
    );
    expect(ana.provider.wsconnected).toBe(false);

    ana.doc.getMap('demand').set('F1|2026-12', 42);
    network.cut(false);
    await waitFor(
      'the reconnection',
      () => ana.provider.wsconnected && ana.provider.synced,
      10_000,
    );
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await synced(ben);
    await waitFor(
      'the offline edit at the relay',
      () => ben.doc.getMap('demand').get('F1|2026-12') === 42,
    );
  }, 30_000);
});
