import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { importPlan, setCell, setTitle } from '../../shared/doc/index.ts';
import { makePlan, months } from '../helpers/plan-builder.ts';
import {
  connectClient,
  relaysForFile,
  synced,
  testToken,
  waitFor,
  type TestRelay,
} from '../helpers/relay.ts';

const relay = relaysForFile();

function cycles(server: TestRelay, workspace: string, token?: string): Promise<Response> {
  return fetch(
    `${server.url}/api/workspaces/${workspace}/cycles`,
    token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  );
}

/**
 * The workspace's cycle list once it equals `expected`, or the last one after 5 s: the
 * list reads the cycle index, which the relay updates about a second after an edit.
 */
async function listedSoon(
  server: TestRelay,
  workspace: string,
  token: string,
  expected: unknown,
): Promise<unknown> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const body: unknown = await (await cycles(server, workspace, token)).json();
    if (JSON.stringify(body) === JSON.stringify(expected) || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes a cycle through a real client and waits until the relay has stored it. */
async function writeCycle(server: TestRelay, room: string, write: (doc: Y.Doc) => void) {
  const writer = connectClient(server.syncUrl, room, {
    token: testToken('editor', { workspace: room.split('/')[0] }),
  });
  await synced(writer);
  write(writer.doc);
  const reader = connectClient(server.syncUrl, room, {
    token: testToken('viewer', { workspace: room.split('/')[0] }),
  });
  await waitFor(
    `the edit of ${room} at the relay`,
    () => reader.provider.synced && reader.doc.share.size > 0,
  );
  return { writer, reader };
}

describe('the cycles of a workspace', () => {
  it('lists every cycle the server holds, newest first, titled from each document', async () => {
    const server = await relay({
      cycles: ['acme/2026-11', 'acme/2026-12', 'acme/2027-01', 'globex/2027-02'],
    });
    const november = await writeCycle(server, 'acme/2026-11', (doc) =>
      importPlan(doc, makePlan({ periods: months('2026-11', 3) }), 'November S&OP'),
    );
    await writeCycle(server, 'acme/2027-01', (doc) =>
      importPlan(doc, makePlan({ periods: months('2027-01', 3) })),
    );
    // A cycle with edits but no meta yet: the title falls back to the cycle's name.
    await writeCycle(server, 'acme/2026-12', (doc) => doc.getMap('demand').set('A|2026-12', 5));
    await writeCycle(server, 'globex/2027-02', (doc) =>
      importPlan(doc, makePlan({ periods: months('2027-02', 3) }), 'Not acme'),
    );
    // November is unloaded (its title comes from the store), the others are still loaded.
    november.writer.destroy();
    november.reader.destroy();
    await waitFor('November to unload', () => !server.relay.rooms.has('acme/2026-11'));

    const response = await cycles(server, 'acme', testToken('viewer'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const expected = {
      workspace: 'acme',
      cycles: [
        { cycle: '2027-01', title: 'S&OP cycle 2027-01' },
        { cycle: '2026-12', title: 'S&OP cycle 2026-12' },
        { cycle: '2026-11', title: 'November S&OP' },
      ],
    };
    expect(await listedSoon(server, 'acme', testToken('viewer'), expected)).toEqual(expected);
  });

  it('shows a title changed a moment ago in an open cycle', async () => {
    const server = await relay();
    const { writer } = await writeCycle(server, 'acme/2026-12', (doc) =>
      importPlan(doc, makePlan(), 'December'),
    );
    setTitle(writer.doc, 'December S&OP (final)');
    setCell(writer.doc, 'demand', 'A', '2026-12', 9);
    const reader = connectClient(server.syncUrl, 'acme/2026-12');
    await waitFor(
      'the new title at the relay',
      () => reader.doc.getMap('meta').get('title') === 'December S&OP (final)',
    );
    const expected = {
      workspace: 'acme',
      cycles: [{ cycle: '2026-12', title: 'December S&OP (final)' }],
    };
    expect(await listedSoon(server, 'acme', testToken('editor'), expected)).toEqual(expected);
  });

  it('answers an empty list for a workspace with no cycles yet', async () => {
    const server = await relay();
    const response = await cycles(
      server,
      'initech',
      testToken('facilitator', { workspace: 'initech' }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ workspace: 'initech', cycles: [] });
  });

  it('refuses a missing, expired or forged token (401), another workspace (403), a bad name (404)', async () => {
    const server = await relay();
    const missing = await cycles(server, 'acme');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await missing.json()).error).toMatch(/missing token/);
    const expired = testToken('editor', { expiresAt: Date.now() - 1 });
    expect((await cycles(server, 'acme', expired)).status).toBe(401);
    const forged = testToken('editor', { secret: 'not-the-server-secret-at-all' });
    expect((await cycles(server, 'acme', forged)).status).toBe(401);
    const other = await cycles(server, 'acme', testToken('editor', { workspace: 'globex' }));
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatch(/another workspace/);
    expect((await cycles(server, 'a.b', testToken('editor'))).status).toBe(404);
  });
});
