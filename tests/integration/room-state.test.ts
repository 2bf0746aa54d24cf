import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { inviteIdOf } from '../../server/auth/tokens.ts';
import type { CliIo } from '../../server/cli/cli-io.ts';
import { revokeCommand } from '../../server/cli/revoke-command.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { docToPlan, importPlan, setCell } from '../../shared/doc/index.ts';
import {
  connectClient,
  createCycles,
  destroyAllClients,
  relaysForFile,
  synced,
  testToken,
  waitFor,
  type TestRelay,
} from '../helpers/relay.ts';

const relay = relaysForFile();
const ROOM = 'acme/2026-12';

function getState(
  server: TestRelay,
  room: string,
  token?: string,
  encoding = 'gzip, deflate, br',
): Promise<Response> {
  return fetch(`${server.url}/api/rooms/${room}/state`, {
    headers: {
      'Accept-Encoding': encoding,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
  });
}

/** A room with the demo plan in it, stored by the relay. */
async function seeded(server: TestRelay) {
  const ana = connectClient(server.syncUrl, ROOM);
  await synced(ana);
  importPlan(ana.doc, generateDemoPlan());
  const ben = connectClient(server.syncUrl, ROOM);
  await waitFor('the import at Ben', () => ben.doc.getMap('meta').size > 0 && ben.provider.synced);
  return ana;
}

describe('the room state a first visit loads over HTTP', () => {
  it('is the whole document, for any role the relay admits, and the socket then brings what changed since', async () => {
    const server = await relay();
    const ana = await seeded(server);

    const response = await getState(server, ROOM, testToken('viewer'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Gzipped on the way (fetch unzips it), and the same bytes for a client that takes none.
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const state = new Uint8Array(await response.arrayBuffer());
    const plain = await getState(server, ROOM, testToken('viewer'), 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await plain.arrayBuffer())).toEqual(state);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(docToPlan(doc)).toEqual(docToPlan(ana.doc));

    // An edit made after the state was read reaches the page through its socket.
    const family = docToPlan(ana.doc).families[0].id;
    const month = docToPlan(ana.doc).periods[0];
    setCell(ana.doc, 'demand', family, month, 4321);
    const page = connectClient(server.syncUrl, ROOM, { doc, token: testToken('viewer') });
    await waitFor(
      'the later edit at the page',
      () => docToPlan(page.doc).demand[family]?.[month] === 4321,
    );
    expect(docToPlan(page.doc)).toEqual(docToPlan(ana.doc));
  });

  it('of a room nobody has open is its stored snapshot, sent without loading the room', async () => {
    const server = await relay();
    const ana = await seeded(server);
    const plan = docToPlan(ana.doc);
    destroyAllClients();
    // Unloaded once idle, the room is compacted to one snapshot.
    await waitFor('the room unloaded', () => !server.relay.rooms.has(ROOM));
    const response = await getState(server, ROOM, testToken('viewer'));
    expect(response.headers.get('fulcrum-cycle')).toBe('2026-12');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
    expect(docToPlan(doc)).toEqual(plan);
    expect(server.relay.rooms.has(ROOM)).toBe(false);
  });

  it('gives the newest cycle when asked for `newest`, names it, and is encoded again after each change', async () => {
    const server = await relay();
    const ana = await seeded(server);
    await createCycles(server, ['acme/2026-11']);
    const viewer = testToken('viewer');

    const first = await getState(server, 'acme/newest', viewer);
    expect(first.status).toBe(200);
    expect(first.headers.get('fulcrum-cycle')).toBe('2026-12');
    const state = new Uint8Array(await first.arrayBuffer());
    expect(new Uint8Array(await (await getState(server, ROOM, viewer)).arrayBuffer())).toEqual(
      state,
    );

    // A change after one visit is in the next visit's state.
    const family = docToPlan(ana.doc).families[0].id;
    const month = docToPlan(ana.doc).periods[0];
    setCell(ana.doc, 'demand', family, month, 9876);
    let seen: number | undefined;
    for (let tries = 0; tries < 200 && seen !== 9876; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const doc = new Y.Doc();
      Y.applyUpdate(
        doc,
        new Uint8Array(await (await getState(server, ROOM, viewer)).arrayBuffer()),
      );
      seen = docToPlan(doc).demand[family]?.[month];
    }
    expect(seen).toBe(9876);

    await createCycles(server, ['acme/2027-01']);
    const newer = await getState(server, 'acme/newest', viewer);
    expect(newer.headers.get('fulcrum-cycle')).toBe('2027-01');
    // Another workspace's invite learns nothing of this one's cycles; an empty one has none.
    expect(
      (await getState(server, 'acme/newest', testToken('editor', { workspace: 'globex' }))).status,
    ).toBe(403);
    const none = await getState(
      server,
      'globex/newest',
      testToken('editor', { workspace: 'globex' }),
    );
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: 'The workspace globex has no cycle yet' });
  });

  it('refuses a missing, expired, forged or revoked token (401), another workspace (403) and a cycle never created (404)', async () => {
    const server = await relay();
    await seeded(server);
    expect((await getState(server, ROOM)).status).toBe(401);
    const expired = testToken('editor', { expiresAt: Date.now() - 1 });
    expect((await getState(server, ROOM, expired)).status).toBe(401);
    const forged = testToken('editor', { secret: 'not-the-server-secret-at-all' });
    expect((await getState(server, ROOM, forged)).status).toBe(401);
    const other = await getState(server, ROOM, testToken('editor', { workspace: 'globex' }));
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatch(/another workspace/);
    // A revoked invite reads nothing, as its socket is refused.
    const revoked = testToken('viewer', { name: 'Left' });
    const io: CliIo = {
      stdout: async () => {},
      stderr: () => {},
      env: { DATA_DIR: server.dataDir },
    };
    await revokeCommand([inviteIdOf(revoked)!], io);
    await waitFor('the revocation at the relay', () =>
      server.relay.isRevoked(inviteIdOf(revoked)!),
    );
    const refused = await getState(server, ROOM, revoked);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'Unauthorized: revoked token' });
    const missing = await getState(server, 'acme/1999-01', testToken('editor'));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('there is no cycle called 1999-01 in this workspace');
  });
});
