import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCommand } from '../../server/cli/export-command.ts';
import { importCommand } from '../../server/cli/import-command.ts';
import { seedRoom } from '../../server/demo-room.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import {
  closeOf,
  connectClient,
  openRawSocket,
  relaysForFile,
  synced,
  tempDirsForFile,
  testToken,
} from '../helpers/relay.ts';

const tempDir = tempDirsForFile();
const relay = relaysForFile();

describe('cycles written by the command line', () => {
  it('fulcrum import into a data folder makes a cycle the running server admits at once', async () => {
    const server = await relay({ dataDir: await tempDir('cli-import') });
    // A cycle file of another workspace's cycle, then imported into acme beside the server.
    const plan = generateDemoPlan({ families: 3, periods: 4, resources: 2, cycle: '2027-03' });
    await seedRoom(server.relay.storage, 'source/2027-03', plan);
    const file = join(await tempDir('cli-import-file'), 'cycle.json');
    await writeFile(file, await exportCommand(['source/2027-03'], { DATA_DIR: server.dataDir }));

    const token = testToken('editor');
    const before = await openRawSocket(`${server.syncUrl}/acme/2027-03?token=${token}`);
    expect((await closeOf(before)).code).toBe(4404);

    expect(await importCommand([file, '--workspace', 'acme'], { DATA_DIR: server.dataDir })).toBe(
      `Imported cycle acme/2027-03 into ${server.dataDir}\n`,
    );
    const ana = connectClient(server.syncUrl, 'acme/2027-03', { token });
    await synced(ana);
    expect(ana.doc.getMap('meta').get('firstPeriod')).toBe('2027-03');
    const listed = await fetch(`${server.url}/api/workspaces/acme/cycles`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await listed.json()) as { cycles: { cycle: string }[] }).cycles).toContainEqual({
      cycle: '2027-03',
      title: 'S&OP cycle 2027-03',
    });
  });
});
