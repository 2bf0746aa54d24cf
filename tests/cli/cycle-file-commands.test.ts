import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databaseFile, SqliteStorage } from '../../server/storage/sqlite-storage.ts';
import {
  addAction,
  addStandardAgenda,
  agendaNotes,
  encodeDocState,
  importPlan,
  type CycleFile,
} from '../../shared/doc/index.ts';
import { generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { runFulcrum, type CliRun } from '../helpers/cli.ts';

let dataDir: string;

function fulcrum(args: string[]): Promise<CliRun> {
  return runFulcrum(args, { DATA_DIR: dataDir });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'fulcrum-cycle-file-'));
  const doc = new Y.Doc();
  importPlan(
    doc,
    generateDemoPlan({ families: 5, periods: 6, resources: 2, cycle: '2026-12' }),
    'December',
  );
  addStandardAgenda(doc);
  agendaNotes(doc, 'agenda-1').insert(0, 'Demand is up in the north.');
  addAction(
    doc,
    {
      title: 'Call the supplier',
      owner: 'Ana',
      due: '2026-12-20',
      status: 'open',
      raisedIn: '2026-12',
    },
    'a-1',
  );
  const storage = new SqliteStorage(databaseFile(dataDir));
  await storage.append('acme/2026-12', encodeDocState(doc));
  await storage.close();
  doc.destroy();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('fulcrum export and import', () => {
  it('exports a cycle from the data folder and imports it into another workspace', async () => {
    const exported = await fulcrum(['export', 'acme/2026-12']);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const file = JSON.parse(exported.stdout) as CycleFile;
    expect(file.format).toBe('fulcrum.cycle');
    expect(file.title).toBe('December');
    expect(file.work.agenda['agenda-1'].notes).toBe('Demand is up in the north.');
    expect(Object.keys(file.work.actions)).toEqual(['a-1']);

    const path = join(dataDir, 'december.json');
    await writeFile(path, exported.stdout);
    const imported = await fulcrum(['import', path, '--workspace', 'globex']);
    expect(imported).toEqual({
      code: 0,
      stdout: `Imported cycle globex/2026-12 into ${dataDir}\n`,
      stderr: '',
    });
    const again = await fulcrum(['export', 'globex/2026-12']);
    expect(JSON.parse(again.stdout)).toEqual(file);

    const plan = await fulcrum(['export', 'globex/2026-12', '--format', 'plan']);
    expect(JSON.parse(plan.stdout)).toEqual(file.plan);

    const twice = await fulcrum(['import', path, '--workspace', 'globex']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe(
      'fulcrum import: the data folder already has cycle globex/2026-12; nothing was written\n',
    );
  });

  it('names what is wrong with the arguments and the files', async () => {
    expect((await fulcrum(['export', 'acme'])).stderr).toMatch(
      /^fulcrum: the room must read <workspace>\/<YYYY-MM>, e\.g\. demo\/2026-12 \(got "acme"\)/,
    );
    expect((await fulcrum(['export', 'acme/2027-03'])).stderr).toBe(
      'fulcrum: the data folder has no cycle acme/2027-03; it has acme/2026-12\n',
    );
    expect((await fulcrum(['export', 'acme/2026-12', '--format', 'xml'])).stderr).toBe(
      'fulcrum export: --format must be cycle or plan, got "xml"\n',
    );
    expect(
      (await fulcrum(['export', 'acme/2026-12', '--server', 'http://127.0.0.1:1'])).stderr,
    ).toMatch(/--server needs --token/);
    const bad = join(dataDir, 'bad.json');
    await writeFile(bad, JSON.stringify({ format: 'fulcrum.cycle', version: 2 }));
    const refused = await fulcrum(['import', bad, '--workspace', 'globex']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toBe(`fulcrum import: ${bad} is not a valid cycle file:`);
    expect(refused.stderr).toContain(`${bad}: version: must be 1`);
    expect((await fulcrum(['import', bad])).stderr).toMatch(/--workspace must name the workspace/);
    const notJson = join(dataDir, 'not.json');
    await writeFile(notJson, '{');
    expect((await fulcrum(['import', notJson, '--workspace', 'g'])).stderr).toMatch(/not JSON/);
  });
});
