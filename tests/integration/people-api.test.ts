import { describe, expect, it } from 'vitest';
import { relaysForFile, testToken, type TestRelay } from '../helpers/relay.ts';

const relay = relaysForFile();

interface Listed {
  id: string;
  name: string;
  role: string;
  functions: string[];
}

function people(server: TestRelay, workspace: string, token?: string): Promise<Response> {
  return fetch(
    `${server.url}/api/workspaces/${workspace}/people`,
    token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  );
}

function edit(server: TestRelay, id: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/workspaces/acme/people/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function listOf(server: TestRelay, token: string): Promise<Listed[]> {
  const response = await people(server, 'acme', token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { people: Listed[] }).people;
}

const fran = testToken('facilitator', { name: 'Fran Facilitator', functions: ['executive'] });
const sam = testToken('editor', { name: 'Sam Sales', functions: ['sales', 'marketing'] });
const sue = testToken('editor', { name: 'Sue Supply', functions: ['supplyChain'] });

describe("the workspace's people", () => {
  it('lists everyone whose invite asked, with their role and functions, by name', async () => {
    const server = await relay();
    await listOf(server, sue);
    await listOf(server, sam);
    const list = await listOf(server, fran);
    expect(list.map(({ name, role, functions }) => ({ name, role, functions }))).toEqual([
      { name: 'Fran Facilitator', role: 'facilitator', functions: ['executive'] },
      { name: 'Sam Sales', role: 'editor', functions: ['sales', 'marketing'] },
      { name: 'Sue Supply', role: 'editor', functions: ['supplyChain'] },
    ]);
    // A new invite for the same person is the same person, not a second one.
    await listOf(server, testToken('approver', { name: 'sam sales', functions: ['sales'] }));
    const again = await listOf(server, fran);
    expect(again).toHaveLength(3);
    expect(again.find((person) => person.name === 'Sam Sales')).toMatchObject({
      role: 'approver',
      functions: ['sales'],
    });
  });

  it('starts the demo workspace with its seven people', async () => {
    const server = await relay();
    const response = await people(
      server,
      'demo',
      testToken('viewer', { workspace: 'demo', name: 'Val Viewer' }),
    );
    const body = (await response.json()) as { people: Listed[] };
    expect(body.people.map((person) => person.name)).toEqual([
      'Eve Executive',
      'Finn Finance',
      'Fran Facilitator',
      'Mia Marketing',
      'Sam Sales',
      'Sue Supply',
      'Val Viewer',
    ]);
    // Sales and marketing are two people, so the demand review shows two functions adjusting.
    const functionsOf = (name: string) =>
      body.people.find((person) => person.name === name)?.functions;
    expect(functionsOf('Sam Sales')).toEqual(['sales']);
    expect(functionsOf('Mia Marketing')).toEqual(['marketing']);
  });

  it('lets the facilitator correct a name and functions, which a later invite keeps', async () => {
    const server = await relay();
    await listOf(server, sam);
    const samId = (await listOf(server, fran)).find((person) => person.name === 'Sam Sales')!.id;
    const response = await edit(server, samId, fran, {
      name: 'Samuel Sales',
      functions: ['marketing'],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      person: { id: samId, name: 'Samuel Sales', role: 'editor', functions: ['marketing'] },
    });
    await listOf(server, sam);
    expect((await listOf(server, fran)).find((person) => person.id === samId)).toMatchObject({
      name: 'Samuel Sales',
      functions: ['marketing'],
    });
  });

  it('refuses an edit from anyone but the facilitator, and changes nothing', async () => {
    const server = await relay();
    const samId = (await listOf(server, sam)).find((person) => person.name === 'Sam Sales')!.id;
    for (const token of [
      sam,
      testToken('approver', { name: 'Eve' }),
      testToken('viewer', { name: 'Val' }),
    ]) {
      const response = await edit(server, samId, token, { name: 'Mallory' });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: "Only the facilitator changes the workspace's people: names and functions.",
      });
    }
    expect((await listOf(server, fran)).find((person) => person.id === samId)?.name).toBe(
      'Sam Sales',
    );
    // Another workspace's facilitator is refused too.
    const other = testToken('facilitator', { workspace: 'globex', name: 'Gus' });
    expect((await edit(server, samId, other, { name: 'Mallory' })).status).toBe(403);
    expect((await people(server, 'acme')).status).toBe(401);
  });

  it('names a bad edit and an unknown person', async () => {
    const server = await relay();
    const samId = (await listOf(server, sam)).find((person) => person.name === 'Sam Sales')!.id;
    const wrong = await edit(server, samId, fran, { functions: ['legal'] });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe(
      'functions must be a list of sales, marketing, supplyChain, finance, executive.',
    );
    expect((await edit(server, samId, fran, { role: 'facilitator' })).status).toBe(400);
    expect((await edit(server, samId, fran, { name: '  ' })).status).toBe(400);
    expect((await edit(server, 'nobody-here1', fran, { name: 'X' })).status).toBe(404);
  });
});
