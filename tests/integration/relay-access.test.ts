import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import { encodeSyncUpdate } from '../../server/sync/protocol.ts';
import { markPrereadRead } from '../../shared/doc/index.ts';
import {
  closeOf,
  connectClient,
  openRawSocket,
  received,
  relaysForFile,
  synced,
  testToken,
  waitFor,
  type TestClient,
} from '../helpers/relay.ts';

const relay = relaysForFile();

/** Waits for the provider's terminal close and checks that it stops retrying. */
async function refused(client: TestClient, code: number): Promise<void> {
  await waitFor(`a ${code} close`, () => client.closeCodes.length > 0);
  expect(client.closeCodes).toEqual([code]);
  expect(client.provider.shouldConnect).toBe(false);
  expect(client.provider.synced).toBe(false);
}

describe('the relay admits only invited people from allowed origins', () => {
  it('closes a connection without a token with 4401, and the client stops retrying', async () => {
    const server = await relay();
    const client = connectClient(server.syncUrl, 'acme/2026-12', { token: null });
    await refused(client, 4401);
  });

  it('closes expired, forged and tampered tokens with 4401', async () => {
    const server = await relay();
    const expired = testToken('editor', { expiresAt: Date.now() - 1000 });
    const forged = testToken('facilitator', { secret: 'another-secret-of-enough-length' });
    const [body, signature] = testToken('viewer').split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const tampered = `${Buffer.from(JSON.stringify({ ...payload, r: 'editor' })).toString('base64url')}.${signature}`;
    for (const token of [expired, forged, tampered, 'not-a-token', '']) {
      const client = connectClient(server.syncUrl, 'acme/2026-12', { token });
      await refused(client, 4401);
    }
    // The reason tells the person what to do.
    const socket = await openRawSocket(`${server.syncUrl}/acme/2026-12?token=${expired}`);
    expect(await closeOf(socket)).toEqual({
      code: 4401,
      reason: 'the invite token has expired: ask for a new invite',
    });
  });

  it('closes a token for another workspace with 4403', async () => {
    const server = await relay();
    const client = connectClient(server.syncUrl, 'acme/2026-12', {
      token: testToken('editor', { workspace: 'globex' }),
    });
    await refused(client, 4403);
  });

  it('refuses a page from another origin with 4403 and admits the same origin and ALLOWED_ORIGINS', async () => {
    const server = await relay({ settings: { allowedOrigins: ['http://localhost:5173'] } });
    const url = `${server.syncUrl}/acme/2026-12?token=${testToken('editor')}`;
    const evil = await openRawSocket(url, { origin: 'https://evil.example' });
    expect((await closeOf(evil)).code).toBe(4403);
    const garbage = await openRawSocket(url, { origin: 'null' });
    expect((await closeOf(garbage)).code).toBe(4403);

    for (const origin of [server.url, 'http://localhost:5173']) {
      const socket = await openRawSocket(url, { origin });
      // Admitted: the relay opens with its sync step 1 (message type 0, step 0).
      const first = await waitFor('the first frame', () => received.get(socket)?.[0]);
      expect([...first.subarray(0, 2)]).toEqual([0, 0]);
      socket.close();
      await closeOf(socket);
    }
  });

  it('refuses a viewer’s plan edit with 4403 and why, and takes their pre-read read', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    // The facilitator has published the pre-read; an editor plans.
    const fran = connectClient(server.syncUrl, room, { token: testToken('facilitator') });
    await synced(fran);
    fran.doc.getMap('preread').set('publishedAt', '2026-12-01T09:00:00.000Z');
    const editor = connectClient(server.syncUrl, room);
    await waitFor('the pre-read at the editor', () => editor.doc.getMap('preread').size === 1);

    // A viewer's edit of the plan, as a raw update: refused, with the reason in words.
    const viewerToken = testToken('viewer', { name: 'Vera' });
    const socket = await openRawSocket(`${server.syncUrl}/${room}?token=${viewerToken}`);
    const closed = closeOf(socket);
    const forged = new Y.Doc();
    forged.getMap('demand').set('F1|2027-01', 666);
    socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged)));
    const { code, reason } = await closed;
    expect(code).toBe(4403);
    expect(reason).toBe(
      'this change was refused: Only the facilitator and editors change the plan. You joined as viewer (read-only).',
    );

    // The same viewer, through the page's provider, marks the pre-read read: everyone sees it.
    const viewer = connectClient(server.syncUrl, room, { token: viewerToken });
    await waitFor('the pre-read at the viewer', () => viewer.doc.getMap('preread').size === 1);
    markPrereadRead(viewer.doc, 'Vera', '2026-12-02T10:00:00.000Z');
    editor.doc.getMap('demand').set('F1|2027-01', 1);
    await waitFor('the read at the editor', () => editor.doc.getMap('prereadReads').has('Vera'));
    await waitFor('the editor’s edit at the viewer', () =>
      viewer.doc.getMap('demand').get('F1|2027-01') === 1 ? true : undefined,
    );
    expect(viewer.closeCodes).toEqual([]);

    // The store holds the read and the editor's cell, never the viewer's edit.
    const reader = new SqliteStorage(databaseFile(server.dataDir));
    try {
      const stored = await reader.load(room);
      const replay = new Y.Doc();
      for (const update of stored.updates) Y.applyUpdate(replay, update);
      expect(replay.getMap('demand').toJSON()).toEqual({ 'F1|2027-01': 1 });
      expect(replay.getMap('prereadReads').toJSON()).toEqual({
        Vera: { at: '2026-12-02T10:00:00.000Z', publishedAt: '2026-12-01T09:00:00.000Z' },
      });
      replay.destroy();
    } finally {
      await reader.close();
    }

    // The viewer's presence does pass: it can be seen in the room.
    viewer.provider.awareness.setLocalStateField('user', { name: 'Vera' });
    await waitFor('the viewer’s presence', () =>
      editor.provider.awareness.getStates().has(viewer.doc.clientID),
    );
  });
});
