import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../server/storage/memory-storage.ts';
import { docToPlan } from '../../shared/doc/index.ts';
import { baseRows, GRIDS, metaMap } from '../../shared/doc/layout.ts';
import { SCHEMA_VERSION } from '../../shared/schema/records.ts';
import { connectClient, relaysForFile, synced, testToken, waitFor } from '../helpers/relay.ts';

const relay = relaysForFile();
const ROOM = 'acme/2026-12';
/** A version 1 cycle saved on 2026-11-25 and never rewritten (tests/fixtures). */
const V1 = readFileSync(new URL('../fixtures/cycle-v1.bin', import.meta.url));
const expected = JSON.parse(
  readFileSync(new URL('../fixtures/cycle-v1.expected.json', import.meta.url), 'utf8'),
);

/** Every imported row of every grid of `doc`. */
function allRows(doc: Y.Doc): unknown[] {
  return GRIDS.flatMap((name) => [...baseRows(doc, name).values()]);
}

describe('a cycle an older version wrote', () => {
  it('is upgraded by the server as it loads, stored as its change, and read the same by every role', async () => {
    const storage = new MemoryStorage();
    await storage.append(ROOM, new Uint8Array(V1));
    const server = await relay({ storage });

    // A viewer may write nothing, yet gets the upgraded document: the server wrote it.
    const viewer = connectClient(server.syncUrl, ROOM, { token: testToken('viewer') });
    await synced(viewer);
    expect(metaMap(viewer.doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(allRows(viewer.doc).length).toBeGreaterThan(10);
    for (const row of allRows(viewer.doc)) expect(Array.isArray(row)).toBe(true);
    expect(docToPlan(viewer.doc)).toEqual(expected.plan);

    // Stored as the server's own change, after the version 1 one.
    const stored = await storage.load(ROOM);
    const again = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(again, update);
    expect(metaMap(again).get('schemaVersion')).toBe(SCHEMA_VERSION);
    const history = await storage.history(ROOM);
    expect(history.map((entry) => entry.author)).toContainEqual(
      expect.objectContaining({ via: 'upgrade' }),
    );

    // Loaded again (unloaded once idle), there is nothing left to upgrade.
    viewer.provider.destroy();
    await waitFor('the room unloaded', () => !server.relay.rooms.has(ROOM));
    const count = (await storage.history(ROOM)).length;
    const editor = connectClient(server.syncUrl, ROOM, { token: testToken('editor') });
    await synced(editor);
    expect(docToPlan(editor.doc)).toEqual(expected.plan);
    expect((await storage.history(ROOM)).length).toBe(count);
  });
});
