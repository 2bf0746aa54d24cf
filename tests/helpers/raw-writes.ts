import * as Y from 'yjs';
import type { Role, SopFunction } from '../../shared/policy/roles.ts';
import { encodeSyncUpdate } from '../../server/sync/protocol.ts';
import { closeOf, connectClient, openRawSocket, synced, testToken } from './relay.ts';

/** How a raw socket ended after a write: its close code and reason, or still open. */
export type RawOutcome = { code: number; reason: string } | 'open';

/** A copy of the room's document as a fresh reader syncs it. */
export async function roomCopy(syncUrl: string, room: string): Promise<Y.Doc> {
  const reader = connectClient(syncUrl, room, { token: testToken('viewer') });
  await synced(reader);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(reader.doc));
  reader.destroy();
  return copy;
}

/**
 * Makes `write` on a copy of the room's document and sends only what it changed, as one
 * update over a raw socket (not the page) signed in as `role` (with `name` and `functions`
 * when given):
 * how a hostile participant would. Resolves how the socket closed, or 'open' when the
 * relay kept it open for 1.5 s (the update was taken).
 */
export async function sendAs(
  syncUrl: string,
  room: string,
  role: Role,
  write: (doc: Y.Doc) => void,
  options: { name?: string; functions?: readonly SopFunction[] } = {},
): Promise<RawOutcome> {
  const doc = await roomCopy(syncUrl, room);
  const before = Y.encodeStateVector(doc);
  write(doc);
  const socket = await openRawSocket(`${syncUrl}/${room}?token=${testToken(role, options)}`);
  const closed = closeOf(socket);
  socket.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc, before)));
  const outcome = await Promise.race([
    closed,
    new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 1500)),
  ]);
  socket.close();
  doc.destroy();
  return outcome;
}

/** What a fresh person sees of a root after syncing. */
export async function rootAsSeen(syncUrl: string, room: string, root: string): Promise<unknown> {
  const copy = await roomCopy(syncUrl, room);
  const seen = copy.getMap(root).toJSON();
  copy.destroy();
  return seen;
}
