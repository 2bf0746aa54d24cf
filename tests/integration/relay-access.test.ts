import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
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

  it('gives a viewer everything but never applies, stores or forwards its edits', async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    const editor = connectClient(server.syncUrl, room);
    const viewer = connectClient(server.syncUrl, room, { token: testToken('viewer') });
    await Promise.all([synced(editor), synced(viewer)]);

    viewer.doc.getMap('demand').set('viewer-edit', 666);
    editor.doc.getMap('demand').set('editor-edit', 1);
    await waitFor(
      'the editor’s edit at the viewer',
      () => viewer.doc.getMap('demand').get('editor-edit') === 1,
    );
    // The viewer's edit was sent before the editor's and frames are handled in order:
    // had the relay accepted it, it would have reached the editor by now.
    const later = connectClient(server.syncUrl, room);
    await waitFor(
      'a late editor to sync',
      () => later.doc.getMap('demand').get('editor-edit') === 1,
    );
    expect(editor.doc.getMap('demand').has('viewer-edit')).toBe(false);
    expect(later.doc.getMap('demand').has('viewer-edit')).toBe(false);

    // Reconnecting resends the viewer's state (sync step 2): still dropped.
    viewer.provider.disconnect();
    viewer.provider.connect();
    await synced(viewer);
    editor.doc.getMap('demand').set('editor-edit-2', 2);
    await waitFor(
      'the second edit at the viewer',
      () => viewer.doc.getMap('demand').get('editor-edit-2') === 2,
    );
    expect(later.doc.getMap('demand').has('viewer-edit')).toBe(false);

    // And the store never saw it.
    const reader = new SqliteStorage(databaseFile(server.dataDir));
    try {
      const stored = await reader.load(room);
      const replay = new Y.Doc();
      for (const update of stored.updates) Y.applyUpdate(replay, update);
      expect(replay.getMap('demand').toJSON()).toEqual({ 'editor-edit': 1, 'editor-edit-2': 2 });
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
