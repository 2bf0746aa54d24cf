import { describe, expect, it } from 'vitest';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { docToPlan, importPlan } from '../../shared/doc/index.ts';
import {
  connectClient,
  relaysForFile,
  synced,
  testToken,
  waitFor,
  type TestRelay,
} from '../helpers/relay.ts';

const relay = relaysForFile();
let server: TestRelay;

function exportUrl(room: string): string {
  return `${server.url}/api/rooms/${room}/plan.json`;
}

function get(room: string, token?: string): Promise<Response> {
  return fetch(exportUrl(room), token ? { headers: { Authorization: `Bearer ${token}` } } : {});
}

describe('the room plan export', () => {
  it('answers the room’s document as a plan file to a bearer of a valid invite', async () => {
    server = await relay();
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    await synced(ana);
    importPlan(ana.doc, generateDemoPlan());
    const expected = JSON.parse(JSON.stringify(docToPlan(ana.doc)));
    // A second client having it means the relay stored it.
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await waitFor(
      'the import at Ben',
      () => ben.doc.getMap('meta').size > 0 && ben.provider.synced,
    );

    // Viewers may export: it only reads.
    const response = await get('acme/2026-12', testToken('viewer'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(expected);
  });

  it('refuses a missing, expired or forged token (401) and another workspace (403)', async () => {
    server ??= await relay();
    expect((await get('acme/2026-12')).status).toBe(401);
    const expired = testToken('editor', { expiresAt: Date.now() - 1 });
    expect((await get('acme/2026-12', expired)).status).toBe(401);
    const forged = testToken('editor', { secret: 'not-the-server-secret-at-all' });
    expect((await get('acme/2026-12', forged)).status).toBe(401);
    const other = testToken('editor', { workspace: 'globex' });
    const response = await get('acme/2026-12', other);
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatch(/another workspace/);
  });

  it('answers 404 for a room nobody has written', async () => {
    server ??= await relay();
    const response = await get('acme/1999-01', testToken('editor'));
    expect(response.status).toBe(404);
  });
});
