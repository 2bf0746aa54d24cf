import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  closeOf,
  connectClient,
  openRawSocket,
  received,
  sortedJson,
  relaysForFile,
  roomContent,
  startRelay,
  synced,
  tempDirsForFile,
  testToken,
  waitFor,
  writeDemandAndNotes,
  type TestClient,
} from '../helpers/relay.ts';

const tempDir = tempDirsForFile();
const relay = relaysForFile();

describe('the relay syncs y-websocket clients', () => {
  it('answers the health check', async () => {
    const server = await relay();
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, rooms: 0, connections: 0 });
  });

  it('answers 426 to a plain HTTP request on the sync path', async () => {
    const server = await relay();
    const response = await fetch(`${server.url}/sync/acme/2026-12`);
    expect(response.status).toBe(426);
  });

  it('brings one edit to three other clients', async () => {
    const server = await relay({ cycles: ['acme/2026-12', 'acme/2027-01'] });
    const [writer, ...readers] = [0, 1, 2, 3].map(() =>
      connectClient(server.syncUrl, 'acme/2026-12'),
    );
    await Promise.all([writer, ...readers].map((client) => synced(client)));
    writer.doc.getMap('demand').set('F1|2026-12', 120);
    for (const reader of readers) {
      await waitFor(
        'the edit to arrive',
        () => reader.doc.getMap('demand').get('F1|2026-12') === 120,
      );
    }
    // Another room is another document.
    const elsewhere = connectClient(server.syncUrl, 'acme/2027-01');
    await synced(elsewhere);
    expect(elsewhere.doc.getMap('demand').size).toBe(0);
  });

  it('sends awareness states and removes a closed connection’s state at once', async () => {
    const server = await relay();
    const ana = connectClient(server.syncUrl, 'acme/2026-12', {
      token: testToken('editor', { name: 'Ana' }),
    });
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await Promise.all([synced(ana), synced(ben)]);
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const anaId = ana.doc.clientID;
    await waitFor('Ana’s presence at Ben', () => ben.provider.awareness.getStates().has(anaId));
    // As the relay stamps it: the name, role and functions of Ana's invite.
    expect(ben.provider.awareness.getStates().get(anaId)).toEqual({
      user: { name: 'Ana', role: 'editor', functions: [] },
    });

    // A late joiner gets the current states from the relay.
    const cleo = connectClient(server.syncUrl, 'acme/2026-12');
    await waitFor('Ana’s presence at Cleo', () => cleo.provider.awareness.getStates().has(anaId));

    // Closing the socket without a goodbye: the relay removes the state (the client's own
    // 30 s timeout would be far later than the wait below).
    (ana.provider.ws as unknown as { terminate(): void }).terminate();
    ana.provider.shouldConnect = false;
    await waitFor(
      'Ana’s presence to go',
      () => !ben.provider.awareness.getStates().has(anaId),
      5000,
    );
    await waitFor(
      'Ana’s presence to go at Cleo',
      () => !cleo.provider.awareness.getStates().has(anaId),
      5000,
    );
  });

  it('merges edits made while disconnected when the client reconnects', async () => {
    const server = await relay();
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await Promise.all([synced(ana), synced(ben)]);
    ana.doc.getMap('demand').set('F1|2026-12', 1);
    await waitFor('the first edit', () => ben.doc.getMap('demand').get('F1|2026-12') === 1);

    ana.provider.disconnect();
    ana.doc.getMap('demand').set('F1|2027-01', 2);
    ana.doc.getMap('demand').set('F1|2026-12', 3);
    ben.doc.getMap('demand').set('F2|2026-12', 4);
    await waitFor('Ben’s edit at the relay', () => server.relay.rooms.has('acme/2026-12'));
    expect(ben.doc.getMap('demand').get('F1|2027-01')).toBeUndefined();

    ana.provider.connect();
    await waitFor(
      'both replicas to converge',
      () =>
        sortedJson(ana.doc.getMap('demand')) === sortedJson(ben.doc.getMap('demand')) &&
        ana.doc.getMap('demand').size === 3,
    );
    expect(ana.doc.getMap('demand').toJSON()).toEqual({
      'F1|2026-12': 3,
      'F1|2027-01': 2,
      'F2|2026-12': 4,
    });
  });

  it('keeps every edit across a restart on the same data folder, with and without compaction', async () => {
    const dataDir = await tempDir('restart');
    // A small compaction threshold, so the restart reads a snapshot plus later updates.
    const first = await startRelay({ dataDir, settings: { compactEvery: 7 } });
    const written = await writeDemandAndNotes(first.syncUrl, 'acme/2026-12');
    await first.close();

    const second = await relay({ dataDir });
    expect(await roomContent(second.syncUrl, 'acme/2026-12')).toEqual(written);
  });

  it('sends an idle client a 3-byte message every keep-alive interval, inside its 30 s watchdog', async () => {
    const server = await relay({ settings: { keepaliveMs: 40 } });
    const socket = await openRawSocket(
      `${server.syncUrl}/acme/2026-12?token=${testToken('editor')}`,
    );
    const keepalives = () =>
      (received.get(socket) ?? []).filter((frame) => frame.equals(Buffer.from([1, 1, 0]))).length;
    await waitFor('three keep-alives', () => keepalives() >= 3);
    // The stock client applies it as an awareness update about nobody: nothing changes.
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    await synced(ana);
    const before = ana.provider.wsLastMessageReceived;
    await waitFor('a keep-alive at the client', () => ana.provider.wsLastMessageReceived > before);
    expect(ana.provider.awareness.getStates().size).toBe(1);
    socket.close();
    await closeOf(socket);
  });

  it('converges five clients editing at once through compactions, and a restart matches them', async () => {
    const dataDir = await tempDir('converge');
    const first = await startRelay({ dataDir, settings: { compactEvery: 13 } });
    const peers = [0, 1, 2, 3, 4].map(() => connectClient(first.syncUrl, 'acme/2026-12'));
    await Promise.all(peers.map((peer) => synced(peer)));
    // Seeded choices: the same run every time.
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 40; round++) {
      for (const [p, peer] of peers.entries()) {
        const cells = peer.doc.getMap('demand');
        const key = `F${Math.floor(next() * 8)}|2026-12`;
        if (next() < 0.2) cells.delete(key);
        else cells.set(key, Math.floor(next() * 1000));
        // And one cell of its own per round: none may be lost.
        cells.set(`P${p}R${round}|2027-02`, round);
      }
      if (round % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const ownCells = (client: TestClient) =>
      [...client.doc.getMap('demand').keys()].filter((key) => key.endsWith('|2027-02')).length;
    const converged = () => {
      const [head, ...rest] = peers.map((peer) => sortedJson(peer.doc.getMap('demand')));
      return rest.every((json) => json === head) && peers.every((peer) => ownCells(peer) === 200);
    };
    await waitFor('all five to converge', converged);
    const expected = sortedJson(peers[0].doc.getMap('demand'));
    for (const peer of peers) peer.destroy();
    await first.close();

    const second = await relay({ dataDir });
    const reader = connectClient(second.syncUrl, 'acme/2026-12');
    await synced(reader);
    expect(sortedJson(reader.doc.getMap('demand'))).toBe(expected);
    expect(ownCells(reader)).toBe(200);
  });

  it('terminates a connection that stops answering pings', async () => {
    const server = await relay({ settings: { keepaliveMs: 40 } });
    const url = `${server.syncUrl}/acme/2026-12?token=${testToken('editor')}`;
    // A peer whose network died: it never answers the relay's pings.
    const dead = new WebSocket(url, { autoPong: false });
    const closed = closeOf(dead);
    await waitFor('the relay to count it', () => server.relay.connectionCount === 1);
    expect((await closed).code).toBe(1006);
    await waitFor('the relay to forget it', () => server.relay.connectionCount === 0);
  });

  it('unloads an idle room and loads it again for the next client', async () => {
    const server = await relay({ settings: { unloadDelayMs: 50 } });
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    await synced(ana);
    ana.doc.getMap('demand').set('F1|2026-12', 7);
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await waitFor('the edit at Ben', () => ben.doc.getMap('demand').get('F1|2026-12') === 7);
    ana.destroy();
    ben.destroy();
    await waitFor('the room to unload', () => !server.relay.rooms.has('acme/2026-12'));

    const cleo = connectClient(server.syncUrl, 'acme/2026-12');
    await waitFor('the edit at Cleo', () => cleo.doc.getMap('demand').get('F1|2026-12') === 7);
  });
});
