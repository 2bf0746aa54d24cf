import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ServerAck } from '../../client/src/sync/server-ack.ts';
import { RELAY_DEFAULTS } from '../../server/config.ts';
import { startFulcrum, type FulcrumServer } from '../../server/fulcrum-server.ts';
import { docToPlan } from '../../shared/doc/index.ts';
import {
  connectClient,
  createCycles,
  makeTempDir,
  relaysForFile,
  synced,
  TEST_CYCLES,
  TEST_SECRET,
  testLogger,
  waitFor,
} from '../helpers/relay.ts';

const relay = relaysForFile();
const acks: ServerAck[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(() => {
  for (const ack of acks.splice(0)) ack.destroy();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function ack(...args: ConstructorParameters<typeof ServerAck>): ServerAck {
  const created = new ServerAck(...args);
  acks.push(created);
  return created;
}

/** A relay on a chosen port (0: any) over a data folder, so a test can restart it in place. */
async function relayAt(port: number, dataDir: string): Promise<FulcrumServer> {
  const clientDir = join(dataDir, 'no-client');
  await mkdir(clientDir, { recursive: true });
  const server = await startFulcrum({
    port,
    hostname: '127.0.0.1',
    dataDir,
    clientDir,
    logger: testLogger(),
    relay: { ...RELAY_DEFAULTS, unloadDelayMs: 200 },
    secret: TEST_SECRET,
    exportPlan: docToPlan,
  });
  await createCycles(server, TEST_CYCLES);
  return server;
}

describe('ServerAck: does the relay have my edits', () => {
  it('knows nothing before the first answer, then follows each edit to the relay', async () => {
    const server = await relay();
    const ana = connectClient(server.syncUrl, 'acme/2026-12', { connect: false });
    const status = ack(ana.provider, ana.doc);
    const seen: (boolean | null)[] = [];
    status.onChange((value) => seen.push(value));
    expect(status.serverHasAll).toBeNull();
    ana.provider.connect();
    await synced(ana);
    await waitFor('the first answer', () => status.serverHasAll === true);

    ana.doc.getMap('demand').set('F1|2026-12', 120);
    // At once: the last answer does not cover the new edit.
    expect(status.serverHasAll).toBe(false);
    await waitFor('the relay to confirm the edit', () => status.serverHasAll === true);
    expect(seen).toEqual([true, false, true]);

    // A burst of edits: confirmed once they are all stored.
    for (let i = 0; i < 50; i++) ana.doc.getMap('demand').set(`F${i}|2027-01`, i);
    expect(status.serverHasAll).toBe(false);
    await waitFor('the burst to be confirmed', () => status.serverHasAll === true);
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await synced(ben);
    expect(ben.doc.getMap('demand').get('F49|2027-01')).toBe(49);

    // Someone else's edit reaching me is already on the relay: still true.
    seen.length = 0;
    ben.doc.getMap('supply').set('F1|2026-12', 5);
    await waitFor('Ben’s edit at Ana', () => ana.doc.getMap('supply').get('F1|2026-12') === 5);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(status.serverHasAll).toBe(true);
    expect(seen).toEqual([]);
  });

  it('says false for an edit made while the relay is down, and true after it restarts and resyncs', async () => {
    const dataDir = await makeTempDir('ack');
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await relayAt(0, dataDir);
    const syncUrl = `ws://127.0.0.1:${first.port}/sync`;
    const ana = connectClient(syncUrl, 'acme/2026-12');
    const status = ack(ana.provider, ana.doc);
    await waitFor('the first answer', () => status.serverHasAll === true);
    ana.doc.getMap('demand').set('F1|2026-12', 1);
    await waitFor('the first edit confirmed', () => status.serverHasAll === true);

    await first.close();
    await waitFor('the client to notice', () => !ana.provider.wsconnected);
    ana.doc.getMap('demand').set('F1|2027-01', 2);
    expect(status.serverHasAll).toBe(false);
    // Retries against a stopped relay change nothing.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(status.serverHasAll).toBe(false);

    const second = await relayAt(first.port, dataDir);
    cleanups.push(() => second.close());
    await waitFor('the resync to be confirmed', () => status.serverHasAll === true, 15_000);
    // True means stored: a fresh client reads the offline edit from the restarted relay.
    const ben = connectClient(syncUrl, 'acme/2026-12');
    await synced(ben);
    expect(ben.doc.getMap('demand').toJSON()).toEqual({ 'F1|2026-12': 1, 'F1|2027-01': 2 });
  });

  it('stops asking once destroyed and gives the message type back to the provider', async () => {
    const server = await relay();
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    const status = ack(ana.provider, ana.doc);
    await waitFor('the first answer', () => status.serverHasAll === true);
    status.destroy();
    expect(ana.provider.messageHandlers[100]).toBeUndefined();
    ana.doc.getMap('demand').set('F1|2026-12', 3);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(status.serverHasAll).toBe(true);
  });
});
