import { describe, expect, it } from 'vitest';
import { inviteIdOf, newInviteId } from '../../server/auth/tokens.ts';
import { InputError } from '../../server/cli/cli-error.ts';
import { postgresForFile } from '../helpers/postgres.ts';
import type { CliIo } from '../../server/cli/cli-io.ts';
import { revokeCommand } from '../../server/cli/revoke-command.ts';
import { SqliteCatalog } from '../../server/storage/sqlite-catalog.ts';
import { databaseFile } from '../../server/storage/sqlite-storage.ts';
import {
  closeOf,
  connectClient,
  openRawSocket,
  relaysForFile,
  synced,
  tempDirsForFile,
  testToken,
  waitFor,
  type TestRelay,
} from '../helpers/relay.ts';

const tempDir = tempDirsForFile();
const freshDatabase = postgresForFile();
const relay = relaysForFile();
const ROOM = 'acme/2026-12';

/** `fulcrum revoke` as a person runs it beside the server, on its data folder. */
function revoke(server: TestRelay, ...args: string[]): Promise<string> {
  const io: CliIo = { stdout: async () => {}, stderr: () => {}, env: { DATA_DIR: server.dataDir } };
  return revokeCommand(args, io);
}

describe('an invite’s lifetime', () => {
  it('closes an open connection when its token expires, telling the person to ask for a new one', async () => {
    const server = await relay();
    // Expiry is kept to the second: this one ends between 1.5 and 2.5 s from now.
    const token = testToken('editor', { expiresAt: Date.now() + 2500 });
    const opened = Date.now();
    const socket = await openRawSocket(`${server.syncUrl}/${ROOM}?token=${token}`);
    const lasting = testToken('editor', { name: 'Ben' });
    const ben = connectClient(server.syncUrl, ROOM, { token: lasting });
    await synced(ben);
    expect(await closeOf(socket)).toEqual({
      code: 4401,
      reason: 'the invite token has expired: ask for a new invite',
    });
    const lasted = Date.now() - opened;
    expect(lasted).toBeGreaterThan(1000);
    expect(lasted).toBeLessThan(4000);
    // Another person's connection is not touched.
    expect(ben.closeCodes).toEqual([]);
    expect(ben.provider.wsconnected).toBe(true);
    // And the expired token is refused from now on.
    const again = await openRawSocket(`${server.syncUrl}/${ROOM}?token=${token}`);
    expect((await closeOf(again)).code).toBe(4401);
  });

  it('revokes one invite at once with fulcrum revoke: open connections close, reconnecting and the API are refused, others keep working', async () => {
    const server = await relay();
    const anaToken = testToken('editor', { name: 'Ana' });
    const benToken = testToken('editor', { name: 'Ben' });
    const anaId = inviteIdOf(anaToken)!;
    const ana = await openRawSocket(`${server.syncUrl}/${ROOM}?token=${anaToken}`);
    const anaPage = connectClient(server.syncUrl, ROOM, { token: anaToken });
    const ben = connectClient(server.syncUrl, ROOM, { token: benToken });
    await Promise.all([synced(anaPage), synced(ben)]);
    const anaClosed = closeOf(ana);

    const started = Date.now();
    const output = await revoke(server, anaId, '--note', 'left the project');
    expect(output).toContain(`Revoked invite ${anaId}`);
    expect(output).toContain('left the project');
    expect(await anaClosed).toEqual({
      code: 4403,
      reason: 'this invite was revoked: ask for a new invite',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    // The page's provider is told the same and stops retrying.
    await waitFor('Ana’s page to be closed', () => anaPage.closeCodes.length > 0);
    expect(anaPage.closeCodes).toEqual([4403]);
    expect(anaPage.provider.shouldConnect).toBe(false);

    const retry = await openRawSocket(`${server.syncUrl}/${ROOM}?token=${anaToken}`);
    expect(await closeOf(retry)).toEqual({
      code: 4403,
      reason: 'this invite was revoked: ask for a new invite',
    });
    const api = await fetch(`${server.url}/api/workspaces/acme/cycles`, {
      headers: { authorization: `Bearer ${anaToken}` },
    });
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: 'Unauthorized: revoked token' });

    // Ben's invite is another invite: his connection stays, and he can open another.
    expect(ben.closeCodes).toEqual([]);
    expect(ben.provider.wsconnected).toBe(true);
    const benAgain = connectClient(server.syncUrl, ROOM, { token: benToken });
    await synced(benAgain);
    const list = await fetch(`${server.url}/api/workspaces/acme/cycles`, {
      headers: { authorization: `Bearer ${benToken}` },
    });
    expect(list.status).toBe(200);
  });

  it('keeps a revocation across a restart of the server', async () => {
    const dataDir = await tempDir('revoked');
    const first = await relay({ dataDir });
    const token = testToken('viewer');
    await revoke(first, inviteIdOf(token)!);
    await first.close();
    const second = await relay({ dataDir });
    const socket = await openRawSocket(`${second.syncUrl}/${ROOM}?token=${token}`);
    expect((await closeOf(socket)).code).toBe(4403);
    const catalog = new SqliteCatalog(databaseFile(dataDir));
    try {
      expect(await catalog.revocation(inviteIdOf(token)!)).toMatchObject({ note: null });
    } finally {
      await catalog.close();
    }
  });

  it('revokes by join link too, says when an invite was already revoked, and names a bad id', async () => {
    const server = await relay();
    const token = testToken('editor');
    const id = inviteIdOf(token)!;
    const link = `http://localhost:8080/?token=${token}`;
    // The command line reads the secret the server signs with.
    const env = { DATA_DIR: server.dataDir, FULCRUM_SECRET: server.secret };
    const io: CliIo = { stdout: async () => {}, stderr: () => {}, env };
    expect(await revokeCommand([link], io)).toContain(`Revoked invite ${id}`);
    expect(await revokeCommand([id], io)).toMatch(
      new RegExp(`^Invite ${id} was already revoked \\(\\d{4}-\\d\\d-\\d\\dT`),
    );
    const bad = await revokeCommand(['not-an-id'], io).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as InputError).lines[0]).toMatch(/"not-an-id" is not an invite id/);
    const foreign = testToken('editor', { secret: 'another-secret-of-enough-length' });
    const refused = await revokeCommand([foreign], io).catch((error: unknown) => error);
    expect((refused as InputError).lines[0]).toMatch(/was not issued by this server/);
  });

  it('revokes an invite whose id begins with "-", and never makes such an id again', async () => {
    const server = await relay();
    expect(await revoke(server, '-aoveizCWcm6', '--note', 'lost laptop')).toMatch(
      /^Revoked invite -aoveizCWcm6 /,
    );
    for (let i = 0; i < 2000; i++) expect(newInviteId()).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{11}$/);
  });

  it('closes the invite’s connections on every relay process sharing PostgreSQL', async () => {
    const databaseUrl = await freshDatabase();
    const [first, second] = await Promise.all([relay({ databaseUrl }), relay({ databaseUrl })]);
    const token = testToken('editor', { name: 'Ana' });
    const onFirst = await openRawSocket(`${first.syncUrl}/${ROOM}?token=${token}`);
    const onSecond = await openRawSocket(`${second.syncUrl}/${ROOM}?token=${token}`);
    const closes = [closeOf(onFirst), closeOf(onSecond)];
    const io: CliIo = {
      stdout: async () => {},
      stderr: () => {},
      env: { DATABASE_URL: databaseUrl },
    };
    const started = Date.now();
    expect(await revokeCommand([inviteIdOf(token)!], io)).toMatch(
      /^Revoked invite .+ in PostgreSQL at /,
    );
    for (const closed of await Promise.all(closes)) {
      expect(closed).toEqual({
        code: 4403,
        reason: 'this invite was revoked: ask for a new invite',
      });
    }
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
