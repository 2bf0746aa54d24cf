import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSecret, SecretError, secretFile } from '../../../../server/auth/secret.ts';
import { signInvite, verifyInvite, type Invite } from '../../../../server/auth/tokens.ts';
import { inviteCommand } from '../../../../server/cli/invite-command.ts';
import { InputError } from '../../../../server/cli/cli-error.ts';

const SECRET = 'a-secret-of-at-least-sixteen-characters';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const INVITE: Invite = {
  workspace: 'acme',
  role: 'editor',
  name: 'Ana Lima',
  expiresAt: NOW + 7 * 24 * 3600 * 1000,
};

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fulcrum-secret-'));
  dirs.push(dir);
  return dir;
}

describe('invite tokens', () => {
  it('round-trips workspace, role, name and expiry (to the second)', () => {
    const token = signInvite(SECRET, { ...INVITE, expiresAt: INVITE.expiresAt + 999 });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyInvite(SECRET, token, NOW)).toEqual({ ok: true, invite: INVITE });
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
    // A hand-made payload, signed the way signInvite signs.
    const sign = (payload: unknown) => {
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
    };
    for (const payload of [
      { w: 'acme', r: 'owner', n: 'A', e: 2e9 },
      { w: '../../../etc', r: 'editor', n: 'A', e: 2e9 },
      { w: 'acme', r: 'editor', n: '', e: 2e9 },
      { w: 'acme', r: 'editor', n: 'A', e: 'never' },
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
    const url = new URL(output.trim());
    expect(url.origin).toBe('https://plan.example.com');
    const secret = await loadSecret(dir, {});
    expect(verifyInvite(secret, url.searchParams.get('token'), NOW)).toEqual({
      ok: true,
      invite: { workspace: 'acme', role: 'viewer', name: 'Ana', expiresAt: NOW + 3 * 86_400_000 },
    });
  });

  it('defaults to the demo workspace, 7 days and http://localhost:$PORT', async () => {
    const output = await inviteCommand(
      ['--role', 'editor', '--name', 'Ben'],
      { FULCRUM_SECRET: SECRET, PORT: '9090' },
      NOW,
    );
    const url = new URL(output.trim());
    expect(url.origin).toBe('http://localhost:9090');
    const check = verifyInvite(SECRET, url.searchParams.get('token'), NOW);
    expect(check.ok && check.invite).toMatchObject({
      workspace: 'demo',
      expiresAt: NOW + 7 * 86_400_000,
    });
  });

  it('reports every problem with the arguments, one per line', async () => {
    const error = await inviteCommand(['--role', 'owner', '--days', '0', '--url', 'ftp://x'], {
      FULCRUM_SECRET: SECRET,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).lines).toEqual([
      'fulcrum invite: --role must be facilitator, editor, viewer, got "owner"',
      'fulcrum invite: --name is required: the name others will see',
      'fulcrum invite: --url must be an http(s) URL, got "ftp://x"',
      'fulcrum invite: --days must be an integer from 1 to 3650, got "0"',
    ]);
  });
});
