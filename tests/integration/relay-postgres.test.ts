import { describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../server/storage/postgres-storage.ts';
import { freePort } from '../helpers/ports.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import { spawnedRelaysForFile } from '../helpers/relay-process.ts';
import { agendaNotes } from '../../shared/doc/index.ts';
import {
  addNotesItem,
  connectClient,
  notesText,
  NOTES_ITEM,
  relaysForFile,
  roomContent,
  sortedJson,
  startRelay,
  synced,
  tempDirsForFile,
  waitFor,
  writeDemandAndNotes,
} from '../helpers/relay.ts';
import { storedDoc, waitForStored } from '../helpers/stored-room.ts';

const tempDir = tempDirsForFile();
const freshDatabase = postgresForFile();
const relay = relaysForFile();
const spawnRelay = spawnedRelaysForFile();

describe('the relay on PostgreSQL', () => {
  it('brings two people’s concurrent edits together and stores them in the database', async () => {
    const databaseUrl = await freshDatabase();
    const server = await relay({ databaseUrl });
    await addNotesItem(server.syncUrl, 'acme/2026-12');
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await Promise.all([synced(ana), synced(ben)]);
    for (let i = 0; i < 10; i++) {
      ana.doc.getMap('demand').set(`F${i}|2026-12`, i);
      ben.doc.getMap('demand').set(`F${i}|2027-01`, i * 100);
    }
    agendaNotes(ana.doc, NOTES_ITEM).insert(0, 'Ana ');
    agendaNotes(ben.doc, NOTES_ITEM).insert(0, 'Ben ');
    await waitFor(
      'both replicas to converge',
      () =>
        ana.doc.getMap('demand').size === 20 &&
        sortedJson(ana.doc.getMap('demand')) === sortedJson(ben.doc.getMap('demand')) &&
        notesText(ana.doc) === notesText(ben.doc) &&
        notesText(ana.doc).length === 8,
    );
    // What the relay forwarded is in PostgreSQL: another connection to it reads it back.
    const reader = await PostgresStorage.open(databaseUrl);
    try {
      // Converged means stored: the relay forwards an update only after storing it.
      const stored = await storedDoc(reader, 'acme/2026-12');
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
    const written = await writeDemandAndNotes(first.syncUrl, 'acme/2026-12');
    await first.close();

    // A new data folder: the rooms live in the database, not beside the server.
    const second = await relay({ databaseUrl });
    expect(await roomContent(second.syncUrl, 'acme/2026-12')).toEqual(written);
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
    expect(running.output()).toMatch(/rooms in PostgreSQL at \S+@127\.0\.0\.1:\d+\/fulcrum_test_/);
    const ana = connectClient(running.syncUrl, 'acme/2026-12');
    await synced(ana);
    ana.doc.getMap('demand').set('F1|2026-12', 120);
    const reader = await PostgresStorage.open(databaseUrl);
    try {
      await waitForStored(
        reader,
        'acme/2026-12',
        'the edit in PostgreSQL',
        (doc) => doc.getMap('demand').get('F1|2026-12') === 120,
      );
    } finally {
      await reader.close();
    }
  });

  it('stops at once with one line naming the database, not the password, when it cannot connect', async () => {
    const dataDir = await tempDir('pg-down');
    const port = await freePort();
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
