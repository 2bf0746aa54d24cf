import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PeopleDirectory, readPersonEdit } from '../../../../server/auth/people.ts';

const dirs: string[] = [];

async function directory(): Promise<PeopleDirectory> {
  const dir = await mkdtemp(join(tmpdir(), 'fulcrum-people-'));
  dirs.push(dir);
  return new PeopleDirectory(dir);
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const view = (people: { name: string; role: string; functions: string[] }[] | null) =>
  people?.map(({ name, role, functions }) => ({ name, role, functions }));

describe("a workspace's people", () => {
  it('is none before anyone was recorded, then everyone invited, by name', async () => {
    const people = await directory();
    expect(await people.list('acme')).toBeNull();
    await people.recordInvites('acme', [
      { name: 'Sue Supply', role: 'editor', functions: ['supplyChain'] },
      { name: 'Ana Ruiz', role: 'facilitator', functions: ['executive', 'sales'] },
    ]);
    expect(view(await people.list('acme'))).toEqual([
      { name: 'Ana Ruiz', role: 'facilitator', functions: ['sales', 'executive'] },
      { name: 'Sue Supply', role: 'editor', functions: ['supplyChain'] },
    ]);
    expect(await people.list('globex')).toBeNull();
  });

  it('keeps one person per invited name; a new invite changes the role and functions', async () => {
    const people = await directory();
    await people.recordInvites('acme', [{ name: 'Sam', role: 'editor', functions: ['sales'] }]);
    await people.recordInvites('acme', [{ name: ' SAM ', role: 'approver', functions: [] }]);
    expect(view(await people.list('acme'))).toEqual([
      { name: 'Sam', role: 'approver', functions: [] },
    ]);
  });

  it("keeps the facilitator's corrections when a later invite arrives", async () => {
    const people = await directory();
    const [sam] = await people.recordInvites('acme', [
      { name: 'Sam', role: 'editor', functions: ['sales'] },
    ]);
    const edited = await people.edit('acme', sam.id, { name: 'Samuel', functions: ['marketing'] });
    expect(edited).toMatchObject({ name: 'Samuel', functions: ['marketing'] });
    await people.recordInvites('acme', [{ name: 'Sam', role: 'editor', functions: ['finance'] }]);
    expect(view(await people.list('acme'))).toEqual([
      { name: 'Samuel', role: 'editor', functions: ['marketing'] },
    ]);
    expect(await people.edit('acme', 'nobody', { name: 'X' })).toBeNull();
  });

  it('writes concurrent changes one after the other, losing none', async () => {
    const people = await directory();
    await Promise.all(
      ['A', 'B', 'C', 'D', 'E'].map((name) =>
        people.recordInvites('acme', [{ name, role: 'viewer', functions: [] }]),
      ),
    );
    expect((await people.list('acme'))?.map((person) => person.name)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
    ]);
    const text = await readFile(people.file('acme'), 'utf8');
    expect(JSON.parse(text).version).toBe(1);
  });

  it('refuses a workspace name that could leave the data folder', async () => {
    const people = await directory();
    expect(() => people.file('../etc')).toThrow(RangeError);
  });
});

describe("a facilitator's edit as the route reads it", () => {
  it('takes a name, functions or both, and names what is wrong', () => {
    expect(readPersonEdit({ name: ' Sam ', functions: ['finance', 'sales'] })).toEqual({
      ok: true,
      edit: { name: 'Sam', functions: ['sales', 'finance'] },
    });
    expect(readPersonEdit({ role: 'facilitator' })).toEqual({
      ok: false,
      error: 'A person has no field "role": change name or functions.',
    });
    expect(readPersonEdit({})).toEqual({ ok: false, error: 'Send a name, functions, or both.' });
    expect(readPersonEdit({ functions: ['sales', 'sales'] })).toEqual({
      ok: false,
      error: 'functions names a function twice.',
    });
    expect(readPersonEdit({ name: 'x'.repeat(101) }).ok).toBe(false);
    expect(readPersonEdit([]).ok).toBe(false);
  });
});
