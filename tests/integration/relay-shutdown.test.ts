import { describe, expect, it } from 'vitest';
import { stopWithin } from '../../server/graceful-stop.ts';
import { createLogger } from '../../server/log.ts';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import type { Storage } from '../../server/storage/storage.ts';
import { spawnedRelaysForFile } from '../helpers/relay-process.ts';
import {
  closeOf,
  connectClient,
  editBurst,
  openRawSocket,
  relaysForFile,
  synced,
  tempDirsForFile,
  testToken,
  waitFor,
  type TestClient,
  type TestRelay,
} from '../helpers/relay.ts';

const tempDir = tempDirsForFile();
const spawnRelay = spawnedRelaysForFile();
const relay = relaysForFile();

/** SQLite whose snapshots wait until {@link release} is called: a shutdown held half way. */
function heldSnapshots(dataDir: string): { storage: Storage; release(): void } {
  const inner = new SqliteStorage(databaseFile(dataDir));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const storage: Storage = {
    load: (room) => inner.load(room),
    append: (room, update) => inner.append(room, update),
    compact: async (room, snapshot, upToSeq) => {
      await gate;
      await inner.compact(room, snapshot, upToSeq);
    },
    rooms: (prefix) => inner.rooms(prefix),
    close: () => inner.close(),
  };
  return { storage, release };
}

/** Waits until the room holds an update in the store. */
async function storedOnce(storage: Storage): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await storage.load('acme/2026-12')).updates.length === 0) {
    if (Date.now() > deadline) throw new Error('The edit was not stored within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A relay on SQLite whose snapshots are held, with Ana connected to 'acme/2026-12' and one
 * edit of hers stored: stopping it waits on the room until `held.release()`.
 */
async function relayHeldOnOneRoom(
  prefix: string,
): Promise<{ server: TestRelay; held: { release(): void }; ana: TestClient }> {
  const dataDir = await tempDir(prefix);
  const held = heldSnapshots(dataDir);
  const server = await relay({ dataDir, storage: held.storage });
  const ana = connectClient(server.syncUrl, 'acme/2026-12');
  await synced(ana);
  ana.doc.getMap('demand').set('a|2027-01', 1);
  await storedOnce(held.storage);
  return { server, held, ana };
}

describe('a graceful shutdown', () => {
  it('on SIGTERM stores every acknowledged edit, closes clients with 1012 and exits 0', async () => {
    const dataDir = await tempDir('sigterm');
    const timeoutMs = 10_000;
    const server = await spawnRelay(dataDir, {
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: String(timeoutMs),
      // The writer edits without pause; how fast the relay acknowledges depends on the
      // machine, so the per-connection rate limit (tested on its own) is lifted here.
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      PERSON_UPDATES_PER_MINUTE: '100000000',
      PERSON_BYTES_PER_MINUTE: '10000000000',
    });
    const room = 'acme/2026-12';
    const writer = connectClient(server.syncUrl, room);
    const witness = connectClient(server.syncUrl, room);
    await Promise.all([synced(writer), synced(witness)]);

    // The writer edits without pause; an edit is acknowledged once the witness has it
    // (the relay forwards an update only after storing it).
    const burst = editBurst(writer);
    await waitFor('200 acknowledged edits', () => witness.doc.getMap('demand').size >= 200, 15_000);
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await waitFor('the writer to see the close', () => writer.closeCodes.length > 0);
    const acknowledged = [...witness.doc.getMap('demand').keys()];
    await burst.stop();

    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(timeoutMs);
    // 1012: the client is told to come back, and keeps trying (to another process, or this one restarted).
    expect(writer.closeCodes[0]).toBe(1012);
    expect(witness.closeCodes[0]).toBe(1012);
    expect(writer.provider.shouldConnect).toBe(true);
    // Each step is logged, in order.
    const events = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { event: string }).event)
      .filter((event) => event.startsWith('shutdown.'));
    expect(events).toEqual([
      'shutdown.signal',
      'shutdown.started',
      'shutdown.rooms-stored',
      'shutdown.http-closed',
      'shutdown.store-closed',
      'shutdown.done',
    ]);
    writer.destroy();
    witness.destroy();

    const restarted = await relay({ dataDir });
    const reader = connectClient(restarted.syncUrl, room);
    await synced(reader);
    const cells = reader.doc.getMap('demand');
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    expect(acknowledged.filter((key) => !cells.has(key))).toEqual([]);
  });

  it('refuses new websockets with 1012 and requests with 503, and closes clients only once their room is stored', async () => {
    const { server, held, ana } = await relayHeldOnOneRoom('draining');

    const closed = server.close();
    await waitFor('the relay to stop', () => server.relay.isStopping);
    expect(server.pending()).toBe('storing rooms (1 not done: acme/2026-12)');

    const late = await openRawSocket(`${server.syncUrl}/acme/2026-12?token=${testToken('editor')}`);
    expect(await closeOf(late)).toEqual({ code: 1012, reason: 'the server is restarting' });
    const health = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/healthz`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(await health.json()).toEqual({
      error: 'The server is restarting: try again in a few seconds',
    });
    // Ana is still connected: her room has not written its snapshot yet.
    expect(ana.closeCodes).toEqual([]);
    expect(ana.provider.wsconnected).toBe(true);

    held.release();
    await closed;
    await waitFor('Ana to see the close', () => ana.closeCodes.length > 0);
    expect(ana.closeCodes[0]).toBe(1012);
    const samples = await server.metrics.text();
    expect(samples).toContain('fulcrum_refusals_total{reason="shutting_down"} 1');
  });

  it('gives up after its timeout, saying what was still pending', async () => {
    const { server, held } = await relayHeldOnOneRoom('stuck');

    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    const started = Date.now();
    const outcome = await stopWithin(server, 300, logger);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toEqual({
      stopped: false,
      pending: 'storing rooms (1 not done: acme/2026-12)',
    });
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'error',
        event: 'shutdown.timed-out',
        timeoutMs: 300,
        pending: 'storing rooms (1 not done: acme/2026-12)',
      }),
    ]);
    held.release();
    expect(await stopWithin(server, 5000, logger)).toEqual({ stopped: true });
  });
});
