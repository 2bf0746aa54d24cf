import { copyFile, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docToPlan } from '../../shared/doc/index.ts';
import { RELAY_DEFAULTS } from '../../server/config.ts';
import { startFulcrum } from '../../server/fulcrum-server.ts';
import {
  checkSqliteFile,
  DamagedDatabaseError,
  RESTORE_COMMAND,
} from '../../server/storage/sqlite-integrity.ts';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import { TEST_SECRET, testLogger } from '../helpers/relay.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fulcrum-integrity-'));
  dirs.push(dir);
  return dir;
}

/** A store file holding 200 rooms of 2 KiB updates (many pages), closed and checkpointed. */
async function healthyFile(dir: string): Promise<string> {
  const file = databaseFile(dir);
  const storage = new SqliteStorage(file);
  for (let i = 0; i < 200; i++) {
    await storage.append(`acme/room-${i}`, new Uint8Array(2048).fill(i % 251));
  }
  await storage.close();
  return file;
}

/** Overwrites `length` bytes at `offset` of `file` with a pattern SQLite cannot read. */
async function damage(file: string, offset: number, length: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.write(Buffer.alloc(length, 0xa5), 0, length, offset);
  } finally {
    await handle.close();
  }
}

function start(dataDir: string) {
  return startFulcrum({
    port: 0,
    hostname: '127.0.0.1',
    dataDir,
    clientDir: dataDir,
    logger: testLogger(),
    relay: RELAY_DEFAULTS,
    secret: TEST_SECRET,
    exportPlan: docToPlan,
  });
}

describe('the SQLite integrity check', () => {
  it('passes a healthy file and a file not made yet', async () => {
    const dir = await tempDir();
    expect(() => checkSqliteFile(databaseFile(dir))).not.toThrow();
    const file = await healthyFile(dir);
    expect(() => checkSqliteFile(file)).not.toThrow();
  });

  it('passes a file left by a crash: its log (-wal) still holds commits, its index (-shm) gone', async () => {
    const file = databaseFile(await tempDir());
    const storage = new SqliteStorage(file);
    await storage.append('acme/2026-12', new Uint8Array([1, 2, 3]));
    // Copied while open, as a kill -9 would leave them; the WAL index is rebuilt on open.
    const copy = databaseFile(await tempDir());
    await copyFile(file, copy);
    await copyFile(`${file}-wal`, `${copy}-wal`);
    await storage.close();
    expect(() => checkSqliteFile(copy)).not.toThrow();
    const reopened = new SqliteStorage(copy);
    expect((await reopened.load('acme/2026-12')).updates).toHaveLength(1);
    await reopened.close();
  });

  it('refuses a file whose pages are damaged, naming it and the restore command', async () => {
    const file = await healthyFile(await tempDir());
    // Pages 2 to 4 (4 KiB each): the tables' b-tree pages, past the header.
    await damage(file, 4096, 3 * 4096);
    let error: unknown;
    try {
      checkSqliteFile(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DamagedDatabaseError);
    const message = (error as Error).message;
    expect(message).toContain(`The database file ${file} is damaged`);
    expect(message).toContain(RESTORE_COMMAND);
    expect(RESTORE_COMMAND).toBe('npx fulcrum restore <backup> --replace');
  });

  it('refuses a file that is not a database at all', async () => {
    const dir = await tempDir();
    await writeFile(databaseFile(dir), 'this is not a database, it is a note'.repeat(200));
    expect(() => checkSqliteFile(databaseFile(dir))).toThrow(
      /is damaged: file is not a database\..*npx fulcrum restore <backup> --replace/,
    );
  });

  it('keeps the server from starting on a damaged file, and lets it start on a healthy one', async () => {
    const healthyDir = await tempDir();
    await healthyFile(healthyDir);
    const server = await start(healthyDir);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.close();

    const damagedDir = await tempDir();
    const file = await healthyFile(damagedDir);
    await damage(file, 4096, 3 * 4096);
    await expect(start(damagedDir)).rejects.toThrow(`The database file ${file} is damaged`);
  });
});
