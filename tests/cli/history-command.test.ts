import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { HistoryNote } from '../../server/storage/history.ts';
import { SqliteCatalog } from '../../server/storage/sqlite-catalog.ts';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import { runFulcrum, type CliRun } from '../helpers/cli.ts';
import { makeTempDir } from '../helpers/relay.ts';
import { rm, writeFile } from 'node:fs/promises';
import { exportCycle, importPlan } from '../../shared/doc/index.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';

let dataDir: string;

function fulcrum(args: string[]): Promise<CliRun> {
  return runFulcrum(args, { DATA_DIR: dataDir });
}

const ANA: HistoryNote['author'] = {
  inviteId: 'invite-ana-1',
  name: 'Ana Ruiz',
  role: 'editor',
  via: null,
};
const BEN: HistoryNote['author'] = {
  inviteId: 'invite-ben-2',
  name: 'Ben Okafor',
  role: 'facilitator',
  via: null,
};

beforeAll(async () => {
  dataDir = await makeTempDir('history-cli');
  const file = databaseFile(dataDir);
  const catalog = new SqliteCatalog(file);
  await catalog.addCycle({
    workspace: 'acme',
    cycle: '2026-12',
    title: 'December',
    closedAt: null,
    createdAt: Date.now(),
  });
  await catalog.close();
  const store = new SqliteStorage(file);
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const write = async (
    author: HistoryNote['author'],
    at: string,
    changes: HistoryNote['changes'],
    changeCount = changes.length,
  ) => {
    doc.getMap('demand').set(`k${updates.length}`, updates.length);
    await store.appendWithHistory('acme/2026-12', updates.at(-1)!, {
      author,
      connection: author.inviteId ? 'c1' : null,
      changes,
      changeCount,
      at,
    });
  };
  await write(
    { inviteId: null, name: 'Fulcrum server', role: null, via: 'import' },
    '2026-12-01T08:00:00.000Z',
    [{ root: 'families', key: 'F1', field: null, action: 'set' }],
  );
  await write(
    ANA,
    '2026-12-02T09:15:30.000Z',
    [
      { root: 'demand', key: 'Garden hoses|2027-06', field: null, action: 'set' },
      { root: 'risks', key: 'r-1', field: null, action: 'set' },
      { root: 'risks', key: 'r-2', field: null, action: 'set' },
    ],
    5,
  );
  await write(BEN, '2026-12-03T10:00:00.000Z', [
    { root: 'risks', key: 'r-1', field: 'status', action: 'set' },
  ]);
  await write(ANA, '2026-12-04T11:00:00.000Z', [
    { root: 'actions', key: 'a-1', field: null, action: 'delete' },
  ]);
  await store.close();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('fulcrum history', () => {
  it('prints every kept change as a table, newest first: time, who, role, what changed', async () => {
    const result = await fulcrum(['history', 'acme/2026-12']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      '  #  time (UTC)           who             role             what changed',
      '  4  2026-12-04 11:00:00  Ana Ruiz        editor           actions a-1 removed',
      '  3  2026-12-03 10:00:00  Ben Okafor      facilitator      risks r-1 status',
      '  2  2026-12-02 09:15:30  Ana Ruiz        editor           demand Garden hoses|2027-06, risks r-1 (+3 more)',
      '  1  2026-12-01 08:00:00  Fulcrum server  server (import)  families F1',
      '',
    ]);
  });

  it('keeps one person with --who and recent changes with --since', async () => {
    const ana = await fulcrum(['history', 'acme/2026-12', '--who', 'ana ruiz']);
    expect(ana.code).toBe(0);
    expect(ana.stdout).toContain('actions a-1 removed');
    expect(ana.stdout).toContain('Garden hoses');
    expect(ana.stdout).not.toContain('Ben Okafor');
    expect(ana.stdout).not.toContain('Fulcrum server');

    const recent = await fulcrum(['history', 'acme/2026-12', '--since', '2026-12-03']);
    expect(
      recent.stdout
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[0]),
    ).toEqual(['#', '4', '3']);
    const none = await fulcrum(['history', 'acme/2026-12', '--who', 'Nobody']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('No changes of acme/2026-12 by Nobody are kept.\n');
  });

  it('prints one JSON object per change with --json, as the history API gives it', async () => {
    const result = await fulcrum(['history', 'acme/2026-12', '--json', '--who', 'Ben Okafor']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({
      seq: 3,
      at: '2026-12-03T10:00:00.000Z',
      who: { name: 'Ben Okafor', role: 'facilitator', inviteId: 'invite-ben-2' },
      connection: 'c1',
      bytes: expect.any(Number),
      changes: [{ root: 'risks', key: 'r-1', field: 'status', action: 'set' }],
      changeCount: 1,
    });
    const all = await fulcrum(['history', 'acme/2026-12', '--json']);
    const first = JSON.parse(all.stdout.trim().split('\n').at(-1)!);
    expect(first.who).toEqual({
      name: 'Fulcrum server',
      role: null,
      inviteId: null,
      via: 'import',
    });
  });

  it('refuses an unknown cycle, a bad date and a missing data folder in words (exit 2)', async () => {
    const unknown = await fulcrum(['history', 'acme/2031-01']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      `fulcrum history: there is no cycle 2031-01 in workspace acme (SQLite at ${databaseFile(dataDir)})\n`,
    );
    const badDate = await fulcrum(['history', 'acme/2026-12', '--since', 'last week']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toBe(
      'fulcrum history: --since must be a day (2026-12-01) or an ISO time (2026-12-01T09:30:00Z), got "last week"\n',
    );
    const badRoom = await fulcrum(['history', 'acme']);
    expect(badRoom.code).toBe(2);
    const nowhere = await runFulcrum(['history', 'acme/2026-12'], {
      DATA_DIR: join(dataDir, 'missing'),
    });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('no Fulcrum data in');
  });

  it('attributes a cycle brought in by fulcrum import to the server, and names its families', async () => {
    const doc = new Y.Doc();
    const plan = generateDemoPlan({ families: 2, periods: 3, resources: 1, cycle: '2027-01' });
    importPlan(doc, plan, 'January');
    const path = join(dataDir, 'january.json');
    await writeFile(path, JSON.stringify(exportCycle(doc)));
    doc.destroy();
    expect((await fulcrum(['import', path, '--workspace', 'acme'])).code).toBe(0);
    const result = await fulcrum(['history', 'acme/2027-01', '--json']);
    expect(result.code).toBe(0);
    const entries = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      seq: 1,
      who: { name: 'Fulcrum server', role: null, inviteId: null, via: 'import' },
      connection: null,
    });

    // The table names a cell's family as the cycle calls it.
    const family = plan.families[0];
    const store = new SqliteStorage(databaseFile(dataDir));
    const edit = new Y.Doc();
    edit.getMap('demand').set(`${family.id}|2027-02`, 5);
    await store.appendWithHistory('acme/2027-01', Y.encodeStateAsUpdate(edit), {
      author: ANA,
      connection: 'c9',
      changes: [{ root: 'demand', key: `${family.id}|2027-02`, field: null, action: 'set' }],
      changeCount: 1,
    });
    await store.close();
    const table = await fulcrum(['history', 'acme/2027-01']);
    expect(table.stdout).toContain(
      `Ana Ruiz        editor           demand ${family.name}|2027-02`,
    );
  });
});
