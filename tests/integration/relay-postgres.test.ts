import { rm } from 'node:fs/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStorage } from '../../server/storage/postgres-storage.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { spawnRelay, type RelayProcess } from '../helpers/relay-process.ts';
import {
  connectClient,
  destroyAllClients,
  makeTempDir,
  relaysForFile,
  sortedJson,
  startRelay,
  synced,
  waitFor,
} from '../helpers/relay.ts';

const freshDatabase = postgresForFile();
const relay = relaysForFile();
const dirs: string[] = [];
const processes: RelayProcess[] = [];

afterEach(() => destroyAllClients());
afterAll(async () => {
  for (const running of processes) running.child.kill('SIGKILL');
  await Promise.all(processes.map((running) => running.exited));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix);
  dirs.push(dir);
  return dir;
}

describe('the relay on PostgreSQL', () => {
  it('brings two people’s concurrent edits together and stores them in the database', async () => {
    const databaseUrl = await freshDatabase();
    const server = await relay({ databaseUrl });
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await Promise.all([synced(ana), synced(ben)]);
    for (let i = 0; i < 10; i++) {
      ana.doc.getMap('demand').set(`F${i}|2026-12`, i);
      ben.doc.getMap('demand').set(`F${i}|2027-01`, i * 100);
    }
    ana.doc.getText('notes').insert(0, 'Ana ');
    ben.doc.getText('notes').insert(0, 'Ben ');
    await waitFor(
      'both replicas to converge',
      () =>
        ana.doc.getMap('demand').size === 20 &&
        sortedJson(ana.doc.getMap('demand')) === sortedJson(ben.doc.getMap('demand')) &&
        ana.doc.getText('notes').toString() === ben.doc.getText('notes').toString() &&
        ana.doc.getText('notes').length === 8,
    );
    // What the relay forwarded is in PostgreSQL: another connection to it reads it back.
    const reader = await PostgresStorage.open(databaseUrl);
    try {
      // Converged means stored: the relay forwards an update only after storing it.
      const stored = new Y.Doc();
      const { updates } = await reader.load('acme/2026-12');
      for (const update of updates) Y.applyUpdate(stored, update);
      expect(sortedJson(stored.getMap('demand'))).toBe(sortedJson(ana.doc.getMap('demand')));
      expect(await reader.rooms('acme/')).toEqual(['acme/2026-12']);
    } finally {
      await reader.close();
    }
  });

  it('keeps every acknowledged edit across a restart, whatever the data folder', async () => {
    const databaseUrl = await freshDatabase();
    // A small compaction threshold, so the restart reads a snapshot plus later updates.
    const first = await startRelay({ databaseUrl, settings: { compactEvery: 7 } });
    const ana = connectClient(first.syncUrl, 'acme/2026-12');
    await synced(ana);
    const text = ana.doc.getText('notes');
    for (let i = 0; i < 20; i++) {
      ana.doc.getMap('demand').set(`F${i}|2026-12`, i * 10);
      text.insert(text.length, `${i};`);
    }
    ana.doc.getMap('demand').delete('F3|2026-12');
    const expected = sortedJson(ana.doc.getMap('demand'));
    const expectedText = text.toString();
    // Another client's view is the proof that the relay stored the edits: it forwards an
    // update only after storing it.
    const ben = connectClient(first.syncUrl, 'acme/2026-12');
    await waitFor('Ben to see everything', () => sortedJson(ben.doc.getMap('demand')) === expected);
    ana.destroy();
    ben.destroy();
    await first.close();

    // A new data folder: the rooms live in the database, not beside the server.
    const second = await relay({ databaseUrl });
    const cleo = connectClient(second.syncUrl, 'acme/2026-12');
    await synced(cleo);
    expect(sortedJson(cleo.doc.getMap('demand'))).toBe(expected);
    expect(cleo.doc.getText('notes').toString()).toBe(expectedText);
    // The log was compacted into a snapshot on the way.
    const reader = await PostgresStorage.open(databaseUrl);
    try {
      expect((await reader.load('acme/2026-12')).updates.length).toBeLessThan(20);
    } finally {
      await reader.close();
    }
  });
});

describe('npm start with DATABASE_URL', () => {
  it('keeps rooms in PostgreSQL and says where', async () => {
    const databaseUrl = await freshDatabase();
    const running = await spawnRelay(await tempDir('pg-start'), { DATABASE_URL: databaseUrl });
    processes.push(running);
    expect(running.output()).toMatch(/rooms in PostgreSQL at \S+@127\.0\.0\.1:\d+\/fulcrum_test_/);
    const ana = connectClient(running.syncUrl, 'acme/2026-12');
    await synced(ana);
    ana.doc.getMap('demand').set('F1|2026-12', 120);
    const reader = await PostgresStorage.open(databaseUrl);
    try {
      const stored = async () => {
        const doc = new Y.Doc();
        for (const update of (await reader.load('acme/2026-12')).updates) {
          Y.applyUpdate(doc, update);
        }
        return doc.getMap('demand').get('F1|2026-12');
      };
      const deadline = Date.now() + 10_000;
      while ((await stored()) !== 120 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await stored()).toBe(120);
    } finally {
      await reader.close();
    }
  });

  it('stops at once with one line naming the database, not the password, when it cannot connect', async () => {
    const dataDir = await tempDir('pg-down');
    const port = await unusedPort();
    const url = `postgresql://fulcrum:hunter2@127.0.0.1:${port}/plans`;
    const failure = await spawnRelay(dataDir, { DATABASE_URL: url }).catch(
      (error: Error) => error.message,
    );
    expect(failure).toContain('The relay exited (1) before starting');
    const lines = String(failure).split('\n');
    const error = lines.filter((line) => line.includes('PostgreSQL'));
    expect(error).toEqual([
      `Fulcrum could not start its server: could not open PostgreSQL at fulcrum@127.0.0.1:${port}/plans: connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
    expect(failure).not.toContain('hunter2');
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL, saying what to set', async () => {
    const failure = await spawnRelay(await tempDir('pg-bad'), {
      DATABASE_URL: 'mysql://root:hunter2@localhost/fulcrum',
    }).catch((error: Error) => error.message);
    expect(failure).toContain(
      'Fulcrum cannot start: DATABASE_URL must be a postgres:// or postgresql:// URL',
    );
    expect(failure).toContain('got a mysql:// URL');
    expect(failure).not.toContain('hunter2');
  });
});

async function unusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
