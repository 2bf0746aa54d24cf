import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importPlan } from '../../shared/doc/index.ts';
import { SqliteStorage, databaseFile } from '../../server/storage/sqlite-storage.ts';
import { makePlan, months } from '../helpers/plan-builder.ts';
import {
  closeOf,
  connectClient,
  openRawSocket,
  relaysForFile,
  synced,
  tempDirsForFile,
  testToken,
  waitFor,
  type TestRelay,
} from '../helpers/relay.ts';

const tempDir = tempDirsForFile();
const relay = relaysForFile();

function newCycle(server: TestRelay, token: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/workspaces/acme/cycles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function listed(server: TestRelay): Promise<{ cycle: string; title: string }[]> {
  const response = await fetch(`${server.url}/api/workspaces/acme/cycles`, {
    headers: { authorization: `Bearer ${testToken('viewer')}` },
  });
  return ((await response.json()) as { cycles: { cycle: string; title: string }[] }).cycles;
}

describe('only the server creates a cycle', () => {
  it('refuses a socket to a cycle it never created, storing and listing nothing', async () => {
    const server = await relay();
    const socket = await openRawSocket(`${server.syncUrl}/acme/2031-05?token=${testToken()}`);
    expect(await closeOf(socket)).toEqual({
      code: 4404,
      reason: 'there is no cycle called 2031-05 in this workspace',
    });
    // Even a facilitator cannot create one by connecting.
    const facilitator = connectClient(server.syncUrl, 'acme/2031-05', {
      token: testToken('facilitator'),
    });
    await waitFor('the facilitator to be refused', () => facilitator.closeCodes.length > 0);
    expect(facilitator.closeCodes).toEqual([4404]);
    expect(facilitator.provider.shouldConnect).toBe(false);
    expect(server.relay.rooms.has('acme/2031-05')).toBe(false);
    expect(await server.relay.storage.rooms('acme/2031')).toEqual([]);
    expect((await listed(server)).map((entry) => entry.cycle)).toEqual(['2026-12']);
    // Nor do the HTTP exports of an unknown cycle load or create anything.
    const headers = { authorization: `Bearer ${testToken()}` };
    const plan = await fetch(`${server.url}/api/rooms/acme/2031-05/plan.json`, { headers });
    expect(plan.status).toBe(404);
    expect((await plan.json()).error).toBe('there is no cycle called 2031-05 in this workspace');
    const file = await fetch(`${server.url}/api/workspaces/acme/cycles/2031-05/cycle.json`, {
      headers,
    });
    expect(file.status).toBe(404);
    expect(server.relay.rooms.size).toBe(0);
  });

  it('creates none of 10,000 junk cycle names', async () => {
    const server = await relay();
    const token = testToken('facilitator');
    const codes = new Map<number, number>();
    const batch = 250;
    for (let start = 0; start < 10_000; start += batch) {
      const closes = await Promise.all(
        Array.from({ length: batch }, async (_, i) => {
          const socket = await openRawSocket(
            `${server.syncUrl}/acme/junk-${start + i}?token=${token}`,
          );
          return (await closeOf(socket)).code;
        }),
      );
      for (const code of closes) codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect([...codes]).toEqual([[4404, 10_000]]);
    expect(server.relay.rooms.size).toBe(0);
    expect(await server.relay.storage.rooms('acme/junk')).toEqual([]);
    expect(await listed(server)).toHaveLength(1);
  }, 120_000);

  it('lets a facilitator create a cycle, refuses others (403), a second one (409) and a bad one (400)', async () => {
    const server = await relay();
    const created = await newCycle(server, testToken('facilitator'), {
      cycle: '2027-01',
      title: 'January S&OP',
    });
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ cycle: '2027-01', title: 'January S&OP' });
    expect(await listed(server)).toEqual([
      { cycle: '2027-01', title: 'January S&OP' },
      { cycle: '2026-12', title: 'S&OP cycle 2026-12' },
    ]);
    // Anyone invited may now open it, and finds its title, horizon and agenda.
    const ana = connectClient(server.syncUrl, 'acme/2027-01');
    await synced(ana);
    expect(ana.doc.getMap('meta').get('title')).toBe('January S&OP');
    expect(ana.doc.getMap('meta').get('firstPeriod')).toBe('2027-01');
    expect(ana.doc.getMap('meta').get('periodCount')).toBe(18);

    for (const role of ['editor', 'approver', 'viewer'] as const) {
      const refused = await newCycle(server, testToken(role), { cycle: '2027-02', title: 'X' });
      expect(refused.status, role).toBe(403);
      expect((await refused.json()).error).toMatch(/Only a facilitator/);
    }
    const again = await newCycle(server, testToken('facilitator'), {
      cycle: '2027-01',
      title: 'Another January',
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: 'Cycle 2027-01 already exists in this workspace.',
    });
    const bad = await newCycle(server, testToken('facilitator'), { cycle: 'junk', title: ' ' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).problems).toEqual([
      'cycle must be a month written YYYY-MM, like 2027-01, got "junk"',
      'title must be 1 to 200 characters',
    ]);
    const notJson = await newCycle(server, testToken('facilitator'), 'cycle=2027-03');
    expect(notJson.status).toBe(400);
    expect(await server.relay.storage.rooms('acme/')).toEqual(['acme/2027-01']);
  });

  it('lists 200 cycles from the index without loading a room, indexing an older data folder once', async () => {
    // A data folder from before the index: 200 stored rooms and no index entries.
    const dataDir = await tempDir('older');
    const storage = new SqliteStorage(databaseFile(dataDir));
    const cycles = Array.from({ length: 200 }, (_, i) => `2${String(i).padStart(3, '0')}-01`);
    for (const cycle of cycles) {
      const doc = new Y.Doc();
      importPlan(doc, makePlan({ periods: months(cycle, 2) }), `Cycle ${cycle}`);
      await storage.append(`acme/${cycle}`, Y.encodeStateAsUpdate(doc));
      doc.destroy();
    }
    await storage.close();

    const server = await relay({ dataDir, cycles: [] });
    const listing = await listed(server);
    expect(listing).toHaveLength(200);
    expect(listing[0]).toEqual({ cycle: '2199-01', title: 'Cycle 2199-01' });
    expect(listing.at(-1)).toEqual({ cycle: '2000-01', title: 'Cycle 2000-01' });
    expect(server.relay.rooms.size).toBe(0);
    // The stored rooms are cycles now: people can open them.
    const ana = connectClient(server.syncUrl, 'acme/2100-01');
    await synced(ana);
    expect(ana.doc.getMap('meta').get('title')).toBe('Cycle 2100-01');
  });
});
