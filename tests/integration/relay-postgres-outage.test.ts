import { afterAll, describe, expect, it } from 'vitest';
import { CLOSE } from '../../server/sync/protocol.ts';
import {
  createDatabase,
  startPostgresServer,
  type PostgresServer,
} from '../helpers/postgres-server.ts';
import { connectClient, relaysForFile, synced, waitFor } from '../helpers/relay.ts';

/**
 * PostgreSQL goes away under a running relay: writes are refused with a clear close code
 * rather than acknowledged, and when it is back the relay recovers by itself with nothing
 * lost. The test needs a server it may stop, so it always starts its own.
 */
const relay = relaysForFile();
let server: PostgresServer | null = null;
afterAll(async () => {
  await server?.stop();
});

describe('the relay when PostgreSQL goes away', () => {
  it('refuses writes it cannot store, and takes them once the database is back', async () => {
    server = await startPostgresServer();
    const outage = server.outage!;
    const databaseUrl = await createDatabase(server, 'outage');
    const relayServer = await relay({ databaseUrl });
    const ana = connectClient(relayServer.syncUrl, 'acme/2026-12');
    const ben = connectClient(relayServer.syncUrl, 'acme/2026-12');
    await Promise.all([synced(ana), synced(ben)]);
    ana.doc.getMap('demand').set('F1|2026-12', 1);
    await waitFor(
      'Ben to see the first edit',
      () => ben.doc.getMap('demand').get('F1|2026-12') === 1,
    );

    await outage.halt();
    ana.doc.getMap('demand').set('F2|2026-12', 2);
    // Not acknowledged: the relay closes the connection with "internal error" and its
    // reason, and never passes on what it could not store.
    await waitFor('the relay to refuse the edit', () =>
      ana.closeCodes.includes(CLOSE.internalError),
    );
    expect(ben.doc.getMap('demand').has('F2|2026-12')).toBe(false);

    await outage.resume();
    // The clients retry by themselves; Ana's document still holds the edit and sends it.
    await waitFor(
      'Ben to get the edit made while the database was away',
      () => ben.doc.getMap('demand').get('F2|2026-12') === 2,
      20_000,
    );
    const late = connectClient(relayServer.syncUrl, 'acme/2026-12');
    await synced(late);
    expect(late.doc.getMap('demand').toJSON()).toEqual({ 'F1|2026-12': 1, 'F2|2026-12': 2 });
  });
});
