import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRisk, updateRisk } from '../../shared/doc/index.ts';
import {
  connectClient,
  relaysForFile,
  synced,
  testToken,
  waitFor,
  type TestClient,
  type TestRelay,
} from '../helpers/relay.ts';
import { postgresForFile } from '../helpers/postgres.ts';

const freshDatabase = postgresForFile();
const relay = relaysForFile();
const ROOM = 'acme/2026-12';

const ANA = { name: 'Ana Sales', id: 'invite-ana-1' };
const BEN = { name: 'Ben Supply', id: 'invite-ben-2' };

interface ApiEntry {
  seq: number;
  at: string;
  who: { name: string; role: string | null; inviteId: string | null; via?: string | null };
  connection: string | null;
  bytes: number;
  changes: { root: string; key: string | null; field: string | null; action: string }[];
  changeCount: number;
}

async function historyOf(
  server: TestRelay,
  query = '',
  token = testToken('viewer'),
): Promise<{ status: number; body: { cycle?: string; entries?: ApiEntry[]; error?: string } }> {
  const response = await fetch(`${server.url}/api/workspaces/acme/cycles/2026-12/history${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: await response.json() };
}

async function stateAt(server: TestRelay, path: string): Promise<Response> {
  return fetch(`${server.url}/api/workspaces/acme/cycles/2026-12/history/${path}`, {
    headers: { authorization: `Bearer ${testToken('viewer')}` },
  });
}

async function docOf(response: Response): Promise<Y.Doc> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/octet-stream');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
  return doc;
}

/** Polls the history until it lists `count` changes; gives them, newest first. */
async function entriesWhenStored(server: TestRelay, count: number): Promise<ApiEntry[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await historyOf(server);
    if ((body.entries?.length ?? 0) >= count) return body.entries!;
    if (Date.now() > deadline) throw new Error(`history never held ${count} changes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function person(
  server: TestRelay,
  who: { name: string; id: string },
  role: 'editor' | 'facilitator',
): TestClient {
  return connectClient(server.syncUrl, ROOM, {
    token: testToken(role, { name: who.name, id: who.id }),
  });
}

describe('history over HTTP, from edits made over real websockets', () => {
  it('lists each change with its author, role, invite, connection and what it touched', async () => {
    const server = await relay();
    const ana = person(server, ANA, 'editor');
    const ben = person(server, BEN, 'facilitator');
    await Promise.all([synced(ana), synced(ben)]);

    ana.doc.getMap('demand').set('Garden hoses|2027-06', 700);
    await entriesWhenStored(server, 1);
    const risk = addRisk(ben.doc, {
      title: 'Late supplier',
      kind: 'risk',
      probability: 3,
      impact: 4,
      status: 'open',
      raisedIn: '2026-12',
    });
    await entriesWhenStored(server, 2);
    await waitFor('Ana to see the risk', () => ana.doc.getMap('risks').has(risk));
    updateRisk(ana.doc, risk, { probability: 5 });
    const entries = await entriesWhenStored(server, 3);

    expect(entries.map((entry) => entry.seq)).toEqual([3, 2, 1]);
    const [third, second, first] = entries;
    expect(first).toMatchObject({
      who: { name: ANA.name, role: 'editor', inviteId: ANA.id },
      changes: [{ root: 'demand', key: 'Garden hoses|2027-06', field: null, action: 'set' }],
      changeCount: 1,
    });
    expect(first.connection).toMatch(/^c\d+$/);
    expect(first.bytes).toBeGreaterThan(0);
    expect(Date.parse(first.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(second).toMatchObject({
      who: { name: BEN.name, role: 'facilitator', inviteId: BEN.id },
      changes: [{ root: 'risks', key: risk, field: null, action: 'set' }],
    });
    expect(second.connection).not.toBe(first.connection);
    // An edit of one field names the field.
    expect(third.changes).toEqual([
      { root: 'risks', key: risk, field: 'probability', action: 'set' },
    ]);

    // Filters: person, collection, paging.
    const byAna = await historyOf(server, `?who=${encodeURIComponent('ana sales')}`);
    expect(byAna.body.entries!.map((entry) => entry.seq)).toEqual([3, 1]);
    const risks = await historyOf(server, '?root=risks');
    expect(risks.body.entries!.map((entry) => entry.seq)).toEqual([3, 2]);
    const page = await historyOf(server, '?limit=1&before=3');
    expect(page.body).toEqual({ cycle: '2026-12', entries: [second] });
    const later = await historyOf(server, `?since=${encodeURIComponent(second.at)}`);
    expect(later.body.entries!.map((entry) => entry.seq)).toEqual([3, 2]);
  });

  it('gives the cycle as it was before an editor wiped it, and attributes the wipe', async () => {
    const server = await relay();
    const ben = person(server, BEN, 'facilitator');
    const ana = person(server, ANA, 'editor');
    await Promise.all([synced(ana), synced(ben)]);
    ben.doc.transact(() => {
      for (let month = 1; month <= 12; month++) {
        ben.doc.getMap('demand').set(`F1|2027-${String(month).padStart(2, '0')}`, month * 100);
      }
    });
    const cells = ben.doc.getMap('demand').toJSON();
    const [filled] = await entriesWhenStored(server, 1);
    await waitFor('Ana to see the plan', () => ana.doc.getMap('demand').size === 12);

    // Ana clears every cell in one change.
    ana.doc.transact(() => {
      for (const key of [...ana.doc.getMap('demand').keys()]) ana.doc.getMap('demand').delete(key);
    });
    const [wipe] = await entriesWhenStored(server, 2);
    expect(wipe.who).toEqual({ name: ANA.name, role: 'editor', inviteId: ANA.id });
    expect(wipe.changeCount).toBe(12);
    expect(
      wipe.changes.every((change) => change.root === 'demand' && change.action === 'delete'),
    ).toBe(true);

    // Right before the wipe: every cell as it was.
    const before = await docOf(await stateAt(server, `${wipe.seq}/state?before=1`));
    expect(before.getMap('demand').toJSON()).toEqual(cells);
    // The same as right after the change that filled them.
    const afterFill = await docOf(await stateAt(server, `${filled.seq}/state`));
    expect(afterFill.getMap('demand').toJSON()).toEqual(cells);
    // Right after the wipe: empty, as the room is now.
    const after = await docOf(await stateAt(server, `${wipe.seq}/state`));
    expect(after.getMap('demand').toJSON()).toEqual({});
    // Right before the first change: nothing.
    const start = await docOf(await stateAt(server, `${filled.seq}/state?before=1`));
    expect(start.getMap('demand').size).toBe(0);
  });

  it('attributes a change the server writes to the server, with what wrote it', async () => {
    const server = await relay({ cycles: [] });
    const facilitator = testToken('facilitator', { name: 'Fran', id: 'invite-fran1' });
    const created = await fetch(`${server.url}/api/workspaces/acme/cycles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cycle: '2026-12', title: 'December plan' }),
    });
    expect(created.status).toBe(200);
    const { body } = await historyOf(server);
    expect(body.entries).toHaveLength(1);
    expect(body.entries![0]).toMatchObject({
      seq: 1,
      who: { name: 'Fulcrum server', role: null, inviteId: null, via: 'new-cycle' },
      connection: null,
    });
    expect(body.entries![0].changeCount).toBeGreaterThan(0);
  });

  it('answers 401, 403, 404 and 400 with the reason in words', async () => {
    const server = await relay();
    expect((await historyOf(server, '', 'not-a-token')).status).toBe(401);
    expect((await historyOf(server, '', testToken('viewer', { workspace: 'other' }))).status).toBe(
      403,
    );
    const unknown = await fetch(`${server.url}/api/workspaces/acme/cycles/2031-01/history`, {
      headers: { authorization: `Bearer ${testToken('viewer')}` },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'There is no cycle 2031-01 in this workspace.' });
    for (const [query, parameter] of [
      ['?since=yesterday', 'since'],
      ['?until=2026-13-45', 'until'],
      ['?limit=501', 'limit'],
      ['?limit=0', 'limit'],
      ['?before=-1', 'before'],
    ] as const) {
      const bad = await historyOf(server, query);
      expect(bad.status, query).toBe(400);
      expect(bad.body).toMatchObject({ parameter });
      expect(bad.body.error).toContain(parameter);
    }
    const noSuchChange = await stateAt(server, '7/state');
    expect(noSuchChange.status).toBe(404);
    expect(await noSuchChange.json()).toEqual({ error: 'Cycle 2026-12 has no change number 7.' });
    expect((await stateAt(server, 'x/state')).status).toBe(400);
  });

  it('says a change folded away by the retention window is no longer kept', async () => {
    const server = await relay();
    const ana = person(server, ANA, 'editor');
    await synced(ana);
    ana.doc.getMap('demand').set('F1|2027-01', 1);
    await entriesWhenStored(server, 1);
    ana.doc.getMap('demand').set('F1|2027-01', 2);
    const [second] = await entriesWhenStored(server, 2);
    // Everything stored until now is older than a cutoff a minute from now.
    const store = server.relay.storage as unknown as {
      trimHistory(cutoff: string): Promise<unknown>;
    };
    await store.trimHistory(new Date(Date.now() + 60_000).toISOString());
    const folded = await stateAt(server, '1/state');
    expect(folded.status).toBe(404);
    expect((await folded.json()).error).toBe(
      `Changes before ${second.at.slice(0, 10)} are no longer kept (retention: 180 days).`,
    );
    // The newest folded point is the base: still rebuilt.
    const kept = await docOf(await stateAt(server, '2/state'));
    expect(kept.getMap('demand').get('F1|2027-01')).toBe(2);
    expect((await historyOf(server)).body.entries).toEqual([]);
  });
  it('keeps the same history on PostgreSQL: authors, and the state before a change', async () => {
    const server = await relay({ databaseUrl: await freshDatabase() });
    const ana = person(server, ANA, 'editor');
    const ben = person(server, BEN, 'facilitator');
    await Promise.all([synced(ana), synced(ben)]);
    ana.doc.getMap('demand').set('F1|2027-06', 700);
    await entriesWhenStored(server, 1);
    await waitFor('Ben to see it', () => ben.doc.getMap('demand').get('F1|2027-06') === 700);
    ben.doc.getMap('demand').set('F1|2027-06', 650);
    const [second, first] = await entriesWhenStored(server, 2);
    expect(first.who).toEqual({ name: ANA.name, role: 'editor', inviteId: ANA.id });
    expect(second.who).toEqual({ name: BEN.name, role: 'facilitator', inviteId: BEN.id });
    expect(second.changes).toEqual([
      { root: 'demand', key: 'F1|2027-06', field: null, action: 'set' },
    ]);
    const before = await docOf(await stateAt(server, `${second.seq}/state?before=1`));
    expect(before.getMap('demand').get('F1|2027-06')).toBe(700);
    const ben2 = await historyOf(server, '?who=Ben%20Supply');
    expect(ben2.body.entries!.map((entry) => entry.seq)).toEqual([second.seq]);
  });
});
