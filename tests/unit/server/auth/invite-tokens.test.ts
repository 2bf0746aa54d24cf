import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecret, SecretError, secretFile } from '../../../../server/auth/secret.ts';
import { signInvite, verifyInvite, type Invite } from '../../../../server/auth/tokens.ts';
import { inviteCommand } from '../../../../server/cli/invite-command.ts';
import { PeopleDirectory } from '../../../../server/auth/people.ts';
import { InputError } from '../../../../server/cli/cli-error.ts';

const SECRET = 'a-secret-of-at-least-sixteen-characters';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const INVITE: Invite = {
  id: 'inv-0123456_',
  workspace: 'acme',
  role: 'editor',
  name: 'Ana Lima',
  functions: ['sales', 'finance'],
  expiresAt: NOW + 7 * 24 * 3600 * 1000,
};

/** A hand-made body, signed the way signInvite signs. */
function signBody(body: string): string {
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fulcrum-secret-'));
  dirs.push(dir);
  return dir;
}

describe('invite tokens', () => {
  it('round-trips id, workspace, role, name, functions and expiry (to the second)', () => {
    const token = signInvite(SECRET, { ...INVITE, expiresAt: INVITE.expiresAt + 999 });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyInvite(SECRET, token, NOW)).toEqual({ ok: true, invite: INVITE });
    const payload = Buffer.from(token.split('.')[0], 'base64url').toString();
    expect(payload).toBe(
      `{"i":"inv-0123456_","w":"acme","r":"editor","n":"Ana Lima","f":["sales","finance"],"e":${INVITE.expiresAt / 1000}}`,
    );
  });

  it('gives every invite its own random id, and carries the approver role and no functions', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const token = signInvite(SECRET, {
        workspace: 'acme',
        role: 'approver',
        name: 'Eve',
        expiresAt: INVITE.expiresAt,
      });
      const check = verifyInvite(SECRET, token, NOW);
      if (!check.ok) throw new Error(check.problem);
      expect(check.invite.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
      expect(check.invite).toMatchObject({ role: 'approver', functions: [] });
      ids.add(check.invite.id);
    }
    expect(ids.size).toBe(200);
  });

  it('keeps functions in one order, so one invite has one token', () => {
    const a = signInvite(SECRET, { ...INVITE, functions: ['finance', 'sales'] });
    expect(a).toBe(signInvite(SECRET, INVITE));
  });

  it('refuses a body that differs from the canonical one only in its encoding, even signed', () => {
    const body = signInvite(SECRET, INVITE).split('.')[0];
    const json = Buffer.from(body, 'base64url').toString();
    const payload = JSON.parse(json) as Record<string, unknown>;
    expect(verifyInvite(SECRET, signBody(body), NOW).ok).toBe(true);
    const variants = [
      JSON.stringify(payload, null, 1),
      json.replace('{', '{ '),
      JSON.stringify({
        w: payload.w,
        i: payload.i,
        r: payload.r,
        n: payload.n,
        f: payload.f,
        e: payload.e,
      }),
      json.replace('"acme"', '"\\u0061cme"'),
      json.replace(`"e":${payload.e as number}`, `"e":${payload.e as number}.0`),
      JSON.stringify({ ...payload, f: ['finance', 'sales'] }),
      JSON.stringify({ ...payload, x: 1 }),
    ];
    for (const variant of variants) {
      expect(JSON.parse(variant)).toMatchObject({ i: payload.i, w: 'acme' });
      const encoded = Buffer.from(variant).toString('base64url');
      expect(verifyInvite(SECRET, signBody(encoded), NOW), variant).toEqual({
        ok: false,
        problem: 'malformed',
      });
    }
    // Padding: standard base64 with '=' is not base64url without padding.
    const padded = Buffer.from(json).toString('base64');
    if (padded.endsWith('=')) {
      expect(verifyInvite(SECRET, signBody(padded), NOW).ok).toBe(false);
    }
  });

  it('refuses tokens of the older payload, without invite id and functions', () => {
    const old = Buffer.from(
      JSON.stringify({ w: 'acme', r: 'editor', n: 'Ana', e: INVITE.expiresAt / 1000 }),
    ).toString('base64url');
    expect(verifyInvite(SECRET, signBody(old), NOW)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('keeps non-ASCII display names', () => {
    const token = signInvite(SECRET, { ...INVITE, name: 'Zoë Ñúñez 山田' });
    const check = verifyInvite(SECRET, token, NOW);
    expect(check.ok && check.invite.name).toBe('Zoë Ñúñez 山田');
  });

  it('refuses a missing, malformed, forged, tampered or expired token', () => {
    const token = signInvite(SECRET, INVITE);
    const [body, signature] = token.split('.');
    const tamperedBody = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body, 'base64url').toString()),
        r: 'facilitator',
      }),
    ).toString('base64url');
    const cases: [string | undefined, string][] = [
      [undefined, 'missing'],
      ['', 'missing'],
      ['abc', 'malformed'],
      ['a.b.c', 'malformed'],
      [`${body}.${signature}=`, 'malformed'],
      [`${body}.${signature.slice(0, -2)}`, 'bad-signature'],
      [signInvite('another-secret-sixteen-chars', INVITE), 'bad-signature'],
      [`${tamperedBody}.${signature}`, 'bad-signature'],
      ['x'.repeat(5000), 'malformed'],
    ];
    for (const [given, problem] of cases) {
      expect(verifyInvite(SECRET, given, NOW), String(given).slice(0, 40)).toEqual({
        ok: false,
        problem,
      });
    }
    expect(verifyInvite(SECRET, token, INVITE.expiresAt)).toEqual({
      ok: false,
      problem: 'expired',
    });
    expect(verifyInvite(SECRET, token, INVITE.expiresAt - 1000).ok).toBe(true);
  });

  it('refuses a correctly signed payload of the wrong shape', () => {
    const sign = (payload: unknown) =>
      signBody(Buffer.from(JSON.stringify(payload)).toString('base64url'));
    const i = 'abcdefghijkl';
    for (const payload of [
      { i, w: 'acme', r: 'owner', n: 'A', f: [], e: 2e9 },
      { i, w: '../../../etc', r: 'editor', n: 'A', f: [], e: 2e9 },
      { i, w: 'acme', r: 'editor', n: '', f: [], e: 2e9 },
      { i, w: 'acme', r: 'editor', n: 'A', f: [], e: 'never' },
      { i, w: 'acme', r: 'editor', n: 'A', f: ['legal'], e: 2e9 },
      { i, w: 'acme', r: 'editor', n: 'A', f: ['sales', 'sales'], e: 2e9 },
      { i, w: 'acme', r: 'editor', n: 'A', f: 'sales', e: 2e9 },
      { i: 'short', w: 'acme', r: 'editor', n: 'A', f: [], e: 2e9 },
      [1, 2],
      null,
    ]) {
      expect(verifyInvite(SECRET, sign(payload), NOW)).toEqual({ ok: false, problem: 'malformed' });
    }
  });

  it('will not sign what could never verify', () => {
    expect(() => signInvite(SECRET, { ...INVITE, workspace: 'a/b' })).toThrow(RangeError);
    expect(() => signInvite(SECRET, { ...INVITE, name: '  ' })).toThrow(RangeError);
    expect(() => signInvite(SECRET, { ...INVITE, role: 'owner' as never })).toThrow(RangeError);
    expect(() => signInvite(SECRET, { ...INVITE, id: 'x' })).toThrow(RangeError);
    expect(() => signInvite(SECRET, { ...INVITE, functions: ['legal' as never] })).toThrow(
      /sales, marketing, supplyChain, finance, executive/,
    );
    expect(() => signInvite(SECRET, { ...INVITE, functions: ['sales', 'sales'] })).toThrow(
      RangeError,
    );
  });
});

describe('the workspace secret', () => {
  it('is generated once in <dataDir>/secret with mode 0600, then reused', async () => {
    const dir = await tempDir();
    const first = await loadSecret(dir, {});
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await stat(secretFile(dir))).mode & 0o777).toBe(0o600);
    expect(await loadSecret(dir, {})).toBe(first);
    expect((await readFile(secretFile(dir), 'utf8')).trim()).toBe(first);
  });

  it('comes from FULCRUM_SECRET when set, which must not be short', async () => {
    const dir = await tempDir();
    expect(await loadSecret(dir, { FULCRUM_SECRET: SECRET })).toBe(SECRET);
    await expect(loadSecret(dir, { FULCRUM_SECRET: 'short' })).rejects.toThrow(SecretError);
    await writeFile(secretFile(dir), 'tiny\n');
    await expect(loadSecret(dir, {})).rejects.toThrow(/shorter than 16/);
  });
});

describe('fulcrum invite', () => {
  it('prints a join link whose token the server accepts', async () => {
    const dir = await tempDir();
    const output = await inviteCommand(
      [
        '--role',
        'viewer',
        '--name',
        'Ana',
        '--workspace',
        'acme',
        '--days',
        '3',
        '--url',
        'https://plan.example.com',
      ],
      { DATA_DIR: dir },
      NOW,
    );
    const [link, idLine] = output.trim().split('\n');
    const url = new URL(link);
    expect(url.origin).toBe('https://plan.example.com');
    const secret = await loadSecret(dir, {});
    const check = verifyInvite(secret, url.searchParams.get('token'), NOW);
    if (!check.ok) throw new Error(check.problem);
    expect(check.invite).toEqual({
      id: check.invite.id,
      workspace: 'acme',
      role: 'viewer',
      name: 'Ana',
      functions: [],
      expiresAt: NOW + 3 * 86_400_000,
    });
    expect(idLine).toBe(
      `Invite id: ${check.invite.id} (fulcrum revoke ${check.invite.id} ends it at once)`,
    );
    // Ana joins the workspace's people, for owner fields to pick.
    const people = await new PeopleDirectory(dir).list('acme');
    expect(people?.map(({ name, role, functions }) => ({ name, role, functions }))).toEqual([
      { name: 'Ana', role: 'viewer', functions: [] },
    ]);
  });

  it('names the functions, repeated or as a comma list, for any role', async () => {
    const output = await inviteCommand(
      [
        '--role',
        'approver',
        '--name',
        'Eve',
        '--function',
        'finance,executive',
        '--function',
        'sales',
      ],
      { FULCRUM_SECRET: SECRET, DATA_DIR: await tempDir() },
      NOW,
    );
    const check = verifyInvite(
      SECRET,
      new URL(output.split('\n')[0]).searchParams.get('token'),
      NOW,
    );
    expect(check.ok && check.invite).toMatchObject({
      role: 'approver',
      functions: ['sales', 'finance', 'executive'],
    });
  });

  it('defaults to the demo workspace, 7 days and http://localhost:$PORT', async () => {
    const output = await inviteCommand(
      ['--role', 'editor', '--name', 'Ben'],
      { FULCRUM_SECRET: SECRET, PORT: '9090', DATA_DIR: await tempDir() },
      NOW,
    );
    const url = new URL(output.split('\n')[0]);
    expect(url.origin).toBe('http://localhost:9090');
    const check = verifyInvite(SECRET, url.searchParams.get('token'), NOW);
    expect(check.ok && check.invite).toMatchObject({
      workspace: 'demo',
      expiresAt: NOW + 7 * 86_400_000,
    });
  });

  it('reports every problem with the arguments, one per line', async () => {
    const error = await inviteCommand(
      ['--role', 'owner', '--days', '0', '--url', 'ftp://x', '--function', 'sales,legal'],
      { FULCRUM_SECRET: SECRET, DATA_DIR: await tempDir() },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).lines).toEqual([
      'fulcrum invite: --role must be facilitator, editor, approver, viewer, got "owner"',
      'fulcrum invite: --function must be sales, marketing, supplyChain, finance, executive, got "legal"',
      'fulcrum invite: --name is required: the name others will see',
      'fulcrum invite: --url must be an http(s) URL, got "ftp://x"',
      'fulcrum invite: --days must be an integer from 1 to 3650, got "0"',
    ]);
  });
});
