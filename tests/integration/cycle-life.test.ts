import { describe, expect, it } from 'vitest';
import {
  addAction,
  addStandardAgenda,
  cycleHash,
  docToPlan,
  exportCycle,
  importPlan,
  isClosed,
  readClosure,
  readPrevious,
  readRecords,
  setCell,
} from '../../shared/doc/index.ts';
import { CHECKLIST_KEYS } from '../../shared/cycle/close-checklist.ts';
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

function post(server: TestRelay, path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}/api/workspaces/${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * A December cycle with an open action, set up by the facilitator (plan, agenda, action),
 * and an editor's client that has it all and stays connected.
 */
async function december(server: TestRelay) {
  const fran = connectClient(server.syncUrl, 'acme/2026-12', {
    token: testToken('facilitator', { name: 'Fran' }),
  });
  await synced(fran);
  importPlan(fran.doc, makePlan({ periods: months('2026-12', 3) }), 'S&OP 2026-12');
  addStandardAgenda(fran.doc);
  addAction(
    fran.doc,
    {
      title: 'Book overtime',
      owner: 'Ana',
      due: '2026-12-20',
      status: 'open',
      raisedIn: '2026-12',
    },
    'action-1',
  );
  const editor = connectClient(server.syncUrl, 'acme/2026-12', { token: testToken('editor') });
  await waitFor(
    'December at the relay',
    () => readRecords(editor.doc, 'actions').records.length === 1,
  );
  fran.destroy();
  return editor;
}

describe('starting the next cycle', () => {
  it('closes the cycle for everyone, with its hash, and starts the next with the open work', async () => {
    const server = await relay();
    const editor = await december(server);

    const refused = await post(server, 'acme/cycles/2026-12/next', testToken('editor'));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/Only a facilitator/);

    // The cycle leaves its agenda and more open: starting anyway acknowledges them.
    const response = await post(
      server,
      'acme/cycles/2026-12/next',
      testToken('facilitator', { name: 'Fran' }),
      { acknowledge: [...CHECKLIST_KEYS] },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.next).toMatchObject({
      cycle: '2027-01',
      title: 'S&OP 2027-01',
      endedMonth: '2026-12',
      carried: { actions: 1 },
    });
    expect(body.closed.hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    // The connected editor learns of the closure live, and the hash is what its copy holds.
    await waitFor('the closure at the editor', () => isClosed(editor.doc));
    expect(readClosure(editor.doc)).toMatchObject({ closedBy: 'Fran', nextCycle: '2027-01' });
    expect(await cycleHash(editor.doc)).toBe(body.closed.hash);

    // A raw update that skips the commands is dropped by the relay: the cycle is frozen.
    editor.doc.getMap('demand').set('A|2027-01', 999_999);
    const late = connectClient(server.syncUrl, 'acme/2026-12', { token: testToken('viewer') });
    await synced(late);
    expect(late.doc.getMap('demand').get('A|2027-01')).toBeUndefined();
    expect(await cycleHash(late.doc)).toBe(body.closed.hash);
    // The commands refuse too.
    expect(() => setCell(editor.doc, 'demand', 'A', '2027-01', 1)).toThrow('can no longer change');

    // The next cycle is there for anyone who opens it.
    const january = connectClient(server.syncUrl, 'acme/2027-01', { token: testToken('viewer') });
    await waitFor('January', () => january.doc.getMap('meta').get('firstPeriod') === '2027-01');
    expect(docToPlan(january.doc).periods).toEqual(months('2027-01', 3));
    expect(readRecords(january.doc, 'actions').records.map((a) => a.id)).toEqual(['action-1']);
    expect(readPrevious(january.doc)?.hash).toBe(body.closed.hash);

    const again = await post(server, 'acme/cycles/2026-12/next', testToken('facilitator'));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ next: '2027-01' });

    const listing = await fetch(`${server.url}/api/workspaces/acme/cycles`, {
      headers: { Authorization: `Bearer ${testToken('viewer')}` },
    });
    const { cycles } = await listing.json();
    expect(cycles[0]).toEqual({ cycle: '2027-01', title: 'S&OP 2027-01' });
    expect(cycles[1].closedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('answers 404 for a cycle with no plan and for a name that is not a month', async () => {
    const server = await relay();
    const token = testToken('facilitator');
    expect((await post(server, 'acme/cycles/2026-05/next', token)).status).toBe(404);
    const bad = await post(server, 'acme/cycles/latest/next', token);
    expect(bad.status).toBe(404);
    expect((await bad.json()).error).toMatch(/not a cycle/);
  });
});

describe('the cycle file over HTTP', () => {
  it('exports a cycle and imports it into another workspace', async () => {
    const server = await relay();
    const editor = await december(server);
    setCell(editor.doc, 'demand', 'A', '2027-01', 77);
    const source = connectClient(server.syncUrl, 'acme/2026-12', { token: testToken('viewer') });
    await waitFor(
      'the edit at the relay',
      () => source.doc.getMap('demand').get('A|2027-01') === 77,
    );

    const exported = await fetch(`${server.url}/api/workspaces/acme/cycles/2026-12/cycle.json`, {
      headers: { Authorization: `Bearer ${testToken('viewer')}` },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('cycle-acme-2026-12.json');
    const file = await exported.json();
    expect(file).toEqual(JSON.parse(JSON.stringify(exportCycle(source.doc))));

    const globex = testToken('facilitator', { workspace: 'globex' });
    const created = await post(server, 'globex/cycles/import', globex, file);
    expect(created.status).toBe(200);
    expect(await created.json()).toEqual({ cycle: '2026-12', title: 'S&OP 2026-12' });
    const copy = connectClient(server.syncUrl, 'globex/2026-12', {
      token: testToken('viewer', { workspace: 'globex' }),
    });
    await waitFor(
      'the imported cycle',
      () => copy.doc.getMap('meta').get('firstPeriod') !== undefined,
    );
    expect(await cycleHash(copy.doc)).toBe(await cycleHash(source.doc));

    const twice = await post(server, 'globex/cycles/import', globex, file);
    expect(twice.status).toBe(409);

    const broken = await post(server, 'globex/cycles/import', globex, { ...file, version: 7 });
    expect(broken.status).toBe(400);
    expect((await broken.json()).problems[0]).toMatch(/^version: must be 1/);
    const viewer = await post(
      server,
      'globex/cycles/import',
      testToken('viewer', { workspace: 'globex' }),
      file,
    );
    expect(viewer.status).toBe(403);
  });
});
