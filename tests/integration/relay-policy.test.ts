import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeSyncUpdate } from '../../server/sync/protocol.ts';
import type { Role } from '../../shared/policy/roles.ts';
import {
  closeOf,
  connectClient,
  openRawSocket,
  relaysForFile,
  synced,
  testToken,
  waitFor,
} from '../helpers/relay.ts';

const relay = relaysForFile();

/** Sends one document update over a raw socket (not the page) as `role`; resolves how it closed, if it did. */
async function sendAs(
  syncUrl: string,
  room: string,
  role: Role,
  write: (doc: Y.Doc) => void,
): Promise<{ code: number; reason: string } | 'open'> {
  const doc = new Y.Doc();
  write(doc);
  const socket = await openRawSocket(`${syncUrl}/${room}?token=${testToken(role)}`);
  const closed = closeOf(socket);
  socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc)));
  const outcome = await Promise.race([
    closed,
    new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 1500)),
  ]);
  socket.close();
  doc.destroy();
  return outcome;
}

/** What a fresh person sees of a root after syncing. */
async function rootAsSeen(syncUrl: string, room: string, root: string): Promise<unknown> {
  const reader = connectClient(syncUrl, room, { token: testToken('viewer') });
  await synced(reader);
  const seen = reader.doc.getMap(root).toJSON();
  reader.destroy();
  return seen;
}

describe('the relay enforces the write policy on raw updates', () => {
  it("refuses an editor's forged closure with 4403 and the rule, and keeps the cycle open", async () => {
    const server = await relay();
    const room = 'acme/2026-12';
    const forged = await sendAs(server.syncUrl, room, 'editor', (doc) => {
      const closure = doc.getMap('closure');
      closure.set('closedAt', '2026-12-04T10:00:00.000Z');
      closure.set('hash', '0'.repeat(64));
    });
    expect(forged).toEqual({
      code: 4403,
      reason: 'this change was refused: Only the server closes a cycle. You joined as editor.',
    });
    // The facilitator may not write it over a socket either: only the server closes.
    const asFacilitator = await sendAs(server.syncUrl, room, 'facilitator', (doc) =>
      doc.getMap('closure').set('closedAt', '2026-12-04T10:00:00.000Z'),
    );
    expect(asFacilitator).toMatchObject({ code: 4403 });
    expect(await rootAsSeen(server.syncUrl, room, 'closure')).toEqual({});

    // The cycle stays open: an editor's ordinary edit is stored and reaches others.
    const ana = connectClient(server.syncUrl, room, { token: testToken('editor') });
    const ben = connectClient(server.syncUrl, room, { token: testToken('editor') });
    await Promise.all([synced(ana), synced(ben)]);
    ana.doc.getMap('demand').set('F1|2027-01', 700);
    await waitFor('the edit after', () => ben.doc.getMap('demand').get('F1|2027-01') === 700);
    expect(ana.closeCodes).toEqual([]);
  });

  it("refuses an editor's pre-read and takes the facilitator's", async () => {
    const server = await relay({ cycles: ['acme/2027-01'] });
    const room = 'acme/2027-01';
    const publish = (doc: Y.Doc) => {
      doc.getMap('preread').set('publishedBy', 'Fran Facilitator');
      doc.getMap('preread').set('publishedAt', '2027-01-05T09:00:00.000Z');
    };
    expect(await sendAs(server.syncUrl, room, 'editor', publish)).toEqual({
      code: 4403,
      reason:
        'this change was refused: Only the facilitator publishes the pre-read. You joined as editor.',
    });
    expect(await rootAsSeen(server.syncUrl, room, 'preread')).toEqual({});
    expect(await sendAs(server.syncUrl, room, 'facilitator', publish)).toBe('open');
    expect(await rootAsSeen(server.syncUrl, room, 'preread')).toEqual({
      publishedBy: 'Fran Facilitator',
      publishedAt: '2027-01-05T09:00:00.000Z',
    });
  });

  it("lets an editor set the change threshold, not the previous cycle's plan", async () => {
    const server = await relay({ cycles: ['acme/2027-02'] });
    const room = 'acme/2027-02';
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('previous').set('plan', '{"families":[]}'),
      ),
    ).toMatchObject({ code: 4403 });
    expect(
      await sendAs(server.syncUrl, room, 'editor', (doc) =>
        doc.getMap('previous').set('threshold', 0.2),
      ),
    ).toBe('open');
    expect(await rootAsSeen(server.syncUrl, room, 'previous')).toEqual({ threshold: 0.2 });
  });
});
