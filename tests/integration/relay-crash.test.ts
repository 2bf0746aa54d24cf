import { afterEach, describe, expect, it } from 'vitest';
import { spawnedRelaysForFile } from '../helpers/relay-process.ts';
import {
  connectClient,
  destroyAllClients,
  editBurst,
  startRelay,
  synced,
  tempDirsForFile,
  waitFor,
} from '../helpers/relay.ts';

const tempDir = tempDirsForFile();
const spawn = spawnedRelaysForFile();

afterEach(() => destroyAllClients());

describe('the relay process', () => {
  it('loses no acknowledged edit when killed with SIGKILL during a burst of edits', async () => {
    const dataDir = await tempDir('kill');
    const server = await spawn(dataDir);
    const room = 'acme/2026-12';
    const writer = connectClient(server.syncUrl, room);
    const witness = connectClient(server.syncUrl, room);
    await Promise.all([synced(writer), synced(witness)]);

    // The writer edits without pause. An edit is acknowledged once the witness has it:
    // the relay forwards an update only after storing it.
    const burst = editBurst(writer);
    await waitFor('300 acknowledged edits', () => witness.doc.getMap('demand').size >= 300, 15_000);
    const acknowledged = [...witness.doc.getMap('demand').keys()];
    server.child.kill('SIGKILL');
    await burst.stop();
    expect(await server.exited).toMatchObject({ signal: 'SIGKILL' });
    // Both clients go before the restart: reconnecting, they would resend what they have.
    writer.destroy();
    witness.destroy();
    // The writer was ahead of the witness: some edits were in flight when the relay died.
    expect(burst.sent()).toBeGreaterThan(acknowledged.length);

    const restarted = await startRelay({ dataDir });
    try {
      const reader = connectClient(restarted.syncUrl, room);
      await synced(reader);
      const cells = reader.doc.getMap('demand');
      const missing = acknowledged.filter((key) => !cells.has(key));
      expect(missing).toEqual([]);
    } finally {
      destroyAllClients();
      await restarted.close();
    }
  });

  it('stops on SIGTERM with exit code 0, closing its sockets and keeping every edit', async () => {
    const dataDir = await tempDir('term');
    const server = await spawn(dataDir);
    const ana = connectClient(server.syncUrl, 'acme/2026-12');
    await synced(ana);
    for (let i = 0; i < 50; i++) ana.doc.getMap('demand').set(`k${i}|2027-01`, i);
    const ben = connectClient(server.syncUrl, 'acme/2026-12');
    await waitFor('Ben to see the edits', () => ben.doc.getMap('demand').size === 50);
    // Clients stay connected: the stop must not wait for them.
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    await waitFor('the clients to see the close', () => ana.closeCodes.length > 0);
    expect(ana.closeCodes[0]).toBe(1012);
    destroyAllClients();

    const restarted = await startRelay({ dataDir });
    try {
      const reader = connectClient(restarted.syncUrl, 'acme/2026-12');
      await waitFor('the edits after restart', () => reader.doc.getMap('demand').size === 50);
    } finally {
      destroyAllClients();
      await restarted.close();
    }
  });
});
