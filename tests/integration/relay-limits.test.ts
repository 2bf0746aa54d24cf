import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import { addAgendaItem, agendaNotes, hasPendingParts } from '../../shared/doc/index.ts';
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
  type TestRelay,
} from '../helpers/relay.ts';

const relay = relaysForFile();
const ROOM = 'acme/2026-12';

/** `[sync, update, update]`: a document update as a client sends it. */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The updates `doc` emits while `write` runs, one per transaction. */
function updatesOf(doc: Y.Doc, write: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listen = (update: Uint8Array) => updates.push(update);
  doc.on('update', listen);
  write();
  doc.off('update', listen);
  return updates;
}

/** The agenda item whose notes the tests below type into (editors may type notes). */
const NOTES = 'limits-notes';

/**
 * A relay whose cycle has the agenda item {@link NOTES}, added by the facilitator, and the
 * cycle's state then: each person's document starts from it.
 */
async function relayWithNotes(
  options: Parameters<typeof relay>[0] = {},
): Promise<{ server: TestRelay; base: Uint8Array }> {
  const server = await relay(options);
  const fran = connectClient(server.syncUrl, ROOM, { token: testToken('facilitator') });
  await synced(fran);
  addAgendaItem(fran.doc, { title: 'Notes', timeBoxMinutes: 10 }, NOTES);
  // Another person sees the item once the relay stored it.
  const witness = await watcher(server, 'Wes');
  await waitFor('the agenda item at the witness', () => witness.doc.getMap('agenda').has(NOTES));
  witness.destroy();
  const base = Y.encodeStateAsUpdate(fran.doc);
  fran.destroy();
  await waitFor('both to leave', () => server.relay.connectionCount === 0);
  return { server, base };
}

/** A new person's document holding the cycle as `base` left it. */
function personDoc(base: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  return doc;
}

/**
 * `count` updates from one new person's document, each typing note `note-<n>` (`bytes`
 * characters long) into the agenda item's notes.
 */
function notes(base: Uint8Array, count: number, bytes = 10, from = 0): Uint8Array[] {
  const doc = personDoc(base);
  return updatesOf(doc, () => {
    for (let i = from; i < from + count; i++) {
      agendaNotes(doc, NOTES).insert(0, `<note-${i}:${'x'.repeat(bytes)}>`);
    }
  });
}

/** The agenda item's notes in a document ('' before the item arrived). */
function notesText(doc: Y.Doc): string {
  const item = doc.getMap('agenda').get(NOTES);
  return item instanceof Y.Map ? String(item.get('notes') ?? '') : '';
}

/** The names of the notes typed into a document's agenda item, sorted. */
function notesIn(doc: Y.Doc): string[] {
  return [...notesText(doc).matchAll(/<([\w-]+):/g)].map((match) => match[1]).sort();
}

/** A raw socket joined to the room with `token`, once the server's sync step 1 arrived. */
async function joined(server: TestRelay, token: string): Promise<WebSocket> {
  const socket = await openRawSocket(`${server.syncUrl}/${ROOM}?token=${token}`);
  await waitFor('the server’s sync step 1', () =>
    received.get(socket)?.some((frame) => frame[0] === 0 && frame[1] === 0),
  );
  return socket;
}

/** Another person watching the room through the stock provider. */
async function watcher(server: TestRelay, name = 'Ben'): Promise<TestClient> {
  const client = connectClient(server.syncUrl, ROOM, { token: testToken('editor', { name }) });
  await synced(client);
  return client;
}

/** The room's notes as the store holds them (replayed from its log). */
async function storedNotes(server: TestRelay): Promise<string[]> {
  const reader = new SqliteStorage(databaseFile(server.dataDir));
  try {
    const replay = new Y.Doc();
    for (const update of (await reader.load(ROOM)).updates) Y.applyUpdate(replay, update);
    const keys = notesIn(replay);
    replay.destroy();
    return keys;
  } finally {
    await reader.close();
  }
}

function noteKeys(client: TestClient): string[] {
  return notesIn(client.doc);
}

describe('an update that cannot be applied whole is refused, not kept', () => {
  it('refuses an update whose first part never came, keeps none of it, and takes both in order', async () => {
    const { server, base } = await relayWithNotes();
    const ben = await watcher(server);
    const ana = personDoc(base);
    const [first, second] = updatesOf(ana, () => {
      agendaNotes(ana, NOTES).insert(0, 'Order more hoses');
      // Built on the first part, and large: the kind of update that used to stay in memory.
      agendaNotes(ana, NOTES).insert(0, `Urgent ${'!'.repeat(256 * 1024)}: `);
    });
    const anaToken = testToken('editor', { name: 'Ana' });
    const socket = await joined(server, anaToken);
    const closed = closeOf(socket);
    socket.send(updateFrame(second));
    const { code, reason } = await closed;
    expect(code).toBe(1007);
    expect(reason).toMatch(/cannot be applied whole: it builds on changes .* never received/);
    const pending = await server.relay.rooms.get(ROOM).read((doc) => hasPendingParts(doc));
    expect(pending).toBe(false);

    // The same edits, complete and in order, are stored and reach Ben.
    const again = await joined(server, anaToken);
    again.send(updateFrame(first));
    again.send(updateFrame(second));
    const expected = notesText(ana);
    await waitFor('both parts at Ben', () => notesText(ben.doc) === expected);
    expect(again.readyState).toBe(again.OPEN);
    const late = await watcher(server, 'Cleo');
    expect(notesText(late.doc)).toBe(expected);
    expect(ben.closeCodes).toEqual([]);
  });

  it('refuses a deletion of content the server never received, and takes it after the content', async () => {
    const { server, base } = await relayWithNotes();
    const ben = await watcher(server);
    const ana = personDoc(base);
    const [inserted, deleted] = updatesOf(ana, () => {
      agendaNotes(ana, NOTES).insert(0, 'draft: agreed');
      agendaNotes(ana, NOTES).delete(0, 7);
    });
    const anaToken = testToken('editor', { name: 'Ana' });
    const socket = await joined(server, anaToken);
    const closed = closeOf(socket);
    socket.send(updateFrame(deleted));
    const { code, reason } = await closed;
    expect(code).toBe(1007);
    expect(reason).toMatch(/cannot be applied whole: it deletes changes/);

    const again = await joined(server, anaToken);
    again.send(updateFrame(inserted));
    again.send(updateFrame(deleted));
    await waitFor('the edit at Ben', () => notesText(ben.doc) === 'agreed');
    const pending = await server.relay.rooms.get(ROOM).read((doc) => hasPendingParts(doc));
    expect(pending).toBe(false);
  });
});

describe('the relay’s byte limits', () => {
  it('refuses an update over MAX_UPDATE_BYTES with 4413 and takes one within it', async () => {
    const { server, base } = await relayWithNotes({ settings: { maxUpdateBytes: 64 * 1024 } });
    const ben = await watcher(server);
    const anaToken = testToken('editor', { name: 'Ana' });
    const socket = await joined(server, anaToken);
    const closed = closeOf(socket);
    socket.send(updateFrame(notes(base, 1, 100 * 1024)[0]));
    const { code, reason } = await closed;
    expect(code).toBe(4413);
    expect(reason).toMatch(/this change is 100 KiB; the limit is 64 KiB/);
    expect(await server.metrics.text()).toContain('fulcrum_refusals_total{reason="too_large"} 1');

    const again = await joined(server, anaToken);
    again.send(updateFrame(notes(base, 1, 20 * 1024, 1)[0]));
    await waitFor('the allowed note at Ben', () => noteKeys(ben).includes('note-1'));
    expect(noteKeys(ben)).toEqual(['note-1']);
    expect(await storedNotes(server)).toEqual(['note-1']);
  });

  it('refuses an update that would take the cycle past MAX_ROOM_BYTES, keeping what it holds', async () => {
    const { server, base } = await relayWithNotes({ settings: { maxRoomBytes: 64 * 1024 } });
    const ben = await watcher(server);
    const socket = await joined(server, testToken('editor', { name: 'Ana' }));
    const closed = closeOf(socket);
    for (const update of notes(base, 3, 25 * 1024)) socket.send(updateFrame(update));
    const { code, reason } = await closed;
    expect(code).toBe(4413);
    expect(reason).toMatch(/this cycle is full: it may hold 64 KiB of changes/);
    await waitFor('the first two notes at Ben', () => noteKeys(ben).length === 2);
    expect(noteKeys(ben)).toEqual(['note-0', 'note-1']);

    // The refused note is in no one's copy, the server's included; a small change still fits.
    const cleo = connectClient(server.syncUrl, ROOM, {
      token: testToken('editor', { name: 'Cleo' }),
    });
    await synced(cleo);
    agendaNotes(cleo.doc, NOTES).insert(0, '<small:fits>');
    await waitFor('the small note at Ben', () => noteKeys(ben).includes('small'));
    expect(noteKeys(cleo)).toEqual(['note-0', 'note-1', 'small']);
    expect(await storedNotes(server)).toEqual(['note-0', 'note-1', 'small']);
  });
});

describe('a person’s budget is kept across all their connections', () => {
  it('lets a person under PERSON_UPDATES_PER_MINUTE edit on two sockets, and refuses the next update on either', async () => {
    const { server, base } = await relayWithNotes({ settings: { personUpdatesPerMinute: 10 } });
    const ben = await watcher(server);
    const anaToken = testToken('editor', { name: 'Ana' });
    // Two tabs: two documents, one invite.
    const [tabA, tabB] = await Promise.all([joined(server, anaToken), joined(server, anaToken)]);
    const fromA = notes(base, 6, 10, 0);
    const fromB = notes(base, 6, 10, 100);
    for (const update of fromA.slice(0, 5)) tabA.send(updateFrame(update));
    for (const update of fromB.slice(0, 5)) tabB.send(updateFrame(update));
    await waitFor('ten notes at Ben', () => noteKeys(ben).length === 10);
    expect([tabA.readyState, tabB.readyState]).toEqual([tabA.OPEN, tabB.OPEN]);

    const closedA = closeOf(tabA);
    const closedB = closeOf(tabB);
    tabB.send(updateFrame(fromB[5]));
    tabA.send(updateFrame(fromA[5]));
    for (const { code, reason } of await Promise.all([closedA, closedB])) {
      expect(code).toBe(1008);
      expect(reason).toMatch(/too many changes from this invite \(the limit is 10 a minute\)/);
    }
    // Reconnecting does not reset the budget; another person is not held back by it.
    const tabC = await joined(server, anaToken);
    const closedC = closeOf(tabC);
    tabC.send(updateFrame(notes(base, 1, 10, 200)[0]));
    expect((await closedC).code).toBe(1008);
    const cleo = await joined(server, testToken('editor', { name: 'Cleo' }));
    cleo.send(updateFrame(notes(base, 1, 10, 300)[0]));
    await waitFor('Cleo’s note at Ben', () => noteKeys(ben).includes('note-300'));
    expect(noteKeys(ben)).toHaveLength(11);
    expect(await storedNotes(server)).toHaveLength(11);
  });

  it('counts the bytes a person sends on all their sockets against PERSON_BYTES_PER_MINUTE', async () => {
    const { server, base } = await relayWithNotes({
      settings: { personBytesPerMinute: 64 * 1024 },
    });
    const ben = await watcher(server);
    const anaToken = testToken('editor', { name: 'Ana' });
    const [tabA, tabB] = await Promise.all([joined(server, anaToken), joined(server, anaToken)]);
    tabA.send(updateFrame(notes(base, 1, 25 * 1024, 0)[0]));
    tabB.send(updateFrame(notes(base, 1, 25 * 1024, 1)[0]));
    await waitFor('both notes at Ben', () => noteKeys(ben).length === 2);

    const closed = closeOf(tabA);
    tabA.send(updateFrame(notes(base, 1, 25 * 1024, 2)[0]));
    const { code, reason } = await closed;
    expect(code).toBe(1008);
    expect(reason).toMatch(/too much data from this invite \(the limit is 64 KiB a minute\)/);
    expect(tabB.readyState).toBe(tabB.OPEN);
    expect(noteKeys(ben)).toEqual(['note-0', 'note-1']);
  });
});

describe('connections per invite', () => {
  it('admits CONNECTIONS_PER_INVITE connections with one invite and refuses the next with 4429', async () => {
    const { server, base } = await relayWithNotes({ settings: { connectionsPerInvite: 3 } });
    const anaToken = testToken('editor', { name: 'Ana' });
    const tabs = await Promise.all([1, 2, 3].map(() => joined(server, anaToken)));

    const extra = await openRawSocket(`${server.syncUrl}/${ROOM}?token=${anaToken}`);
    const { code, reason } = await closeOf(extra);
    expect(code).toBe(4429);
    expect(reason).toMatch(/too many connections with this invite \(the limit is 3\)/);
    expect(await server.metrics.text()).toContain(
      'fulcrum_refusals_total{reason="too_many_connections"} 1',
    );
    expect(tabs.map((tab) => tab.readyState)).toEqual([1, 1, 1]);

    // Another person is admitted; and a closed tab frees a place for Ana.
    await joined(server, testToken('editor', { name: 'Cleo' }));
    tabs[0].close();
    await closeOf(tabs[0]);
    await waitFor('the server to count the closed tab', () => server.relay.connectionCount === 3);
    const fourth = await joined(server, anaToken);
    fourth.send(updateFrame(notes(base, 1)[0]));
    const ben = await watcher(server);
    await waitFor('Ana’s note at Ben', () => noteKeys(ben).includes('note-0'));
    expect(fourth.readyState).toBe(fourth.OPEN);
  });
});
