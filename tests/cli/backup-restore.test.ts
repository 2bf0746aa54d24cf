import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedRoom } from '../../server/demo-room.ts';
import { PostgresStorage } from '../../server/storage/postgres-storage.ts';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import {
  applyDocUpdate,
  createCycleDoc,
  encodeDocStateVector,
  exportCycle,
} from '../../shared/doc/index.ts';
import { runFulcrum as fulcrum } from '../helpers/cli.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import {
  connectClient,
  relaysForFile,
  synced,
  tempDirsForFile,
  waitFor,
} from '../helpers/relay.ts';
import { yDoc } from '../../shared/doc/cycle-doc.ts';

const tempDir = tempDirsForFile();
const newDatabase = postgresForFile();
const startRelay = relaysForFile();

/** Every room of a store, each as one document's JSON and state vector. */
async function contents(storage: Storage): Promise<Map<string, { json: unknown; vector: string }>> {
  const rooms = new Map<string, { json: unknown; vector: string }>();
  for (const room of await storage.rooms('')) {
    const doc = createCycleDoc();
    for (const update of (await storage.load(room)).updates) applyDocUpdate(doc, update, 'test');
    rooms.set(room, {
      json: {
        cells: yDoc(doc).getMap('cells').toJSON(),
        demand: yDoc(doc).getMap('demand').toJSON(),
        cycle: yDoc(doc).share.has('meta') ? exportCycle(doc) : null,
      },
      vector: Buffer.from(encodeDocStateVector(doc)).toString('base64'),
    });
    doc.destroy();
  }
  return rooms;
}

async function sqliteContents(dataDir: string) {
  const storage = new SqliteStorage(databaseFile(dataDir));
  try {
    return await contents(storage);
  } finally {
    await storage.close();
  }
}

async function postgresContents(url: string) {
  const storage = await PostgresStorage.open(url);
  try {
    return await contents(storage);
  } finally {
    await storage.close();
  }
}

/** The demand cells k0, k1, ... (Jan 2027) a sequential writer wrote: a consistent read holds a prefix of them. */
function isPrefixOfWrites(cells: Record<string, unknown>): boolean {
  const keys = Object.keys(cells);
  return (
    keys.every((key) => /^k\d+\|2027-01$/.test(key)) &&
    keys.every((_, i) => `k${i}|2027-01` in cells)
  );
}

describe('fulcrum backup and restore', () => {
  it('backs up a running relay while a client edits, and restores into SQLite and PostgreSQL', async () => {
    const dataDir = await tempDir('backup-live');
    // Compactions every 20 updates: the backup must not tear a room that is compacted under it.
    const relay = await startRelay({
      dataDir,
      settings: { compactEvery: 20 },
      cycles: ['acme/2026-12', 'acme/2027-01'],
    });
    const plan = generateDemoPlan({ families: 4, periods: 6, resources: 2, cycle: '2026-12' });
    expect(await seedRoom(relay.relay.storage, 'demo/2026-12', plan)).toBe(true);
    const writer = connectClient(relay.syncUrl, 'acme/2026-12');
    await synced(writer);
    const other = connectClient(relay.syncUrl, 'acme/2027-01');
    await synced(other);
    for (let i = 0; i < 30; i++) other.doc.getMap('demand').set(`k${i}|2027-01`, i);
    // Stored once another client has them: the relay forwards only what it stored.
    const witness = connectClient(relay.syncUrl, 'acme/2027-01');
    await waitFor('the other room to be stored', () => witness.doc.getMap('demand').size === 30);

    let written = 0;
    let writing = true;
    const burst = (async () => {
      while (writing) {
        writer.doc.getMap('demand').set(`k${written}|2027-01`, written);
        written++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    await waitFor('100 edits', () => written >= 100);
    const file = join(dataDir, 'live.jsonl');
    const backup = await fulcrum(['backup', file], { DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const writtenAtBackup = written;
    await waitFor('more edits after the backup', () => written >= writtenAtBackup + 50);
    writing = false;
    await burst;

    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      new RegExp(
        `^Backed up 3 rooms \\(\\d+(\\.\\d)? kB\\) from SQLite at ${databaseFile(dataDir)} to ${file}\\n$`,
      ),
    );
    const logs = backup.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.map((line) => line.event)).toEqual(['backup.started', 'backup.done']);
    expect(logs[1]).toMatchObject({ level: 'info', rooms: 3, file });

    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(lines[0])).toMatchObject({
      format: 'fulcrum.backup',
      version: 1,
      rooms: 3,
      source: 'sqlite',
    });
    expect(lines.slice(1).map((line) => (JSON.parse(line) as { room: string }).room)).toEqual([
      'acme/2026-12',
      'acme/2027-01',
      'demo/2026-12',
    ]);

    // Into an empty data folder.
    const restoredDir = await tempDir('restored');
    const restored = await fulcrum(['restore', file], { DATA_DIR: restoredDir });
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    expect(restored.stdout).toMatch(
      /^Restored 3 rooms into SQLite at .+ \(backup of .+Z, from SQLite\): acme\/2026-12, acme\/2027-01, demo\/2026-12\n$/,
    );
    const fromBackup = await sqliteContents(restoredDir);
    const original = await sqliteContents(dataDir);
    // Rooms nobody edited during the backup are exactly the originals.
    expect(fromBackup.get('demo/2026-12')).toEqual(original.get('demo/2026-12'));
    expect(fromBackup.get('acme/2027-01')).toEqual(original.get('acme/2027-01'));
    expect((fromBackup.get('demo/2026-12')?.json as { cycle: unknown }).cycle).not.toBeNull();
    // The edited room is one consistent moment: the writer's first edits, none missing.
    const live = fromBackup.get('acme/2026-12')!.json as { demand: Record<string, unknown> };
    expect(Object.keys(live.demand).length).toBeGreaterThanOrEqual(100);
    expect(Object.keys(live.demand).length).toBeLessThanOrEqual(writtenAtBackup);
    expect(isPrefixOfWrites(live.demand)).toBe(true);

    // Into PostgreSQL, and a backup of that back into SQLite: the same rooms.
    const databaseUrl = await newDatabase();
    const intoPostgres = await fulcrum(['restore', file], { DATABASE_URL: databaseUrl });
    expect(intoPostgres.code).toBe(0);
    expect(intoPostgres.stdout).toContain('Restored 3 rooms into PostgreSQL at postgres@');
    expect(await postgresContents(databaseUrl)).toEqual(fromBackup);
    const fromPostgres = join(restoredDir, 'from-postgres.jsonl');
    expect((await fulcrum(['backup', fromPostgres], { DATABASE_URL: databaseUrl })).code).toBe(0);
    expect(JSON.parse((await readFile(fromPostgres, 'utf8')).split('\n')[0])).toMatchObject({
      source: 'postgresql',
      rooms: 3,
    });
    const roundTripDir = await tempDir('round-trip');
    expect((await fulcrum(['restore', fromPostgres], { DATA_DIR: roundTripDir })).code).toBe(0);
    expect(await sqliteContents(roundTripDir)).toEqual(fromBackup);

    // Once the edits have stopped, a backup holds every room exactly as the relay has it.
    const still = join(dataDir, 'still.jsonl');
    expect((await fulcrum(['backup', still], { DATA_DIR: dataDir })).code).toBe(0);
    const stillDir = await tempDir('still');
    expect((await fulcrum(['restore', still], { DATA_DIR: stillDir })).code).toBe(0);
    const reader = connectClient(relay.syncUrl, 'acme/2026-12');
    await synced(reader);
    expect(reader.doc.getMap('demand').size).toBe(written);
    expect(await sqliteContents(stillDir)).toEqual(await sqliteContents(dataDir));
  });

  it('refuses a damaged file, naming the line, and writes nothing', async () => {
    const dataDir = await tempDir('damaged');
    const source = new SqliteStorage(databaseFile(dataDir));
    for (const room of ['acme/2026-12', 'acme/2027-01', 'acme/2027-02']) {
      const doc = createCycleDoc();
      yDoc(doc).getMap('cells').set('a', room);
      const { encodeDocState } = await import('../../shared/doc/index.ts');
      await source.append(room, encodeDocState(doc));
      doc.destroy();
    }
    await source.close();
    const file = join(dataDir, 'backup.jsonl');
    expect((await fulcrum(['backup', file], { DATA_DIR: dataDir })).code).toBe(0);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const target = await tempDir('damaged-target');
    const env = { DATA_DIR: target };

    const cases: { name: string; text: string; problem: RegExp }[] = [
      {
        name: 'cut.jsonl',
        text: `${lines.slice(0, 3).join('\n')}\n${lines[3].slice(0, 20)}`,
        problem: /cut\.jsonl: line 4: not valid JSON \(.+\); the file may be damaged or cut short$/,
      },
      {
        name: 'short.jsonl',
        text: `${lines.slice(0, 3).join('\n')}\n`,
        problem:
          /short\.jsonl: line 4: the header says 3 rooms but the file holds 2; it may be cut short$/,
      },
      {
        name: 'garbled.jsonl',
        text: [
          lines[0],
          lines[1],
          lines[2].replace(/"update":"[^"]{8}/, '"update":"AAAA////'),
          lines[3],
        ].join('\n'),
        problem:
          /garbled\.jsonl: line 3: the state of acme\/2027-01 does not match its checksum: the file is damaged$/,
      },
      {
        name: 'version.jsonl',
        text: [lines[0].replace('"version":1', '"version":7'), ...lines.slice(1)].join('\n'),
        problem:
          /version\.jsonl: line 1: "version" must be 1; this file is from another version of Fulcrum$/,
      },
      {
        name: 'other.jsonl',
        text: '{"format":"fulcrum.cycle","version":1}\n',
        problem:
          /other\.jsonl: line 1: not a Fulcrum backup \(expected "format":"fulcrum.backup"\)$/,
      },
      {
        name: 'twice.jsonl',
        text: [lines[0], lines[1], lines[1], lines[3]].join('\n'),
        problem: /twice\.jsonl: line 3: the room acme\/2026-12 is already on line 2$/,
      },
    ];
    for (const { name, text, problem } of cases) {
      const path = join(dataDir, name);
      await writeFile(path, text);
      const result = await fulcrum(['restore', path], env);
      expect(result.code, name).toBe(2);
      expect(result.stdout, name).toBe('');
      const stderr = result.stderr.trimEnd().split('\n');
      expect(stderr[0], name).toBe(
        `fulcrum restore: ${path} is not a sound Fulcrum backup; nothing was written`,
      );
      expect(stderr.slice(1), name).toEqual([expect.stringMatching(problem)]);
    }
    // Nothing was written: not even the store was created.
    expect(existsSync(databaseFile(target))).toBe(false);
  });

  it('refuses to restore over rooms the store holds unless --replace is given', async () => {
    const dataDir = await tempDir('replace');
    const storage = new SqliteStorage(databaseFile(dataDir));
    const { encodeDocState } = await import('../../shared/doc/index.ts');
    const doc = createCycleDoc();
    yDoc(doc).getMap('cells').set('state', 'backed up');
    await storage.append('acme/2026-12', encodeDocState(doc));
    await storage.close();
    const file = join(dataDir, 'backup.jsonl');
    expect((await fulcrum(['backup', file], { DATA_DIR: dataDir })).code).toBe(0);

    // Edits after the backup, and a room the backup does not know.
    const later = new SqliteStorage(databaseFile(dataDir));
    yDoc(doc).getMap('cells').set('state', 'edited later');
    yDoc(doc).getMap('cells').set('extra', 1);
    await later.append('acme/2026-12', encodeDocState(doc));
    await later.append('acme/2027-01', encodeDocState(doc));
    await later.close();
    doc.destroy();

    const refused = await fulcrum(['restore', file], { DATA_DIR: dataDir });
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr: `fulcrum restore: SQLite at ${databaseFile(dataDir)} already holds 1 of the backup's rooms (acme/2026-12); nothing was written. Give --replace to overwrite them with the backup's state\n`,
    });
    expect((await sqliteContents(dataDir)).get('acme/2026-12')?.json).toMatchObject({
      cells: { state: 'edited later', extra: 1 },
    });

    const replaced = await fulcrum(['restore', file, '--replace'], { DATA_DIR: dataDir });
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/^Restored 1 room into SQLite at .+, replacing 1 \(backup of /);
    const after = await sqliteContents(dataDir);
    expect(after.get('acme/2026-12')?.json).toEqual({
      cells: { state: 'backed up' },
      demand: {},
      cycle: null,
    });
    // A room the backup does not hold is left as it was.
    expect(after.get('acme/2027-01')?.json).toMatchObject({ cells: { state: 'edited later' } });
  });

  it('reports progress on stderr for a large backup, and refuses to overwrite a file without --force', async () => {
    const dataDir = await tempDir('large');
    const storage = new SqliteStorage(databaseFile(dataDir));
    const { encodeDocState } = await import('../../shared/doc/index.ts');
    const doc = createCycleDoc();
    for (let i = 0; i < 120; i++) {
      yDoc(doc).getMap('cells').set('n', i);
      await storage.append(`acme/room-${String(i).padStart(3, '0')}`, encodeDocState(doc));
    }
    doc.destroy();
    await storage.close();
    const file = join(dataDir, 'large.jsonl');
    const backup = await fulcrum(['backup', file], { DATA_DIR: dataDir });
    expect(backup.code).toBe(0);
    expect(backup.stderr.trimEnd().split('\n')).toEqual([
      'fulcrum backup: 12/120 rooms',
      'fulcrum backup: 24/120 rooms',
      'fulcrum backup: 36/120 rooms',
      'fulcrum backup: 48/120 rooms',
      'fulcrum backup: 60/120 rooms',
      'fulcrum backup: 72/120 rooms',
      'fulcrum backup: 84/120 rooms',
      'fulcrum backup: 96/120 rooms',
      'fulcrum backup: 108/120 rooms',
      'fulcrum backup: 120/120 rooms',
    ]);
    const again = await fulcrum(['backup', file], { DATA_DIR: dataDir });
    expect(again).toEqual({
      code: 2,
      stdout: '',
      stderr: `fulcrum backup: ${file} already exists; choose another name, or give --force to overwrite it\n`,
    });
    expect((await fulcrum(['backup', file, '--force'], { DATA_DIR: dataDir })).code).toBe(0);
    const restoredDir = await tempDir('large-restored');
    const restored = await fulcrum(['restore', file], { DATA_DIR: restoredDir });
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('Restored 120 rooms into SQLite');
    expect(restored.stdout).toContain('acme/room-009 and 110 more\n');
    expect(restored.stderr.trimEnd().split('\n')).toHaveLength(10);
    expect(await sqliteContents(restoredDir)).toEqual(await sqliteContents(dataDir));
  });

  it('says so when there is no data to back up', async () => {
    const empty = await tempDir('nothing');
    const result = await fulcrum(['backup', join(empty, 'b.jsonl')], { DATA_DIR: empty });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`fulcrum: no Fulcrum data in ${empty}`);
  });
});
